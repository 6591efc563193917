"""The scheduled GitHub workflow and the composite action, checked offline.

zizmor audits the workflow files; then the action's own `run:` steps are executed, in order,
the way a runner would (inputs and step outputs substituted, GITHUB_OUTPUT/STEP_SUMMARY
files, a local bare repository as `origin`), against the local fixture server and a local
Apprise receiver: first run, a second run on a fresh runner, and a run after the state
branch was lost.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import PAGES, serve_pages

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def load(path: Path) -> dict:
    # PyYAML reads the key `on:` as True.
    return yaml.load(path.read_text(), Loader=yaml.BaseLoader)


def test_workflows_pass_zizmor_offline():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--config", ".github/zizmor.yml", ".github/workflows",
                             "action.yml"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_schedule_concurrency_and_least_permissions():
    flow = load(ROOT / ".github/workflows/ftwatch.yml")
    cron = flow["on"]["schedule"][0]["cron"]
    assert cron.split()[0] not in ("0", "*"), "not on the hour: the busiest minute"
    assert "workflow_dispatch" in flow["on"]
    assert flow["concurrency"]["cancel-in-progress"] == "false"
    assert flow["permissions"] == {}
    job = flow["jobs"]["poll"]
    assert job["permissions"] == {"contents": "write"}
    step = next(s for s in job["steps"] if s.get("uses") == "./")
    assert step["with"]["apprise-urls"] == "${{ secrets.APPRISE_URLS }}"
    action = load(ROOT / "action.yml")
    assert action["runs"]["using"] == "composite"
    assert {"registry", "apprise-urls", "thresholds", "fail-on"} <= set(action["inputs"])
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), "expressions go through env:, never into scripts"


class Runner:
    """Executes action.yml's run steps like a GitHub runner would."""

    def __init__(self, workdir: Path, temp: Path, inputs: dict[str, str]):
        self.workdir, self.temp, self.inputs = workdir, temp, inputs
        self.outputs: dict[str, dict[str, str]] = {}
        self.logs: dict[str, str] = {}
        self.summary = temp / "summary.md"

    def value(self, text: str) -> str:
        def sub(match: re.Match) -> str:
            expr = match.group(1)
            if expr.startswith("inputs."):
                return self.inputs[expr[len("inputs."):]]
            if expr == "github.action_path":
                return str(ROOT)
            if expr == "runner.temp":
                return str(self.temp)
            step, _, name = expr[len("steps."):].partition(".outputs.")
            return self.outputs.get(step, {}).get(name, "")
        return EXPRESSION.sub(sub, text)

    def condition(self, text: str | None) -> bool:
        """The `if:` forms action.yml uses: inputs.NAME != 'x' / == 'x'."""
        if not text:
            return True
        name, op, right = re.fullmatch(r"inputs\.([\w-]+)\s*(!=|==)\s*'(.*)'", text.strip()).groups()
        return (self.inputs[name] != right) if op == "!=" else (self.inputs[name] == right)

    def run(self) -> int:
        steps = load(ROOT / "action.yml")["runs"]["steps"]
        code = 0
        for step in steps:
            if "uses" in step:
                continue  # actions/setup-python: the test already runs in a Python with ftwatch
            if step.get("id") == "install":
                venv_bin = self.temp / "ftwatch-venv" / "bin"
                venv_bin.mkdir(parents=True, exist_ok=True)
                target = venv_bin / "ftwatch"
                if not target.exists():
                    target.symlink_to(BIN / "ftwatch")
                continue
            if not self.condition(step.get("if")):
                continue
            output = self.temp / f"output-{step.get('id', 'step')}"
            output.write_text("")
            env = {k: v for k, v in os.environ.items() if not k.startswith(("FTWATCH", "APPRISE"))}
            env.update(RUNNER_TEMP=str(self.temp), GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(self.summary),
                       GITHUB_ACTIONS="true", PATH=f"{BIN}{os.pathsep}{env['PATH']}",
                       FTWATCH_NOW="2026-07-01")  # the page copies' time, so the figures do not drift
            env.update({k: self.value(v) for k, v in (step.get("env") or {}).items()})
            done = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=self.workdir, env=env,
                                  capture_output=True, text=True, timeout=120)
            self.logs[step.get("id") or step["name"]] = done.stdout + done.stderr
            if step.get("id"):
                self.outputs[step["id"]] = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
            code = done.returncode
            if code != 0:
                break
        return code


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def clone(origin: Path, where: Path) -> Path:
    git("clone", "--quiet", str(origin), str(where), cwd=origin.parent)
    git("config", "user.email", "dev@example.com", cwd=where)
    git("config", "user.name", "dev", cwd=where)
    return where


