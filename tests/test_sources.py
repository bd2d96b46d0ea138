"""Market and GitHub sources against a real HTTP server on 127.0.0.1 (no patching of httpx)."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from generator.fetch.sources import SourcesConfig, fetch_sources, normalise_repo

NOW = datetime(2026, 8, 7, 8, 35, tzinfo=UTC)


class Server:
    """A loopback HTTP server whose answers a test sets per path; records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append((self.path, dict(self.headers)))
                route = outer.routes.get(self.path)
                status, body, headers = (
                    route(self) if callable(route) else (route or (404, {"message": "Not Found"}, {}))
                )
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data) if status != 304 else 0))
                self.end_headers()
                if status != 304:
                    self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


@pytest.fixture
def server():
    srv = Server()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def config(server, tmp_path, **extra):
    base = dict(
        price_url=server.url,
        github_url=server.url,
        cache_dir=tmp_path / "cache",
        timeout=1.0,
        retries=1,
        backoff=0.01,
        max_rate_wait=1.0,
    )
    return SourcesConfig(**{**base, **extra})


def fetch(cfg, repos):
    return asyncio.run(fetch_sources(cfg, repos, NOW))


PRICE = "/simple/price?ids=bittensor&vs_currencies=usd&include_last_updated_at=true"


def commit(days_ago: float, login: str) -> dict:
    stamp = (NOW - timedelta(days=days_ago)).isoformat().replace("+00:00", "Z")
    return {
        "sha": f"{login}{days_ago}",
        "author": {"login": login},
        "commit": {"author": {"date": stamp, "email": f"{login}@x"}},
    }


def seed_repo(server, repo="chutesai/chutes", etag='"v1"'):
    server.routes[f"/repos/{repo}"] = (
        200,
        {"stargazers_count": 42, "archived": False, "pushed_at": "2026-08-06T10:00:00Z"},
        {"ETag": etag},
    )
    server.routes[f"/repos/{repo}/releases/latest"] = (
        200,
        {"tag_name": "v1.2.0", "published_at": "2026-07-01T00:00:00Z"},
        {},
    )
    page2 = f"{server.url}/repos/{repo}/commits?per_page=100&page=2"
    server.routes[f"/repos/{repo}/commits?per_page=100"] = (
        200,
        [commit(1, "alice"), commit(10, "bob"), commit(20, "alice"), commit(40, "carol")],
        {"Link": f'<{page2}>; rel="next"', "ETag": '"c1"'},
    )
    server.routes[f"/repos/{repo}/commits?per_page=100&page=2"] = (200, [commit(80, "dave"), commit(120, "erin")], {})


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://github.com/chutesai/chutes", "chutesai/chutes"),
        ("https://github.com/chutesai/chutes/", "chutesai/chutes"),
        ("https://github.com/chutesai/chutes.git", "chutesai/chutes"),
        ("http://www.github.com/taoverse/repo-x/tree/main", "taoverse/repo-x"),
        ("github.com/macrocosm-os/data-universe", "macrocosm-os/data-universe"),
        ("git@github.com:opentensor/subtensor.git", "opentensor/subtensor"),
        ("opentensor/bittensor", "opentensor/bittensor"),
        (" opentensor/bittensor/ ", "opentensor/bittensor"),
        ("https://gitlab.com/foo/bar", None),
        ("gitlab.com/foo/bar", None),
        ("https://github.com/chutesai", None),
        ("username/repo", None),
        ("https://github.com/your-username/your-repo", None),
        ("", None),
        (None, None),
        ("n/a", None),
        ("https://chutes.ai", None),
    ],
)
def test_normalise_repo(text, expected):
    assert normalise_repo(text) == expected


def test_price_and_code_activity_success(server, tmp_path):
    server.routes[PRICE] = (200, {"bittensor": {"usd": 312.5, "last_updated_at": 1786091700}}, {})
    seed_repo(server)
    result = fetch(config(server, tmp_path), {64: "https://github.com/chutesai/chutes", 1: "username/repo", 2: None})
    assert result.price_usd.tao_usd == 312.5 and result.price_usd.source == server.url + PRICE
    assert result.price_usd.as_of == datetime.fromtimestamp(1786091700, tz=UTC)
    assert result.parts["price_usd"].source == server.url + PRICE
    assert result.parts["code_activity"].obtained == "captured"
    assert result.parts["code_activity"].note == (
        "1 subnets naming a GitHub repository: 1 read, 0 not found, 0 failed, 0 skipped; "
        "conditional requests (ETag), unauthenticated"
    )
    assert set(result.code_activity) == {64}
    act = result.code_activity[64]
    assert (act.status, act.commits_30d, act.commits_90d, act.authors_30d, act.authors_90d) == ("ok", 3, 5, 2, 4)
    assert (act.stars, act.archived, act.latest_release) == (42, False, "v1.2.0")
    assert act.last_push == datetime(2026, 8, 6, 10, tzinfo=UTC)
    assert result.warnings == []


