"""Every template renders from its documented page dataclass under StrictUndefined, and no page
data is a positional tuple."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from jinja2 import StrictUndefined

from generator.build.run import BuildConfig, build
from generator.site import changes, open_data, pages
from generator.site.writer import Site

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
# extended, imported or included by pages
PARTIALS = {
    "base.html",
    "macros.html",
    "earned_shipped.html",
    "profile_top.html",
    "profile_control.html",
    "changes_risk.html",
}


def test_every_template_renders_from_its_dataclass(tmp_path, chart_cache, monkeypatch):
    log = tmp_path / "rendered.txt"  # most pages are rendered by the workers: forks of this process, logging here
    real = Site.render

    def render(self, template, page):
        assert self.env.undefined is StrictUndefined
        assert dataclasses.is_dataclass(page) and not isinstance(page, type), template
        assert (type(page).__doc__ or "").strip(), f"{type(page).__name__} has no docstring"
        with log.open("a") as handle:
            handle.write(f"{template} {type(page).__name__}\n")
        return real(self, template, page)

    monkeypatch.setattr(Site, "render", render)
    build(
        BuildConfig(
            snapshots=tmp_path / "none",
            content=REPO / "content",
            templates=TEMPLATES,
            output=tmp_path / "site",
            cache=chart_cache,
            base_url="https://subnets.example.org/",
        )
    )
    rendered: dict[str, set[str]] = {}
    for template, kind in (line.split() for line in log.read_text().splitlines()):
        rendered.setdefault(template, set()).add(kind)
    every = sorted(p.name for p in TEMPLATES.glob("*.html"))
    assert len(every) == 18
    assert sorted(set(rendered) | PARTIALS) == every
    assert len(rendered) == len(every) - len(PARTIALS) == 12
    assert all(len(kinds) == 1 for kinds in rendered.values()), rendered  # one dataclass per template
    assert rendered["profile.html"] == {"ProfilePage"} and rendered["archive.html"] == {"ArchivePage"}
    assert rendered["report_card.html"] == {"ReportCardPage"}


def _annotations(cls: type) -> dict[str, str]:
    """Return each field's annotation as written."""
    return {f.name: str(f.type) for f in dataclasses.fields(cls)}


def test_page_data_has_no_positional_tuples():
    checked = [
        pages.EditionPages,
        pages.ProfilePage,
        pages.MethodologyPage,
        pages.ArchivePage,
        pages.LifetimePay,
        changes.MoverTable,
        changes.ChangesPage,
        open_data.ApiPage,
    ]
    for cls in checked:
        for name, annotation in _annotations(cls).items():
            assert "tuple" not in annotation, f"{cls.__name__}.{name}: {annotation}"
    assert _annotations(pages.EditionPages)["pages"] == "dict[str, PageSpec]"
