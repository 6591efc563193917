"""Behaviour of scraper.fetch against a real local HTTP server (pytest-httpserver), no httpx mocks."""

from __future__ import annotations

import socket
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scraper.fetch import FetchRequest, FetchSettings, fetch_all, fetch_one

# Tiny waits so the whole file runs in a few seconds.
FAST = FetchSettings(timeout=0.3, connect_timeout=0.3, backoff=0.01, max_retry_after=2.0)


@pytest.fixture(scope="module")
def threaded_server():
    """The stock `httpserver` answers one request at a time; slow-endpoint tests need parallel answers."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def tserver(threaded_server):
    threaded_server.clear()
    return threaded_server


def sleeper(seconds: float, body: str = "slow"):
    def handler(_request: Request) -> Response:
        time.sleep(seconds)
        return Response(body)

    return handler


def test_plain_200_returns_body_validators_and_sends_ftwatch_user_agent(httpserver):
    httpserver.expect_request("/models").respond_with_data(
        "# Deprecations\n",
        content_type="text/markdown; charset=utf-8",
        headers={"ETag": 'W/"v1"', "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"},
    )
    r = fetch_one(FetchRequest("openai", httpserver.url_for("/models")), FAST)

    assert r.ok and r.error is None
    assert (r.status, r.body, r.not_modified, r.attempts) == (200, b"# Deprecations\n", False, 1)
    assert r.content_type == "text/markdown; charset=utf-8"
    assert (r.etag, r.last_modified) == ('W/"v1"', "Wed, 21 Oct 2015 07:28:00 GMT")
    assert r.final_url == r.url and r.elapsed_ms >= 0
    sent = httpserver.log[0][0].headers
    assert sent["User-Agent"].startswith("ftwatch/") and "model retirement monitor" in sent["User-Agent"]
    assert sent["Accept"].startswith("text/markdown")
    assert "If-None-Match" not in sent and "If-Modified-Since" not in sent


def test_conditional_get_304_is_not_modified_and_keeps_old_validators(httpserver):
    etag, lm = 'W/"abc-123"', "Wed, 21 Oct 2015 07:28:00 GMT"
    httpserver.expect_request(
        "/page", headers={"If-None-Match": etag, "If-Modified-Since": lm}
    ).respond_with_data("", status=304)
    r = fetch_one(FetchRequest("openai", httpserver.url_for("/page"), etag=etag, last_modified=lm), FAST)

    assert r.ok and r.not_modified and r.body is None and r.status == 304
    assert (r.etag, r.last_modified) == (etag, lm)


def test_one_timeout_does_not_affect_other_sources(tserver):
    tserver.expect_request("/a").respond_with_data("A")
    tserver.expect_request("/slow").respond_with_handler(sleeper(0.6))
    tserver.expect_request("/b").respond_with_data("B")
    settings = FetchSettings(timeout=0.2, connect_timeout=0.5, backoff=0.01)
    reqs = [FetchRequest(n, tserver.url_for(f"/{n}")) for n in ("a", "slow", "b")]

    a, slow, b = fetch_all(reqs, settings)

    assert (a.name, a.body, b.name, b.body) == ("a", b"A", "b", b"B") and a.ok and b.ok
    assert not slow.ok and slow.body is None and slow.status is None
    assert slow.attempts == settings.retries + 1
    assert slow.error.startswith(f"{slow.url}: timed out after 3 attempts (read timeout 0.2s)")


def test_503_twice_then_200_succeeds_on_third_attempt(httpserver):
    for _ in range(2):
        httpserver.expect_ordered_request("/flaky").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/flaky").respond_with_data("fine")
    r = fetch_one(FetchRequest("x", httpserver.url_for("/flaky")), FAST)

    assert r.ok and r.body == b"fine" and r.status == 200 and r.attempts == 3


def test_500_forever_gives_up_with_status_and_attempt_count(httpserver):
    httpserver.expect_request("/broken").respond_with_data("oops", status=500)
    r = fetch_one(FetchRequest("x", httpserver.url_for("/broken")), FAST)

    assert not r.ok and r.body is None and r.status == 500 and r.attempts == 3
    assert "HTTP 500 Internal Server Error after 3 attempts" in r.error
    assert len(httpserver.log) == 3


def test_429_with_short_retry_after_is_honoured_then_succeeds(httpserver):
    httpserver.expect_ordered_request("/rl").respond_with_data("", status=429, headers={"Retry-After": "0"})
    httpserver.expect_ordered_request("/rl").respond_with_data("ok")
    r = fetch_one(FetchRequest("x", httpserver.url_for("/rl")), FAST)

    assert r.ok and r.body == b"ok" and r.attempts == 2


@pytest.mark.parametrize(
    ("status", "retry_after"),
    [
        (429, "3600"),
        (503, format_datetime(datetime.now(timezone.utc) + timedelta(hours=1), usegmt=True)),
    ],
    ids=["429-seconds", "503-http-date"],
)
def test_retry_after_over_the_cap_fails_fast(httpserver, status, retry_after):
    httpserver.expect_request("/rl").respond_with_data("", status, headers={"Retry-After": retry_after})
    start = time.monotonic()
    r = fetch_one(FetchRequest("x", httpserver.url_for("/rl")), FAST)

    assert time.monotonic() - start < 1.0
    assert not r.ok and r.attempts == 1 and r.status == status
    assert "Retry-After" in r.error and "fetch.max_retry_after" in r.error


def test_body_over_the_cap_is_an_error_and_exactly_at_the_cap_is_fine(httpserver):
    httpserver.expect_request("/big").respond_with_data(b"x" * 1001)
    httpserver.expect_request("/exact").respond_with_data(b"x" * 1000)
    settings = FetchSettings(max_bytes=1000, backoff=0.01)
    reqs = [FetchRequest(n, httpserver.url_for(f"/{n}")) for n in ("big", "exact")]
    big, exact = fetch_all(reqs, settings)

    assert not big.ok and big.body is None and big.attempts == 1
    assert "larger than the 1,000-byte limit (fetch.max_bytes)" in big.error
    assert exact.ok and exact.body == b"x" * 1000


def test_streamed_body_over_the_cap_is_cut_off(httpserver):
    chunk, total_chunks, sent = b"y" * 65536, 1600, []  # 100 MiB on offer, 256 KiB allowed

    def stream(_request: Request) -> Response:
        def generate():
            for _ in range(total_chunks):
                sent.append(1)
                yield chunk

        return Response(generate(), content_type="text/plain")

    httpserver.expect_request("/stream").respond_with_handler(stream)
    r = fetch_one(FetchRequest("x", httpserver.url_for("/stream")), FetchSettings(max_bytes=256 * 1024))

    assert not r.ok and r.body is None and "262,144-byte limit" in r.error
    assert len(sent) < total_chunks  # the client hung up instead of downloading it all


def test_404_is_not_retried_and_points_at_the_config(httpserver):
    httpserver.expect_request("/gone").respond_with_data("nope", status=404)
    r = fetch_one(FetchRequest("openai", httpserver.url_for("/gone")), FAST)

    assert not r.ok and r.status == 404 and r.attempts == 1 and len(httpserver.log) == 1
    assert r.error.startswith(f"{r.url}: HTTP 404 Not Found")
    assert "sources.openai.url in ftwatch.yaml" in r.error


def test_connection_refused_is_an_error_not_an_exception():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = fetch_one(FetchRequest("x", f"http://127.0.0.1:{port}/"), FAST)

    assert not r.ok and r.status is None and r.body is None and r.attempts == 3
    assert "connection failed after 3 attempts" in r.error


def test_redirect_is_followed_and_final_url_recorded(httpserver):
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("moved here")
    r = fetch_one(FetchRequest("x", httpserver.url_for("/old")), FAST)

    assert r.ok and r.body == b"moved here"
    assert r.url.endswith("/old") and r.final_url == httpserver.url_for("/new")


def test_redirect_loop_is_an_error_not_a_hang(httpserver):
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    r = fetch_one(FetchRequest("openai", httpserver.url_for("/loop")), FAST)

    assert not r.ok and r.attempts == 1 and len(httpserver.log) == 6
    assert "more than 5 redirects" in r.error and "sources.openai.url" in r.error


def test_sources_are_fetched_concurrently(tserver):
    n, delay = 6, 0.3
    for i in range(n):
        tserver.expect_request(f"/p{i}").respond_with_handler(sleeper(delay, str(i)))
    reqs = [FetchRequest(f"p{i}", tserver.url_for(f"/p{i}")) for i in range(n)]

    start = time.monotonic()
    results = fetch_all(reqs, FetchSettings(timeout=5, concurrency=n))
    took = time.monotonic() - start

    assert [r.body for r in results] == [str(i).encode() for i in range(n)]
    assert took < n * delay * 0.8


def test_userinfo_is_stripped_from_error_messages(httpserver):
    httpserver.expect_request("/private").respond_with_data("", status=404)
    url = httpserver.url_for("/private").replace("http://", "http://bob:s3cret@")
    r = fetch_one(FetchRequest("x", url), FAST)

    assert not r.ok and r.url == url
    assert "s3cret" not in r.error and "bob" not in r.error
    assert r.error.startswith(httpserver.url_for("/private") + ": HTTP 404")