def test_second_run_sends_if_none_match_and_uses_304(server, tmp_path):
    seed_repo(server)
    cfg = config(server, tmp_path, price_url=None)
    first = fetch(cfg, {64: "chutesai/chutes"})

    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, b"", {"ETag": '"v1"'}
        return 200, {"stargazers_count": 1}, {"ETag": '"v2"'}

    server.routes["/repos/chutesai/chutes"] = conditional
    server.requests.clear()
    second = fetch(cfg, {64: "chutesai/chutes"})
    sent = dict(server.requests)
    assert sent["/repos/chutesai/chutes"]["If-None-Match"] == '"v1"'
    assert sent["/repos/chutesai/chutes/commits?per_page=100"]["If-None-Match"] == '"c1"'
    assert second.code_activity[64] == first.code_activity[64]  # stars 42 from the cache


def test_rate_limit_with_a_long_reset_stops_cleanly(server, tmp_path):
    reset = str(int(time.time()) + 3600)
    seed_repo(server, "a/one")
    server.routes["/repos/b/two"] = (
        403,
        {"message": "API rate limit exceeded"},
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
    )
    seed_repo(server, "c/three")
    result = fetch(config(server, tmp_path, price_url=None, concurrency=1), {1: "a/one", 2: "b/two", 3: "c/three"})
    statuses = {n: a.status for n, a in result.code_activity.items()}
    assert statuses == {1: "ok", 2: "rate_limited", 3: "rate_limited"}
    assert "/repos/c/three" not in server.paths()  # nothing sent after the limit
    assert result.warnings == ["GitHub rate limit reached: code activity not fetched for subnets [2, 3]"]


def test_429_with_a_short_retry_after_is_waited_out(server, tmp_path):
    seed_repo(server)
    tries = []
    ok = server.routes["/repos/chutesai/chutes"]

    def limited(handler):
        tries.append(time.monotonic())
        return (429, {"message": "slow down"}, {"Retry-After": "0.3"}) if len(tries) == 1 else ok

    server.routes["/repos/chutesai/chutes"] = limited
    result = fetch(config(server, tmp_path, price_url=None), {64: "chutesai/chutes"})
    assert result.code_activity[64].status == "ok" and len(tries) == 2
    assert tries[1] - tries[0] >= 0.3


def test_server_errors_are_retried_then_recorded(server, tmp_path):
    server.routes[PRICE] = (503, {"error": "busy"}, {})
    server.routes["/repos/a/b"] = (502, {}, {})
    result = fetch(config(server, tmp_path), {5: "a/b"})
    assert result.price_usd is None and result.warnings[0].startswith("TAO/USD price unavailable (")
    assert result.parts["price_usd"].obtained == "unknown" and result.parts["price_usd"].reason == result.warnings[0]
    assert result.code_activity[5].status == "error" and result.code_activity[5].stars is None
    assert result.parts["code_activity"].obtained == "unknown"
    assert result.parts["code_activity"].reason == (
        "no repository could be read (1 subnets naming a GitHub repository: 0 read, 0 not found, 1 failed, 0 skipped)"
    )
    assert server.paths().count(PRICE) == 2 and server.paths().count("/repos/a/b") == 2


def test_malformed_json_and_unknown_repo(server, tmp_path):
    server.routes[PRICE] = (200, b"{not json", {})
    result = fetch(config(server, tmp_path), {5: "gone/away"})
    assert result.price_usd is None and "malformed JSON" in result.warnings[0]
    assert result.code_activity[5].status == "not_found"


def test_unexpected_price_shape_is_unknown(server, tmp_path):
    server.routes[PRICE] = (200, {"bittensor": {}}, {})
    result = fetch(config(server, tmp_path, github_url=None), {})
    assert result.price_usd is None and result.code_activity is None
    assert result.warnings == [
        f"TAO/USD price unavailable ({server.url}{PRICE}: unexpected answer KeyError): recorded as unknown"
    ]


def test_slow_server_times_out(server, tmp_path):
    def slow(handler):
        time.sleep(1.5)
        return 200, {"bittensor": {"usd": 1.0}}, {}

    server.routes[PRICE] = slow
    started = time.monotonic()
    result = fetch(config(server, tmp_path, github_url=None, timeout=0.3, retries=0), {})
    assert result.price_usd is None and "timed out" in result.warnings[0]
    assert time.monotonic() - started < 1.4


def test_token_is_sent_when_set(server, tmp_path):
    seed_repo(server)
    fetch(config(server, tmp_path, price_url=None, github_token="t0k"), {64: "chutesai/chutes"})
    assert dict(server.requests)["/repos/chutesai/chutes"]["Authorization"] == "Bearer t0k"


