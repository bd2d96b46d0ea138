"""What every page shares: its header and footer (`Meta`), the view it sits in, links and chart references."""

from __future__ import annotations

from dataclasses import dataclass

from generator import __version__
from generator.model.schema import PartName
from generator.model.snapshot import Snapshot
from generator.site.chart_spec import Chart, size_px
from generator.site.links import subnet_page, subnet_url  # noqa: F401 (pages take them from here)
from generator.site.seo import canonical_url


@dataclass(frozen=True)
class Link:
    """A link the templates can print; `url` is None when the target is not a safe http(s) URL."""

    label: str
    url: str | None
    current: bool = False


@dataclass(frozen=True)
class View:
    """Where a set of pages lives: the latest view at the top level, or one edition's folder."""

    base: str  # path from the site root to this view, "" or "editions/<id>/"
    editions: tuple[str, ...]  # editions this view may link to (never later ones for an edition)
    latest: bool
    base_url: str = ""  # absolute site URL ending in "/", or "" (then nothing absolute is written)

    def root(self, relative: str) -> str:
        """Return the prefix that leads from the page at `relative` back to the site root."""
        return "../" * (self.base + relative).count("/")


@dataclass(frozen=True)
class Meta:
    """What every page shows: title, edition, block, generator version, data notices, versions."""

    title: str
    root: str
    home: str
    edition_id: str
    block: int
    block_time: str
    generator_version: str
    notices: list[str]
    versions: list[Link]
    latest: bool
    description: str = ""
    canonical: str | None = None  # absolute URL of this page, only with a base URL


@dataclass(frozen=True)
class ChartRef:
    """A chart as a page shows it: image URL, title, text alternative and data table."""

    url: str
    title: str
    alt: str
    table: list[tuple[str, str]]
    width: int = 0  # CSS pixels, for the <img> (the page keeps its layout while the chart loads)
    height: int = 0


def notices(snapshot: Snapshot) -> list[str]:
    """Say, for each part of the snapshot, whether it is captured chain data or simulated."""
    labels: dict[PartName, str] = {
        "subnets": "Subnet figures",
        "neurons": "Neuron tables (miners, earners, concentration)",
        "price_usd": "TAO/USD price",
        "code_activity": "Code activity",
    }
    parts = snapshot.provenance.parts
    lines = []
    for key, label in labels.items():
        part = parts.get(key)
        if part is None:
            lines.append(f"{label}: unknown in this edition (not captured).")
        else:
            lines.append(f"{label}: {part.obtained} ({part.source}).")
    missing = snapshot.provenance.missing_subnets
    if missing:
        lines.append("Missing subnets: " + ", ".join(f"SN{m.netuid} ({m.reason})" for m in missing) + ".")
    return lines


# Editions linked from a page's footer, nearest first; older ones are one click away in the archive.
VERSION_LINKS = 12
# Pages with one copy for the whole site (no edition has its own), and pages only editions have.
SITE_WIDE = frozenset({"archive.html", "api.html"})
EDITION_ONLY = frozenset({"downloads.html"})
# Drawn for the latest view only, so an edition's bytes do not grow with the history: a subnet's
# history chart (kept at the top level, `charts/`) and its report card (`subnets/<netuid>-card.html`).
# An archived edition keeps its own figures, prose, trend lines and open data.
LATEST_CHARTS = "charts/"
LATEST_ONLY_SUFFIX = "-card.html"


def latest_only(relative: str) -> bool:
    """Tell whether a page exists in the latest view only (no edition has its own copy)."""
    return relative.endswith(LATEST_ONLY_SUFFIX)


def meta_for(
    snapshot: Snapshot,
    view: View,
    relative: str,
    title: str,
    available: dict[str, set[int]] | None = None,
    netuid: int | None = None,
) -> Meta:
    """Build the shared page header/footer data for a page at `relative` in `view`."""
    root = view.root(relative)
    prov = snapshot.provenance
    versions = [] if relative in EDITION_ONLY else [Link("latest", f"{root}{relative}", current=view.latest)]
    for edition in [] if relative in SITE_WIDE or latest_only(relative) else reversed(view.editions):
        current = not view.latest and edition == snapshot.edition_id
        if not current and netuid is not None and available is not None and netuid not in available.get(edition, set()):
            continue
        if len(versions) > VERSION_LINKS:  # the archive lists the rest; every page stays small
            break
        versions.append(Link(edition, f"{root}editions/{edition}/{relative}", current=current))
    return Meta(
        title=title,
        root=root,
        home="../" * relative.count("/"),  # the view's own folder, reached without leaving it
        edition_id=snapshot.edition_id,
        block=prov.block,
        block_time=prov.block_timestamp.strftime("%Y-%m-%d %H:%M UTC"),
        generator_version=__version__,
        notices=notices(snapshot),
        versions=versions,
        latest=view.latest,
        canonical=canonical_url(view.base_url, view.base + relative),
        description=f"{title}: edition {snapshot.edition_id} of subnet-report, a weekly report on every Bittensor subnet.",
    )


def chart_ref(chart: Chart, meta: Meta, edition_id: str, latest: bool = False) -> ChartRef:
    """Point a page at a chart stored in its edition's folder (or, `latest`, in the top level's `charts/`)."""
    url = (
        f"{meta.root}{LATEST_CHARTS}{chart.name}" if latest else f"{meta.root}editions/{edition_id}/charts/{chart.name}"
    )
    width, height = size_px(chart)
    return ChartRef(url=url, title=chart.title, alt=chart.alt, table=chart.table, width=width, height=height)
