"""The ``ftwatch`` command line. It only wires: every decision lives in a module below it.

Exit codes: 0 all good; 1 something needs a human (a source failed or broke, the registry has
problems, a channel is down, or ``check`` found a base near retirement); 2 usage or
configuration error.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from datetime import date, datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click

from scraper import guard

try:
    guard.check()
except guard.ForeignPackageError as _error:  # pragma: no cover - exercised in a subprocess test
    sys.stderr.write(f"ftwatch: {_error}\n")
    raise SystemExit(2)

from notifier.channels import ChannelConfigError, Channels  # noqa: E402
from scraper import export as exporting  # noqa: E402
from scraper import feeds, gate, ics, report  # noqa: E402
from scraper.poll import catalog, run_poll  # noqa: E402
from scraper.registry import load_registry  # noqa: E402
from scraper.settings import Settings, SettingsError, load_settings  # noqa: E402
from scraper.store import Store  # noqa: E402
from scraper.events import Ack  # noqa: E402
from scraper.yamlfile import YamlFileError, did_you_mean  # noqa: E402
from sources import all_sources  # noqa: E402
from sources.record import Document  # noqa: E402

CONFIG_FILE = "ftwatch.yaml"


def _version() -> str:
    try:
        return version("ftwatch")
    except PackageNotFoundError:  # running from a source tree without install
        return "0+unknown"


class Context:
    """Options shared by every command, resolved lazily so `--help` never reads files."""

    def __init__(self, config: str | None, db: str | None, registry: str | None, thresholds: tuple[int, ...] | None):
        self.config_path, self.db_path, self.registry_path = config, db, registry
        self.thresholds = thresholds
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            path = self.config_path or (CONFIG_FILE if Path(CONFIG_FILE).exists() else None)
            try:
                self._settings = load_settings(path, known_sources=set(all_sources()))
            except (SettingsError, YamlFileError) as error:
                raise click.UsageError("invalid settings:\n" + "\n".join(f"  {p}" for p in error.problems))
            if self.thresholds:
                self._settings = replace(self._settings, thresholds=self.thresholds)
        return self._settings

    @property
    def db(self) -> str:
        return self.db_path or self.settings.db

    @property
    def registry(self) -> str:
        return self.registry_path or self.settings.registry

    def providers(self) -> set[str]:
        return {s.provider for s in catalog(self.settings).values()}

    def load_registry(self):
        return load_registry(self.registry, self.providers())

    def store(self) -> Store:
        return Store(self.db)


pass_context = click.make_pass_decorator(Context)


def _thresholds(value: str | None) -> tuple[int, ...] | None:
    if not value:
        return None
    try:
        days = sorted({int(part) for part in value.replace(" ", "").split(",") if part}, reverse=True)
    except ValueError:
        raise click.BadParameter(f"{value!r}: write whole days separated by commas, e.g. 90,30,7", param_hint="--thresholds")
    if not days or days[-1] <= 0:
        raise click.BadParameter("thresholds are days > 0", param_hint="--thresholds")
    return tuple(days)


def _today(now: str | None) -> date:
    if now is None:
        return date.today()
    try:
        return date.fromisoformat(now)
    except ValueError:
        raise click.BadParameter(f"{now!r} is not a date; write YYYY-MM-DD", param_hint="--now")


NOW_OPTION = click.option(
    "--now", metavar="YYYY-MM-DD", envvar="FTWATCH_NOW", show_envvar=True,
    help="Pretend today is this date for every date calculation (replay, tests, demos).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(_version(), prog_name="ftwatch")
@click.option("--config", "config", metavar="PATH", envvar="FTWATCH_CONFIG", show_envvar=True,
              help="Settings file (default: ./ftwatch.yaml if present, else built-in defaults).")
@click.option("--db", metavar="PATH", envvar="FTWATCH_DB", show_envvar=True,
              help="SQLite store (default: data/ftwatch.db or `db` in ftwatch.yaml).")
@click.option("--registry", metavar="PATH", envvar="FTWATCH_REGISTRY", show_envvar=True,
              help="The team's model registry (default: model-registry.yaml).")
@click.option("--thresholds", metavar="DAYS,...", envvar="FTWATCH_THRESHOLDS", show_envvar=True,
              callback=lambda ctx, param, value: _thresholds(value),
              help="Alert days before retirement, overriding ftwatch.yaml (default 180,90,60,30,14,7,1).")
@click.pass_context
def cli(ctx: click.Context, config: str | None, db: str | None, registry: str | None,
        thresholds: tuple[int, ...] | None) -> None:
    """ftwatch: know when the base model under your fine-tune retires, before it does.

    Polls provider deprecation pages, keeps every retirement fact in SQLite, holds them
    against your model-registry.yaml and notifies owners through Apprise.
    """
    ctx.obj = Context(config, db, registry, thresholds)


@cli.command()
@click.option("--dry-run", is_flag=True, envvar="FTWATCH_DRY_RUN", help="Compute and print events; send and store nothing.")
@NOW_OPTION
@pass_context
def poll(obj: Context, dry_run: bool, now: str | None) -> None:
    """Fetch every enabled source, store what changed, and notify owners.

    \b
    Example:
      APPRISE_URLS=json://127.0.0.1:8080/hook ftwatch poll
      ftwatch poll --dry-run --now 2026-09-01
    """
    today = _today(now)
    registry = obj.load_registry()
    channels = None if dry_run else _channels(obj)
    with obj.store() as store, report.progress() as progress:
        result = run_poll(store, obj.settings, registry, today, channels, dry_run=dry_run, progress=progress)
    report.poll_summary(result, registry)
    sys.exit(result.exit_code)


def _channels(obj: Context) -> Channels:
    try:
        return Channels.from_environment(obj.settings.apprise_config)
    except ChannelConfigError as error:
        raise click.UsageError(str(error))


@cli.command()
@NOW_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True,
              help="table for people, json for programs, markdown for job summaries and chat.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@pass_context
def status(obj: Context, now: str | None, fmt: str, as_json: bool) -> None:
    """Per registered fine-tune: base, retirement date, days left, replacement, owner."""
    today = _today(now)
    registry = obj.load_registry()
    with obj.store() as store:
        rows = report.status_rows(store, obj.settings, registry, today)
    if as_json or fmt == "json":
        click.echo(json.dumps({"schema_version": 1, "today": today.isoformat(), "fine_tunes": rows}, indent=2))
    elif fmt == "markdown":
        click.echo(report.status_markdown(rows, today), nl=False)
    else:
        report.status_table(rows, today)
    report.registry_problems(registry)


def _in_github(flag: bool | None) -> bool:
    return flag if flag is not None else os.environ.get("GITHUB_ACTIONS") == "true"


@cli.command()
@click.option("--within", type=click.IntRange(min=0), default=30, show_default=True, metavar="DAYS",
              help="Fail when a base retires, or its fine-tuning ends, within DAYS.")
@click.option("--max-age", type=click.FloatRange(min=0), metavar="HOURS",
              help="Also fail when the last completed poll is older than HOURS (a heartbeat).")
@click.option("--github/--no-github", default=None, help="Emit GitHub annotations (default: when in GitHub Actions).")
@NOW_OPTION
@pass_context
def check(obj: Context, within: int, max_age: float | None, github: bool | None, now: str | None) -> None:
    """A gate for CI and cron: exit 0 when nothing is due, 1 when action is needed, 2 on bad usage.

    Action is needed when a registered fine-tune's base retires (or its fine-tuning is cut
    off) within DAYS, is already retired, a source is broken, or (with --max-age) polling
    has stopped. An ack turns a fine-tune's finding into a warning.

    \b
    Example:
      ftwatch check --within 30 --max-age 24
    """
    today = _today(now)
    registry = obj.load_registry()
    with obj.store() as store:
        rows = report.status_rows(store, obj.settings, registry, today)
        found = gate.check(rows, store.source_rows(), within, today, store.acks())
        if max_age is not None:
            stale = gate.heartbeat(store.get_meta("last_poll_completed_at"), max_age)
            found += [stale] if stale else []
    report.findings(found, github=_in_github(github))
    report.registry_problems(registry)
    errors = sum(1 for f in found if f.level == "error")
    click.echo(f"ftwatch check: {errors} need action, {len(found) - errors} warning(s)", err=True)
    sys.exit(1 if errors or registry.problems else 0)


@cli.command()
@click.argument("source_name", metavar="SOURCE")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the records as a JSON array (the stable parse contract).")
@click.option("--url", help="Address to record as source_url (default: the source's production address).")
@pass_context
def parse(obj: Context, source_name: str, file: Path, as_json: bool, url: str | None) -> None:
    """Run one adapter on a saved page (no network) and print what it reads.

    \b
    Example:
      ftwatch parse openai deprecations.md --json
    """
    known = catalog(obj.settings)
    if source_name not in known:
        raise click.BadParameter(f"unknown source {source_name!r}; known sources: {', '.join(known)}", param_hint="SOURCE")
    source = known[source_name]
    result = source.parse(Document(url or source.url, file.read_bytes()))
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps([r.to_json() for r in result.records], indent=2, ensure_ascii=False))
    else:
        report.records_table(result.records)


@cli.group()
def registry() -> None:
    """Check the model registry."""


@registry.command("validate")
@pass_context
def registry_validate(obj: Context) -> None:
    """Report every problem in the registry with file, line and a fix (exit 1 if any)."""
    loaded = obj.load_registry()
    if loaded.ok:
        click.echo(f"{loaded.path}: {len(loaded.fine_tunes)} fine-tune(s), no problems")
        return
    report.registry_problems(loaded, stream=sys.stdout)
    sys.exit(1)


@registry.command("lint")
@click.option("--since", "since", type=click.Path(dir_okay=False), metavar="FILE",
              help="Only lint fine-tunes not in this older registry (the pull request's base), e.g. "
                   "`git show origin/main:model-registry.yaml > base.yaml`.")
@click.option("--github/--no-github", default=None, help="Emit GitHub annotations (default: when in GitHub Actions).")
@NOW_OPTION
@pass_context
def registry_lint(obj: Context, since: str | None, github: bool | None, now: str | None) -> None:
    """Fail a change that adds a fine-tune on a retiring base, a floating alias, or no owner/runbook.

    Dates come from the store: run it where `ftwatch poll` keeps its state.
    """
    today = _today(now)
    loaded = obj.load_registry()
    only = None
    if since:
        before = load_registry(since, obj.providers()) if Path(since).exists() else None
        only = {ft.name for ft in loaded.fine_tunes} - {ft.name for ft in (before.fine_tunes if before else [])}
    with obj.store() as store:
        rows = report.status_rows(store, obj.settings, loaded, today)
        empty = not store.retirements()
    found = gate.lint(loaded, rows, only)
    if empty:
        click.echo("warning: the store holds no retirement facts yet; run `ftwatch poll` first for date checks", err=True)
    report.findings(found, github=_in_github(github), path=loaded.path)
    errors = sum(1 for f in found if f.level == "error")
    what = f"{len(only)} new fine-tune(s)" if only is not None else f"{len(loaded.fine_tunes)} fine-tune(s)"
    click.echo(f"ftwatch registry lint: {what}, {errors} problem(s)", err=True)
    sys.exit(1 if errors else 0)


@cli.command("sources")
@pass_context
def sources_command(obj: Context) -> None:
    """List sources: address, enabled, last success, last error, rows, consecutive failures."""
    with obj.store() as store:
        report.sources_table(obj.settings, store)


@cli.command()
@click.argument("name")
@click.option("--until", metavar="YYYY-MM-DD", help="Silence until this date (inclusive).")
@click.option("--reason", help="Why: shown in `ftwatch acks` and kept with the ack.")
@click.option("--remove", is_flag=True, help="Lift the ack on NAME now.")
@NOW_OPTION
@pass_context
def ack(obj: Context, name: str, until: str | None, reason: str | None, remove: bool, now: str | None) -> None:
    """Silence a fine-tune's alerts until a date, or until its base's date moves.

    \b
    Example:
      ftwatch ack contract-clause-extractor --until 2026-12-01 --reason "rebuild on gpt-5.1 in progress"
      ftwatch ack contract-clause-extractor --remove
    """
    today = _today(now)
    with obj.store() as store:
        registry = obj.load_registry()
        names = [ft.name for ft in registry.fine_tunes]
        if name not in names:
            hint = did_you_mean(name, names, "fine-tunes in the registry")
            raise click.BadParameter(f"no fine-tune named {name!r} in {registry.path}; {hint}", param_hint="NAME")
        if remove:
            found = store.remove_ack(name)
            click.echo(f"ack on {name} lifted" if found else f"{name} had no ack")
            return
        if not until or not reason:
            raise click.UsageError("an ack needs --until YYYY-MM-DD and --reason TEXT (or --remove)")
        try:
            until_day = date.fromisoformat(until)
        except ValueError:
            raise click.BadParameter(f"{until!r} is not a date; write YYYY-MM-DD", param_hint="--until")
        if until_day < today:
            raise click.BadParameter(f"{until} is already past", param_hint="--until")
        row = next(r for r in report.status_rows(store, obj.settings, registry, today) if r["fine_tune"] == name)
        store.set_ack(Ack(name, until, reason, row["retires_on"]))
    date_text = row["retires_on"] or "no date yet"
    click.echo(f"{name}: alerts silenced until {until}, or until its base's date ({date_text}) moves")


@cli.command()
@NOW_OPTION
@pass_context
def acks(obj: Context, now: str | None) -> None:
    """List acks: fine-tune, until, the date they were given for, reason, and whether they still hold."""
    with obj.store() as store:
        report.acks_table(store.acks(), _today(now))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON array on stdout (the documented, stable form).")
@click.option("--limit", default=50, show_default=True, help="How many recent events.")
@pass_context
def events(obj: Context, as_json: bool, limit: int) -> None:
    """Recent events and the delivery state of each on every channel."""
    with obj.store() as store:
        rows = report.event_rows(store, limit)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        report.events_table(rows)


def _write(text: str, output: str | None) -> None:
    """To a file (created with its folder), or to stdout."""
    if output is None:
        click.echo(text, nl=False)
        return
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    click.echo(f"wrote {path}", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, required=True, help="JSON (the only format; required for clarity).")
@click.option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.")
@pass_context
def export(obj: Context, as_json: bool, output: str | None) -> None:
    """The whole store as one diffable JSON document (stable ordering, no secrets, no page bodies).

    \b
    Example:
      ftwatch export --json --output state/ftwatch.json
    """
    with obj.store() as store:
        data = exporting.export(store)
    _write(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", output)


@cli.command()
@click.option("--output", "-o", metavar="FILE", help="Write the .ics to FILE instead of stdout.")
@NOW_OPTION
@pass_context
def calendar(obj: Context, output: str | None, now: str | None) -> None:
    """An iCalendar file: per fine-tune "start rebuild by", "fine-tuning cutoff" and "base retires".

    UIDs are stable, so a subscribed calendar moves an event when a date is corrected.
    """
    today = _today(now)
    registry = obj.load_registry()
    with obj.store() as store:
        rows = report.status_rows(store, obj.settings, registry, today)
        sequences = ics.sequences_from_store(store)
    _write(ics.calendar_text(rows, registry, today, sequences=sequences), output)


@cli.command()
@click.option("--atom", "atom_file", metavar="FILE", help="Write an Atom feed to FILE.")
@click.option("--json", "json_file", metavar="FILE", help="Write a JSON Feed to FILE.")
@click.option("--limit", default=100, show_default=True, help="Most recent changes to include.")
@click.option("--self-url", metavar="URL", help="Where the Atom feed will be published (its self link).")
@pass_context
def feed(obj: Context, atom_file: str | None, json_file: str | None, limit: int, self_url: str | None) -> None:
    """Feeds of lifecycle changes (new and moved retirement dates) for feed readers and chat apps.

    With neither --atom nor --json, prints the Atom feed.
    """
    with obj.store() as store:
        items = feeds.changes(store, limit)
    generated = datetime.now(timezone.utc)
    if json_file:
        _write(feeds.json_feed(items), json_file)
    if atom_file or not json_file:
        _write(feeds.atom(items, generated, self_url), atom_file)


@cli.command()
@pass_context
def subscriptions(obj: Context) -> None:
    """Channels that watch every new or moved retirement of chosen providers or models."""
    with obj.store() as store:
        report.subscriptions_table(obj.settings, store)


@cli.group()
def notify() -> None:
    """Check notification channels."""


@notify.command("test")
@click.option("--tag", "tags", multiple=True, help="Only channels with this Apprise tag (repeatable).")
@pass_context
def notify_test(obj: Context, tags: tuple[str, ...]) -> None:
    """Send a test message and report, per channel, whether it arrived."""
    channels = _channels(obj)
    if len(channels) == 0:
        raise click.UsageError("no channels configured: set APPRISE_URLS or apprise_config in ftwatch.yaml")
    chosen = channels.for_tags(tags) if tags else channels.all()
    if not chosen:
        raise click.UsageError(f"no channel carries the tag(s) {', '.join(tags)} (untagged channels get everything)")
    results = channels.send("ftwatch test notification",
                            f"This is a test from ftwatch ({channels.source}). If you read this, the channel works.",
                            "info", [c.id for c in chosen])
    report.table(["channel", "result", "error"], [[r.label, "sent" if r.ok else "FAILED", r.error] for r in results])
    sys.exit(0 if all(r.ok for r in results) else 1)


def main() -> None:
    cli(prog_name="ftwatch")


if __name__ == "__main__":  # pragma: no cover
    main()
