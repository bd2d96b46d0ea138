"""`serve --watch`: rebuild when a note, template or snapshot changes, and reload the preview.

The published site never carries the reload script: only the preview handler adds it, to HTML it
serves. The pages' own Content-Security-Policy already allows same-origin scripts and requests
(`script-src 'self'`, `connect-src 'self'`), so the policy is not widened. The script polls
`/__subnet-report/build`, a number the watcher raises after each successful build, and reloads the page
when it changes. A failed build leaves the served site as it
was and prints `Error: …` with every note problem as `path:line: message`.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable
from pathlib import Path

from generator.build.run import BuildConfig, build
from generator.errors import ReportError

BUILD_PATH = "/__subnet-report/build"
SCRIPT_PATH = "/__subnet-report/reload.js"
RELOAD_SCRIPT = (
    "(function () {\n"
    "  var seen = null;\n"
    "  function poll() {\n"
    f"    fetch('{BUILD_PATH}', {{cache: 'no-store'}}).then(function (r) {{ return r.text(); }}).then(function (id) {{\n"
    "      if (seen !== null && id !== seen) { location.reload(); }\n"
    "      seen = id;\n"
    "    }).catch(function () {}).then(function () { setTimeout(poll, 1000); });\n"
    "  }\n"
    "  poll();\n"
    "})();\n"
)


class BuildCounter:
    """How many builds succeeded since the preview started (the reload script watches it)."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def bump(self) -> None:
        """Count one more successful build."""
        with self._lock:
            self.value += 1


def with_reload(html: str) -> str:
    """Add the reload script to a served page (the page's policy already allows same-origin scripts)."""
    tag = f'<script src="{SCRIPT_PATH}" defer></script>'
    return html.replace("</body>", f"{tag}</body>", 1) if "</body>" in html else html + tag


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the built site, with the reload script added to HTML pages (never written to disk)."""

    counter: BuildCounter

    def do_GET(self) -> None:
        """Answer the build number, the script, an HTML page with the script, or any other file."""
        path = self.path.split("?", 1)[0]
        if path == BUILD_PATH:
            return self._send(str(self.counter.value).encode(), "text/plain; charset=utf-8")
        if path == SCRIPT_PATH:
            return self._send(RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8")
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            return self._send(with_reload(target.read_text(encoding="utf-8")).encode(), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        """Send one uncached response."""
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the terminal for build results and errors."""


def preview_handler(output: Path, counter: BuildCounter) -> Callable[..., PreviewHandler]:
    """Return a request handler factory serving `output` with live reload."""
    handler = type("Preview", (PreviewHandler,), {"counter": counter})
    return functools.partial(handler, directory=str(output))


def watched(config: BuildConfig) -> list[Path]:
    """Return the folders whose changes trigger a rebuild: notes, templates, snapshots (those that exist)."""
    return [p for p in (config.content, config.templates, config.snapshots) if p.is_dir()]


def relevant(config: BuildConfig, path: Path) -> bool:
    """Return True for a change that needs a rebuild: a snapshot file, a note, or anything in the templates.

    The build itself writes `snapshots/<stem>.notes/` (the latest edition's notes, through temporary names):
    those and hidden files are left out, or every build would trigger the next one.
    """
    if any(part.startswith(".") or part.endswith(".notes") for part in path.parts[-3:]):
        return False
    if path.is_relative_to(config.snapshots.resolve()):
        return path.name.endswith(".json.gz")
    if path.is_relative_to(config.content.resolve()):
        return path.suffix == ".md"
    return True


def rebuild(config: BuildConfig, echo: Callable[[str], None], counter: BuildCounter) -> bool:
    """Build once; print the summary, or `Error: …` (note problems as `path:line: message`) and keep the old site."""
    try:
        report = build(config)
    except ReportError as error:
        echo(f"Error: {error.message}")
        return False
    counter.bump()
    echo(report.summary())
    return True


def watch(
    config: BuildConfig,
    echo: Callable[[str], None],
    counter: BuildCounter,
    stop: threading.Event | None = None,
    ready: threading.Event | None = None,
) -> None:
    """Rebuild after every batch of changes under the watched folders until `stop` is set (`ready` once watching)."""
    import watchfiles  # only the watching preview needs it

    def keep(change: object, path: str) -> bool:
        return relevant(config, Path(path).resolve())

    for changes in watchfiles.watch(
        *watched(config),
        watch_filter=keep,
        stop_event=stop,
        debounce=300,
        step=50,
        rust_timeout=200,
        yield_on_timeout=True,
    ):
        if ready is not None:
            ready.set()  # the first timeout or change comes only once the folders are watched
        if not changes:
            continue
        names = sorted({Path(path).name for _, path in changes})
        echo(f"Changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}; rebuilding")
        rebuild(config, echo, counter)
