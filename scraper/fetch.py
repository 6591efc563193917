"""Fetch provider pages for `ftwatch poll`.

This is the only module that imports httpx. Everything network-shaped (timeouts, retries,
conditional GETs, the size cap) stays here, so the rest of ftwatch deals in plain FetchResult
values, and one slow, broken or huge provider page can never crash or stall the poll of the others.
"""

from __future__ import annotations

import asyncio
import email.utils
import importlib.metadata
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus

import httpx

ACCEPT = "text/markdown, text/plain;q=0.9, text/html;q=0.8, application/json;q=0.8, */*;q=0.5"
MAX_REDIRECTS = 5
RETRY_LATER = "the next poll retries"


def _version() -> str:
    try:
        return importlib.metadata.version("ftwatch")
    except importlib.metadata.PackageNotFoundError:  # running from a bare checkout
        return "0"


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0
    connect_timeout: float = 5.0
    max_bytes: int = 5_000_000
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 60.0
    concurrency: int = 8
    # Providers' operators should be able to see who polls them and why, and reach us.
    user_agent: str = f"ftwatch/{_version()} (+https://github.com/ftwatch/ftwatch; model retirement monitor)"


@dataclass(frozen=True)
class FetchRequest:
    name: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    headers: tuple[tuple[str, str], ...] = ()  # e.g. an API key; never logged or echoed


@dataclass(frozen=True)
class FetchResult:
    name: str
    url: str
    final_url: str
    status: int | None
    body: bytes | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    error: str | None
    attempts: int
    elapsed_ms: int

    @property
    def ok(self) -> bool:
        return self.error is None


class _Retryable(Exception):
    """A failure that may pass if we try again; reported as "<what> after N attempts<detail>; <advice>"."""

    def __init__(self, what: str, advice: str, retry_after: float | None = None, detail: str = ""):
        super().__init__(what)
        self.what, self.advice, self.retry_after, self.detail = what, advice, retry_after, detail


class _Fatal(Exception):
    """A failure that retrying cannot fix (wrong url, page too big): report it at once."""


@dataclass
class _Seen:
    """What the server last told us, kept across attempts so a failed result still says how far it got."""

    status: int | None
    final_url: str


def fetch_all(requests: list[FetchRequest], settings: FetchSettings = FetchSettings()) -> list[FetchResult]:
    """All requests concurrently (asyncio + one httpx.AsyncClient, bounded by a semaphore of
    settings.concurrency); results in input order; one failing source never affects the others
    and nothing raises."""
    return asyncio.run(_fetch_all(requests, settings)) if requests else []


def fetch_one(request: FetchRequest, settings: FetchSettings = FetchSettings()) -> FetchResult:
    """Convenience: fetch_all([request])[0]."""
    return fetch_all([request], settings)[0]


async def _fetch_all(requests: list[FetchRequest], s: FetchSettings) -> list[FetchResult]:
    # One client so connections to the same provider host are reused across sources.
    async with httpx.AsyncClient(
        headers={"User-Agent": s.user_agent, "Accept": ACCEPT},
        timeout=httpx.Timeout(s.timeout, connect=s.connect_timeout),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
    ) as client:
        slots = asyncio.Semaphore(max(1, s.concurrency))
        return list(await asyncio.gather(*(_fetch(client, slots, r, s) for r in requests)))


async def _fetch(
    client: httpx.AsyncClient, slots: asyncio.Semaphore, req: FetchRequest, s: FetchSettings
) -> FetchResult:
    start = time.monotonic()
    seen = _Seen(status=None, final_url=req.url)
    attempts, error, result = 0, None, None
    try:
        while result is None and error is None:
            attempts += 1
            try:
                async with slots:  # held per attempt, not across backoff, so others use the slot meanwhile
                    result = await _attempt(client, req, s, seen)
            except _Retryable as exc:
                wait = exc.retry_after if exc.retry_after is not None else s.backoff * 2 ** (attempts - 1)
                if attempts > s.retries:
                    tries = f"{attempts} attempt{'s' * (attempts > 1)}"
                    error = f"{exc.what} after {tries}{exc.detail}; {exc.advice}"
                elif exc.retry_after is not None and wait > s.max_retry_after:
                    error = (
                        f"{exc.what} asked to wait {wait:,.0f}s (Retry-After), more than the "
                        f"{s.max_retry_after:g}s cap (fetch.max_retry_after), so gave up without waiting; "
                        f"{RETRY_LATER}"
                    )
                else:
                    await asyncio.sleep(wait)
    except _Fatal as exc:
        error = str(exc)
    except Exception as exc:  # noqa: BLE001 - a bug or odd input in one source must not sink the poll
        error = f"unexpected {type(exc).__name__}: {exc}; please report this as an ftwatch bug"
    kw = result or dict(body=None, content_type=None, etag=None, last_modified=None, not_modified=False)
    return FetchResult(
        name=req.name,
        url=req.url,
        final_url=seen.final_url,
        status=seen.status,
        error=None if error is None else _redact(f"{req.url}: {error}"),
        attempts=attempts,
        elapsed_ms=int((time.monotonic() - start) * 1000),
        **kw,
    )