def closed_port() -> int:
    """Return a loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def connects(monkeypatch):
    """Count the TCP connections the sources try to open, by port."""
    tried: list[object] = []
    guarded = socket.socket.connect

    def counting(self, address):
        tried.append(address)
        return guarded(self, address)

    monkeypatch.setattr(socket.socket, "connect", counting)
    return tried


REPOS = {n: f"owner{n}/repo{n}" for n in range(1, 41)}


def test_refused_host_is_given_up_after_its_first_request(tmp_path, connects):
    url = f"http://127.0.0.1:{closed_port()}"
    cfg = SourcesConfig(
        price_url=url, github_url=url, cache_dir=tmp_path, timeout=1.0, retries=2, backoff=0.01, concurrency=1
    )
    result = fetch(cfg, REPOS)
    host = url.removeprefix("http://")
    # 3 attempts (1 + 2 retries) for the price, then the host is down for the code source too:
    # 40 repositories cost no connection at all.
    assert len(connects) == 3
    assert {a.status for a in result.code_activity.values()} == {"skipped"}
    assert result.parts["price_usd"].obtained == "unknown" and "unreachable" in result.parts["price_usd"].reason
    part = result.parts["code_activity"]
    assert part.obtained == "unknown" and part.reason.startswith(
        "no repository could be read (40 subnets naming a GitHub repository: 0 read, 0 not found, 0 failed, 40 skipped); "
        f"{host} unreachable: ConnectError: "
    )
    [code_warning] = [w for w in result.warnings if w.startswith("GitHub host")]
    assert code_warning.startswith(f"GitHub host {host} unreachable (ConnectError: ")
    assert code_warning.endswith("given up for this run, code activity not fetched for 40 more subnets")
    assert len(result.warnings) == 2


def test_unresolvable_github_host_costs_one_request_not_one_per_repository(tmp_path, server, monkeypatch, connects):
    server.routes[PRICE] = (200, {"bittensor": {"usd": 312.5}}, {})
    looked_up = []
    real = socket.getaddrinfo

    def no_dns(host, *args, **kwargs):
        if host == "api.github.invalid":
            looked_up.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    cfg = config(server, tmp_path, github_url="https://api.github.invalid", retries=1, concurrency=4)
    result = fetch(cfg, REPOS)
    statuses = [a.status for a in result.code_activity.values()]
    # At most the 4 repositories already in flight tried (each once plus one retry); the rest were skipped.
    assert 1 <= statuses.count("error") <= 4 and statuses.count("skipped") == 40 - statuses.count("error")
    assert len(looked_up) <= 8
    assert result.price_usd.tao_usd == 312.5 and result.parts["price_usd"].obtained == "captured"
    assert result.parts["code_activity"].obtained == "unknown"
    assert [w for w in result.warnings if "api.github.invalid" in w] == [
        "GitHub host api.github.invalid unreachable (ConnectError: [Errno -2] Name or service not known): "
        f"given up for this run, code activity not fetched for {statuses.count('skipped')} more subnets"
    ]


def test_a_partly_read_source_is_captured_with_its_counts(server, tmp_path):
    seed_repo(server, "a/one")
    server.routes["/repos/b/two"] = (502, {}, {})
    result = fetch(config(server, tmp_path, price_url=None, concurrency=1), {1: "a/one", 2: "b/two", 3: "gone/away"})
    part = result.parts["code_activity"]
    assert part.obtained == "captured" and part.reason is None
    assert part.note.startswith("3 subnets naming a GitHub repository: 1 read, 1 not found, 1 failed, 0 skipped;")


def test_next_page_on_another_host_is_not_followed(server, tmp_path):
    seed_repo(server)
    server.routes["/repos/chutesai/chutes/commits?per_page=100"] = (
        200,
        [commit(1, "alice")],
        {"Link": '<http://evil.example/steal?page=2>; rel="next"'},
    )
    result = fetch(config(server, tmp_path, price_url=None, github_token="t0k"), {64: "chutesai/chutes"})
    assert result.code_activity[64].status == "ok" and result.code_activity[64].commits_30d == 1


@pytest.mark.parametrize(
    "body",
    [
        {"stargazers_count": "many"},
        {"stargazers_count": 1, "pushed_at": "yesterday"},
        {"stargazers_count": -5},
    ],
)
def test_repository_answer_of_the_wrong_shape_is_an_error_status(server, tmp_path, body):
    seed_repo(server)
    server.routes["/repos/chutesai/chutes"] = (200, body, {})
    result = fetch(config(server, tmp_path, price_url=None), {64: "chutesai/chutes"})
    assert result.code_activity[64].status == "error"


@pytest.mark.parametrize(
    "body", [{"bittensor": {"usd": "Infinity"}}, {"bittensor": ["usd"]}, {"bittensor": {"usd": -1}}]
)
def test_absurd_price_is_unknown(server, tmp_path, body):
    server.routes[PRICE] = (200, body, {})
    result = fetch(config(server, tmp_path, github_url=None), {})
    assert result.price_usd is None and result.parts["price_usd"].obtained == "unknown"


def test_full_disk_only_loses_the_cache_and_leaves_no_partial(server, tmp_path, monkeypatch):
    import errno

    from generator.fetch import http_cache

    seed_repo(server)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(http_cache.json, "dump", full)
    result = fetch(config(server, tmp_path, price_url=None), {64: "chutesai/chutes"})
    assert result.code_activity[64].status == "ok"
    assert [p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []
