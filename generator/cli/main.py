"""The `subnet-report` command: a thin layer over the library (parse, call, report)."""

from __future__ import annotations

import functools
import http.server
import logging
import sys
from pathlib import Path

import click

from generator import __version__
from generator.cli.fetch import fetch_command
from generator.cli.notes import notes_group
from generator.cli.validate import validate_command

folder = click.Path(file_okay=False, path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="subnet-report")
def cli() -> None:
    """Publish a versioned static website about every Bittensor subnet."""


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """Accept an absolute http(s) URL and end it with one slash; "" when absent."""
    if not value:
        return ""
    if not value.startswith(("https://", "http://")) or any(c in value for c in ' "<>?#'):
        raise click.BadParameter(
            "must be an absolute http(s) URL without query or fragment, e.g. https://subnets.example.org/"
        )
    return value.rstrip("/") + "/"


@cli.command("build")
@click.option(
    "--snapshots",
    type=folder,
    default=Path("snapshots"),
    show_default=True,
    help="Folder of snapshot files; the embedded sample is used when it is missing or empty.",
)
@click.option(
    "--content",
    type=folder,
    default=Path("content"),
    show_default=True,
    help="Folder of editors' notes (content/subnets/<netuid>.md).",
)
@click.option(
    "--templates",
    type=folder,
    default=Path("templates"),
    show_default=True,
    help="Folder of Jinja templates and static assets.",
)
@click.option(
    "--out",
    "output",
    type=folder,
    default=Path("site"),
    show_default=True,
    help="Output folder; replaced only when the whole build succeeds.",
)
@click.option(
    "--cache",
    type=folder,
    default=Path(".cache/subnet-report"),
    show_default=True,
    help="Folder for cached charts and snapshot hashes (safe to delete).",
)
@click.option("--jobs", type=click.IntRange(1, 64), default=2, show_default=True, help="Processes used to draw charts.")
@click.option(
    "--base-url",
    callback=_base_url,
    default=None,
    metavar="URL",
    help="Absolute URL the site is published at (canonical links, sitemap.xml, feeds); none by default.",
)
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
def build_command(
    snapshots: Path, content: Path, templates: Path, output: Path, cache: Path, jobs: int, base_url: str, quiet: bool
) -> None:
    """Build the site from snapshots, notes and templates (never touches the network)."""
    from generator.build.run import BuildConfig, build  # heavy imports only for this command

    config = BuildConfig(
        snapshots=snapshots,
        content=content,
        templates=templates,
        output=output,
        cache=cache,
        jobs=jobs,
        base_url=base_url,
    )
    report = build(config)
    if not quiet:
        click.echo(report.summary())


@cli.command("serve")
@click.option("--out", "output", type=folder, default=Path("site"), show_default=True, help="The built site to serve.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free one).",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Build first, then rebuild when a note, template or snapshot changes and reload open pages "
    "(the reload script exists only in this preview, never in the built site).",
)
@click.option(
    "--snapshots", type=folder, default=Path("snapshots"), show_default=True, help="With --watch: as for build."
)
@click.option("--content", type=folder, default=Path("content"), show_default=True, help="With --watch: as for build.")
@click.option(
    "--templates", type=folder, default=Path("templates"), show_default=True, help="With --watch: as for build."
)
@click.option(
    "--cache", type=folder, default=Path(".cache/subnet-report"), show_default=True, help="With --watch: as for build."
)
def serve_command(
    output: Path, port: int, watch: bool, snapshots: Path, content: Path, templates: Path, cache: Path
) -> None:
    """Preview the built site on http://127.0.0.1:PORT/ (build it first, or pass --watch)."""
    if watch:
        return _serve_watching(output, port, snapshots, content, templates, cache)
    if not (output / "index.html").is_file():
        raise click.ClickException(f"{output}/index.html: no built site here; run `subnet-report build` first")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(output))
    _serve(PreviewServer(("127.0.0.1", port), handler), output)


class PreviewServer(http.server.ThreadingHTTPServer):
    """The preview's server: a browser that drops a request (a cancelled download, a closed tab) is no
    error, and any other failure of one request is one line, not the standard library's traceback."""

    def handle_error(self, request: object, client_address: tuple) -> None:
        """Report a failed request (called while its exception is handled)."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            click.echo(f"Error: request from {client_address[0]}: {error}", err=True)


def _serve(server: http.server.ThreadingHTTPServer, output: Path) -> None:
    """Serve until Ctrl+C."""
    with server:
        click.echo(f"Serving {output} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("Stopped.")


def _serve_watching(output: Path, port: int, snapshots: Path, content: Path, templates: Path, cache: Path) -> None:
    """Build, serve with live reload, and rebuild on every change (generator/build/watch.py)."""
    import threading

    from generator.build import watch
    from generator.build.run import BuildConfig

    config = BuildConfig(snapshots=snapshots, content=content, templates=templates, output=output, cache=cache)
    counter = watch.BuildCounter()
    if not watch.rebuild(config, click.echo, counter) and not (output / "index.html").is_file():
        raise click.ClickException(f"{output}/index.html: the first build failed and there is no site to serve")
    stop = threading.Event()
    watcher = threading.Thread(target=watch.watch, args=(config, click.echo, counter, stop), daemon=True)
    watcher.start()
    try:
        _serve(PreviewServer(("127.0.0.1", port), watch.preview_handler(output, counter)), output)
    finally:
        stop.set()


cli.add_command(fetch_command)
cli.add_command(notes_group)
cli.add_command(validate_command)


def main() -> None:
    """Run the command line; library diagnostics (logging) show from warnings up, one line each."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    cli()