async def _attempt(client: httpx.AsyncClient, req: FetchRequest, s: FetchSettings, seen: _Seen) -> dict:
    """One GET. Returns FetchResult fields on success; raises _Retryable or _Fatal otherwise."""
    headers = dict(req.headers)
    if req.etag is not None:
        headers["If-None-Match"] = req.etag
    if req.last_modified is not None:
        headers["If-Modified-Since"] = req.last_modified
    try:
        async with client.stream("GET", req.url, headers=headers) as resp:
            seen.status, seen.final_url = resp.status_code, str(resp.url)
            h = resp.headers
            if resp.status_code == 304:  # a 304 may omit validators; the old ones are still valid
                return dict(body=None, content_type=None, not_modified=True, etag=h.get("etag", req.etag),
                            last_modified=h.get("last-modified", req.last_modified))
            _check_status(resp, req.name)
            body = await _read_capped(resp, s.max_bytes)
            return dict(body=body, content_type=h.get("content-type"), not_modified=False,
                        etag=h.get("etag"), last_modified=h.get("last-modified"))
    except httpx.TimeoutException as exc:
        kind, secs = {
            httpx.ConnectTimeout: ("connect", s.connect_timeout),
            httpx.WriteTimeout: ("write", s.timeout),
            httpx.PoolTimeout: ("pool", s.timeout),
        }.get(type(exc), ("read", s.timeout))
        raise _Retryable("timed out", f"the provider may be slow or down — {RETRY_LATER}",
                         detail=f" ({kind} timeout {secs:g}s)") from exc
    except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        raise _Retryable("connection failed", f"check the host name and your network — {RETRY_LATER}",
                         detail=f" ({type(exc).__name__}: {exc or 'no detail'})") from exc
    except httpx.TooManyRedirects as exc:
        seen.final_url = str(exc.request.url)
        raise _Fatal(f"more than {MAX_REDIRECTS} redirects (gave up at {seen.final_url}); "
                     f"set sources.{req.name}.url in ftwatch.yaml to the page's final address") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise _Fatal(f"not a fetchable URL ({exc}); fix sources.{req.name}.url in ftwatch.yaml") from exc
    except httpx.DecodingError as exc:
        raise _Fatal(f"the response body could not be decoded ({exc}); {RETRY_LATER}") from exc


def _check_status(resp: httpx.Response, name: str) -> None:
    """Turn a non-2xx status into the right failure: 429/5xx are the provider's bad moment, the rest ours."""
    code = resp.status_code
    if resp.is_success:
        return
    try:
        what = f"HTTP {code} {HTTPStatus(code).phrase}"
    except ValueError:
        what = f"HTTP {code}"
    if code == 429:
        raise _Retryable(what, f"the provider is rate-limiting ftwatch, so poll less often — {RETRY_LATER}",
                         _retry_after(resp.headers.get("retry-after")))
    if code >= 500:
        retry_after = _retry_after(resp.headers.get("retry-after")) if code == 503 else None
        raise _Retryable(what, f"the provider's server is failing — {RETRY_LATER}", retry_after)
    if code in (401, 403):
        raise _Fatal(f"{what}; the provider refuses this client, check the page opens in a browser "
                     f"or set sources.{name}.url in ftwatch.yaml")
    if code in (404, 410):
        raise _Fatal(f"{what}; the page moved? set sources.{name}.url in ftwatch.yaml")
    raise _Fatal(f"{what}; unexpected response, check sources.{name}.url in ftwatch.yaml")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent or garbled."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; some servers drop the zone
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


async def _read_capped(resp: httpx.Response, max_bytes: int) -> bytes:
    """Read the decoded body but stop past max_bytes, so a runaway or gzip-bomb page cannot eat memory."""
    chunks, size = [], 0
    async for chunk in resp.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _Fatal(f"response is larger than the {max_bytes:,}-byte limit (fetch.max_bytes); "
                         "raise the limit in ftwatch.yaml if the page really grew")
        chunks.append(chunk)
    return b"".join(chunks)


def _redact(message: str) -> str:
    """Drop `user:pass@` from every URL in a message: errors end up in logs and notifications."""
    return re.sub(r"(?<=://)[^/\s@]+@", "", message)