def test_the_action_steps_run_in_order_against_the_fixture_server(tmp_path, httpserver, receiver):
    urls = serve_pages(httpserver, {k: PAGES[k] for k in ("openai", "azure", "bedrock")})
    httpserver.expect_request("/ping").respond_with_data("ok")
    origin = tmp_path / "origin.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(origin), cwd=tmp_path)
    seed = clone(origin, tmp_path / "seed")
    (seed / "model-registry.yaml").write_text((ROOT / "data/model-registry.example.yaml").read_text())
    lines = ["sources:"] + [f"  {name}: {{url: '{urls[name]}'}}" if name in urls else f"  {name}: {{enabled: false}}"
                            for name in _all_sources()]
    (seed / "ftwatch.yaml").write_text("\n".join(lines) + "\nfetch: {retries: 0}\n")
    git("add", ".", cwd=seed)
    git("commit", "--quiet", "-m", "registry", cwd=seed)
    git("push", "--quiet", "origin", "HEAD:main", cwd=seed)
    inputs = {"registry": "model-registry.yaml", "config": "ftwatch.yaml", "apprise-urls": receiver.url,
              "apprise-config": "", "thresholds": "", "within-days": "120", "fail-on": "broken",
              "state-branch": "ftwatch-state", "dry-run": "false", "heartbeat-url": httpserver.url_for("/ping")}

    def fresh_runner(name: str) -> Runner:
        return Runner(clone(origin, tmp_path / name), tmp_path / f"{name}-temp", inputs)

    first = fresh_runner("run1")
    (first.temp).mkdir()
    assert first.run() == 0, first.logs
    assert "no ftwatch-state branch yet" in first.logs["restore"]
    summary = first.summary.read_text()
    assert summary.startswith("### ftwatch: 7 fine-tune(s) as of 2026-07-01")
    assert "| claims-summarizer | `bedrock/anthropic.claude-3-haiku-20240307-v1:0` |" in summary
    assert "::warning title=ftwatch%3A claims-summarizer::base bedrock/anthropic.claude-3-haiku-20240307-v1:0 retires 2026-09-10 (71 days left)" in first.logs["summary"]
    assert "::error title=ftwatch%3A product-tagger::" not in first.logs["summary"]  # due is a warning, not an error
    assert "saved the store to ftwatch-state" in first.logs["persist"]
    files = git("ls-tree", "--name-only", "ftwatch-state", cwd=origin).split()
    assert files == ["ftwatch.db", "ftwatch.json"]
    digests = len(receiver.posts)
    assert digests >= 3 and all(p["title"].startswith("ftwatch digest") for p in receiver.posts)
    assert len([r for r in httpserver.log if r[0].path == "/ping"]) == 1

    second = fresh_runner("run2")
    second.temp.mkdir()
    assert second.run() == 0, second.logs
    assert "restored the store from ftwatch-state" in second.logs["restore"]
    assert len(receiver.posts) == digests, "a new runner with the restored store sends nothing again"

    git("branch", "-D", "ftwatch-state", cwd=origin)  # state lost
    third = fresh_runner("run3")
    third.temp.mkdir()
    assert third.run() == 0, third.logs
    assert len(receiver.posts) == 2 * digests, "a rebuilt store sends one digest per owner, not a storm"


def _all_sources():
    from sources import all_sources

    return list(all_sources())


def test_dry_run_input_skips_the_state_push(tmp_path, httpserver):
    urls = serve_pages(httpserver, {"openai": PAGES["openai"]})
    origin = tmp_path / "origin.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(origin), cwd=tmp_path)
    seed = clone(origin, tmp_path / "seed")
    (seed / "model-registry.yaml").write_text("fine_tunes: []\n")
    (seed / "ftwatch.yaml").write_text("sources:\n" + "".join(
        f"  {n}: {{url: '{urls[n]}'}}\n" if n in urls else f"  {n}: {{enabled: false}}\n" for n in _all_sources()))
    git("add", ".", cwd=seed)
    git("commit", "--quiet", "-m", "x", cwd=seed)
    git("push", "--quiet", "origin", "HEAD:main", cwd=seed)
    inputs = {"registry": "model-registry.yaml", "config": "ftwatch.yaml", "apprise-urls": "", "apprise-config": "",
              "thresholds": "90,30", "within-days": "30", "fail-on": "due", "state-branch": "ftwatch-state",
              "dry-run": "true", "heartbeat-url": ""}
    runner = Runner(clone(origin, tmp_path / "run"), tmp_path / "temp", inputs)
    runner.temp.mkdir()
    assert runner.run() == 0, runner.logs
    assert "persist" not in runner.logs
    assert "dry run: nothing was sent or stored" in runner.logs["poll"]
    assert git("branch", "--list", "ftwatch-state", cwd=origin).strip() == ""
    shutil.rmtree(runner.temp)
