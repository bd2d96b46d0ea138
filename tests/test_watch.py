"""`serve --watch`: a note change triggers a rebuild; the reload script exists only in the preview."""

from __future__ import annotations

import http.server
import threading
import urllib.request

from generator.build import watch
from tests.test_build_faults import NOTE, Project, note, snapshot

WAIT = 60  # seconds: a bound on the wait for a rebuild, not a timing assertion


def test_a_note_change_triggers_a_rebuild_and_lint_errors_print_as_path_line(tmp_path, chart_cache):
    project = Project(tmp_path, chart_cache)
    snapshot(project.snaps, 1)
    note(project.content, "first words")
    config, counter, lines = project.config(), watch.BuildCounter(), []
    built = threading.Event()

    def echo(line: str) -> None:
        lines.append(line)
        if not line.startswith("Changed:"):
            built.set()

    assert watch.rebuild(config, echo, counter) and counter.value == 1
    assert "first words" in (project.site / "subnets" / "1.html").read_text(encoding="utf-8")
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch.watch, args=(config, echo, counter, stop, ready), daemon=True)
    watcher.start()
    try:
        assert ready.wait(WAIT)
        built.clear()
        note(project.content, "second words")
        assert built.wait(WAIT), lines
        assert counter.value == 2, lines
        assert "second words" in (project.site / "subnets" / "1.html").read_text(encoding="utf-8")
        built.clear()
        broken = NOTE.format(summary="third").replace("status: ", "status: shipping_soon_", 1)
        (project.content / "subnets" / "1.md").write_text(broken, encoding="utf-8")
        assert built.wait(WAIT), lines
        errors = [line for line in lines if ".md:" in line]
        assert counter.value == 2 and any(line.startswith("Error: ") for line in lines), lines
        assert errors and all(":" in e.split(".md:", 1)[1] for e in errors), errors  # path:line: message
        assert "second words" in (project.site / "subnets" / "1.html").read_text(encoding="utf-8")  # kept
    finally:
        stop.set()
        watcher.join(WAIT)
    assert not watcher.is_alive()
    assert not any("reload" in p.read_text(encoding="utf-8", errors="replace") for p in project.site.rglob("*.html"))


def test_only_the_preview_adds_the_reload_script(tmp_path, chart_cache):
    project = Project(tmp_path, chart_cache)
    snapshot(project.snaps, 1)
    counter = watch.BuildCounter()
    assert watch.rebuild(project.config(), lambda line: None, counter)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), watch.preview_handler(project.site, counter))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = urllib.request.urlopen(f"{base}/index.html", timeout=WAIT).read().decode()
        assert f'<script src="{watch.SCRIPT_PATH}" defer></script></body>' in page
        assert "script-src 'self' 'wasm-unsafe-eval'; connect-src 'self';" in page  # the site's own policy
        assert urllib.request.urlopen(base + watch.BUILD_PATH, timeout=WAIT).read() == b"1"
        assert b"location.reload" in urllib.request.urlopen(base + watch.SCRIPT_PATH, timeout=WAIT).read()
    finally:
        server.shutdown()
    published = (project.site / "index.html").read_text(encoding="utf-8")
    assert watch.SCRIPT_PATH not in published and "location.reload" not in published
