"""One edition: from a snapshot to scorecards, narratives, charts and page contexts, then files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from generator import format as fmt
from generator import narrative
from generator.build.config import BuildConfig
from generator.build.drawing import Drawing
from generator.build.edition_charts import earners_chart, network_chart
from generator.build.edition_files import edition_json, manifest_of, place_charts, write_open_data
from generator.build.edition_result import (
    MANIFEST,
    EditionResult,
    by_netuid,
    current_life,
    history_chart,
    life_editions,
)
from generator.build.records import edition_figures, once, plain_number, rows_by_netuid, to_records
from generator.errors import BuildError
from generator.metrics import changes as history
from generator.metrics import payout
from generator.metrics.pay import block_day, lifetime_paid
from generator.model import lives
from generator.model.events import EditionHistory, detect_events, subnet_facts, timelines
from generator.model.snapshot import Snapshot, load_snapshot
from generator.notes.model import Note, note_hashes
from generator.safety import clean_text
from generator.site import changes as ch
from generator.site import control_pages, definitions, history_data, risk, sparkline
from generator.site import earned_shipped as ap
from generator.site import open_data as api
from generator.site import owners as ow
from generator.site import pages as pg
from generator.site import profile_parts as parts
from generator.site import trends as tr
from generator.site.chart_spec import Chart
from generator.site.currency import price_line
from generator.site.writer import Site, write_text


@dataclass(frozen=True)
class EditionInputs:
    """What an edition is built from."""

    path: Path
    key: str
    notes: dict[int, Note]
    earlier: list[EditionResult]
    config: BuildConfig
    snapshot: Snapshot | None = None  # already loaded (the latest edition's, for the notes check)


def compute_edition(
    snapshot: Snapshot,
    earlier: list[EditionResult],
    notes: dict[int, Note],
    view: pg.View,
    available: dict[str, set[int]],
) -> pg.EditionPages:
    """Build every page context and chart of one view of an edition (no file is written)."""
    cards, earnings = edition_figures(snapshot)
    claims = ow.team_claims(to_records(cards), notes)
    standings = risk.standings(snapshot)
    cards = risk.annotate(ow.annotate(cards, claims), standings)
    previous = earlier[-1].cards() if earlier else None
    subnets = cards[~cards["is_root"].astype(bool)]
    ranked = subnets.sort_values(["emission_rank", "netuid"], na_position="last")
    chart = network_chart(cards)
    out = pg.EditionPages(history=_history(snapshot, earlier, notes, cards))
    meta = pg.meta_for(snapshot, view, "index.html", f"Bittensor subnets — edition {snapshot.edition_id}")
    tao_usd = snapshot.doc.price_usd.tao_usd if snapshot.doc.price_usd else None
    earlier_ids = tuple(r.edition_id for r in earlier)
    # one pass over the earlier editions for every subnet's history, shared by both views of the latest edition
    index = once(snapshot, ("by_netuid", earlier_ids), lambda: by_netuid(earlier))
    trends = once(snapshot, ("trends", earlier_ids), lambda: _trends(snapshot, subnets, earlier, index))
    columns, rows, not_captured = tr.leaderboard(ranked, {n: t[0] for n, t in trends.items()}, tao_usd, meta.home)
    out.pages["index.html"] = pg.PageSpec(
        "index.html",
        pg.IndexPage(
            meta=meta,
            overview=out.history.overview,
            chart=pg.chart_ref(chart, meta, snapshot.edition_id) if chart else None,
            rows=rows,
            root_row=None,
            columns=columns,
            burn=pg.network_burn_line(payout.network_burn(cards)),
            not_captured=not_captured,
            currency=price_line(tao_usd, snapshot.provenance.block),
        ),
    )
    out.charts += [chart] if chart else []
    simulated = (
        snapshot.provenance.parts.get("neurons") is not None
        and snapshot.provenance.parts["neurons"].obtained == "simulated"
    )
    previous_block = earlier[-1].block if earlier else None
    moves = history.changes(cards, previous, previous_block) if previous is not None else None
    accounts = once(  # the same for both views of the latest edition: its notes and earlier editions
        snapshot,
        ("accounts", earlier_ids, id(notes)),
        lambda: ap.edition_accounts(snapshot, to_records(cards), earlier, notes),
    )
    out.pages["accountability.html"] = pg.PageSpec(
        "accountability.html", ap.page_for(snapshot, view, accounts, earlier)
    )
    paid = once(  # both views of the latest edition have the same earlier editions: summed once
        snapshot,
        ("lifetime_paid", earlier_ids),
        lambda: lifetime_paid(
            [(r.edition_id, block_day(r.block), r.records) for r in earlier]
            + [(snapshot.edition_id, block_day(snapshot.provenance.block), to_records(cards))]
        ),
    )
    out.paid = paid
    _history_pages(out, snapshot, view, cards, previous, earlier, paid, previous_block)
    events = timelines([history_data.history_of(r) for r in earlier] + [out.history])
    previous_records = (earlier[-1].edition_id, earlier[-1].records) if earlier else None
    teams = control_pages.add_pages(out, snapshot, view, to_records(cards), previous_records, claims, standings)
    priors = rows_by_netuid(previous) if previous is not None else {}
    for netuid, card in rows_by_netuid(subnets).items():  # plain rows: a profile looks up hundreds of figures
        prior = priors.get(netuid)
        if prior is not None and not lives.continues(
            plain_number(card["registered_at_block"]), plain_number(prior.get("registered_at_block")), previous_block
        ):
            prior = None  # another subnet held this netuid: its figures are history, not a comparison
        change = moves.loc[netuid] if moves is not None else None
        story = once(  # view-independent: written once for both views of the latest edition
            snapshot,
            ("story", netuid, earlier_ids),
            partial(narrative.subnet_narrative, card, prior, len(subnets), change),
        )
        # the latest view's own (`context.LATEST_CHARTS`): archived editions keep sparklines
        latest_chart = _history_chart(snapshot, netuid, card, earlier, index) if view.latest else None
        page, charts = _profile(
            snapshot,
            card,
            story,
            latest_chart if view.latest else None,
            notes.get(netuid),
            view,
            available,
            simulated,
            earnings.get(netuid),
            ap.earned_shipped(accounts[netuid], notes.get(netuid)),
        )
        life_rows = life_editions(netuid, earlier, snapshot.edition_id, snapshot.provenance.block, card, index)
        page = replace(page, past_lives=[p.sentence(netuid) for p in lives.past_lives(netuid, life_rows)])
        timeline = lives.since_life_start(events.get(netuid, []), lives.life_start(life_rows))
        control = [
            ow.profile_line(netuid, claims, teams),
            risk.profile_line(netuid, standings.get(netuid), snapshot, risk.ranked_count(standings)),
        ]
        page = replace(page, control=[line for line in control if line])
        page = tr.with_trends(_with_history(page, card, prior, timeline, paid), card, trends[int(netuid)][1], tao_usd)
        out.pages[pg.subnet_page(netuid)] = pg.PageSpec("profile.html", page)
        if view.latest:  # report cards and history charts: the latest view only (`LATEST_ONLY`)
            out.pages[f"subnets/{netuid}-card.html"] = pg.PageSpec(
                *tr.report_card_page(page, snapshot, view, available)
            )
        out.charts += charts
        out.latest_charts += [latest_chart] if latest_chart else []
    meta = pg.meta_for(snapshot, view, "methodology.html", "Methodology")
    out.pages["methodology.html"] = pg.PageSpec(
        "methodology.html",
        pg.MethodologyPage(
            meta=meta,
            metrics=pg.metric_rows(),
            sources=pg.describe_parts(snapshot),
            emission_rule=snapshot.provenance.emission_rule or "not recorded in this snapshot",
            word_rules=definitions.word_rules(),
            other_tools=definitions.other_tools(cards),
            zero_injection=definitions.zero_injection_reasons(cards, out.history.subnet_facts()),
            pruning_rule=risk.methodology_text(snapshot),
        ),
    )
    out.records = api.tag_simulated(to_records(cards), pg.simulated_fields(snapshot))
    return out


def start_latest_charts(snapshot: Snapshot, earlier: list[EditionResult], drawing: Drawing) -> None:
    """Start drawing the latest view's history charts before the newest edition is computed: they need
    only its figures and the earlier editions, and that view, computed last, finds them made (`once`)."""
    cards, _ = edition_figures(snapshot)
    index = once(snapshot, ("by_netuid", tuple(r.edition_id for r in earlier)), lambda: by_netuid(earlier))
    subnets = cards[~cards["is_root"].astype(bool)]
    charts = [
        _history_chart(snapshot, netuid, card, earlier, index) for netuid, card in rows_by_netuid(subnets).items()
    ]
    drawing.start([chart for chart in charts if chart is not None])


def _history_chart(
    snapshot: Snapshot, netuid: int, card: dict, earlier: list[EditionResult], index: dict
) -> Chart | None:
    """A subnet's history chart in the latest view, made once for both places that ask for it."""
    return once(
        snapshot,
        ("history chart", netuid, tuple(r.edition_id for r in earlier)),
        partial(history_chart, netuid, earlier, snapshot.edition_id, card, snapshot.provenance.block, index),
    )


def _trends(
    snapshot: Snapshot, subnets: pd.DataFrame, earlier: list[EditionResult], index: dict
) -> dict[int, tuple[Markup, list[sparkline.Trend]]]:
    """Each subnet's sparklines across its current life: the leaderboard's and its profile's (in either view)."""
    drawn = {}
    for netuid, card in rows_by_netuid(subnets).items():
        rows = life_editions(int(netuid), earlier, snapshot.edition_id, snapshot.provenance.block, card, index)
        series = sparkline.trend_series(current_life(rows))
        drawn[int(netuid)] = (sparkline.sparkline(series[0]), [sparkline.trend(one) for one in series])
    return drawn


def _profile(
    snapshot: Snapshot,
    card: pd.Series,
    story: list[str],
    history: Chart | None,
    note: Note | None,
    view: pg.View,
    available: dict[str, set[int]],
    simulated: bool,
    earnings: pd.DataFrame,
    earned: ap.EarnedShipped,
) -> tuple[pg.ProfilePage, list[Chart]]:
    """Build one subnet's profile context and its edition's charts (`history`: the latest view's chart, or None)."""
    netuid = int(card["netuid"])
    subnet = snapshot.subnet(netuid)
    relative = pg.subnet_page(netuid)
    name = clean_text(card["name"], 60) or "unnamed"
    meta = pg.meta_for(snapshot, view, relative, f"SN{netuid} {name}", available, netuid)
    # the same in both views of the latest edition: drawn from its coldkey earnings once
    earners, earner_rows = once(
        snapshot,
        ("earners", netuid),
        lambda: (earners_chart(netuid, earnings), parts.earner_rows(earnings, subnet.owner_coldkey)),
    )
    refs = [pg.chart_ref(history, meta, snapshot.edition_id, latest=True)] if history else []
    refs += [pg.chart_ref(earners, meta, snapshot.edition_id)] if earners else []
    links, description = parts.identity_links(snapshot, netuid)
    page = pg.ProfilePage(
        meta=meta,
        netuid=netuid,
        name=name,
        symbol=clean_text(card["symbol"], 8) or "",
        identity=links,
        description=description,
        owner_hotkey=subnet.owner_hotkey or "unknown",
        owner_coldkey=subnet.owner_coldkey or "unknown",
        registered_at_block=fmt.count(subnet.registered_at_block),
        figures=once(snapshot, ("figures", netuid), lambda: pg.figures(card, simulated)),
        narrative=story,
        charts=refs,
        earners=earner_rows,
        earners_simulated=simulated,
        note=parts.note_view(note),
        unknowns=pg.unknowns(card, snapshot),
        earned=earned,
    )
    return page, [earners] if earners else []


def _history(
    snapshot: Snapshot, earlier: list[EditionResult], notes: dict[int, Note], cards: pd.DataFrame
) -> EditionHistory:
    """Detect this edition's events against the previous one and write its overview."""
    facts = subnet_facts(snapshot)
    hashes = note_hashes(notes, set(facts))
    events = detect_events(
        snapshot.edition_id,
        facts,
        earlier[-1].history if earlier else None,
        hashes,
        earlier[-1].block if earlier else None,
    )
    previous = earlier[-1].cards() if earlier else None
    overview = narrative.network_narrative(cards, previous, earlier[-1].block if earlier else None)
    names = {int(n): str(name) for n, name in cards["name"].items()}
    sentence = ch.events_sentence(events, names)
    price = snapshot.doc.price_usd
    return EditionHistory(
        snapshot.edition_id,
        snapshot.provenance.block_timestamp,
        facts,
        events,
        hashes,
        overview + ([sentence] if sentence else []),
        price.tao_usd if price else None,
    )


def _history_pages(
    out: pg.EditionPages,
    snapshot: Snapshot,
    view: pg.View,
    cards: pd.DataFrame,
    previous: pd.DataFrame | None,
    earlier: list[EditionResult],
    paid: dict,
    previous_block: int | None,
) -> None:
    """Add the "What changed" and "Lifetime paid" pages of this view."""
    names = {int(n): str(name) for n, name in cards["name"].items()}
    meta = pg.meta_for(snapshot, view, "changes.html", f"What changed in edition {snapshot.edition_id}")
    out.pages["changes.html"] = pg.PageSpec(
        "changes.html",
        ch.ChangesPage(
            meta=meta,
            previous=earlier[-1].edition_id if earlier else None,
            groups=ch.event_groups(out.history.events, names, meta.home),
            movers=ch.mover_tables(cards, previous, meta.home, previous_block),
        ),
    )
    meta = pg.meta_for(snapshot, view, "lifetime.html", "Paid over the tracked editions (estimate)")
    out.pages["lifetime.html"] = pg.PageSpec(
        "lifetime.html",
        tr.lifetime_page(meta, len(earlier) + 1, ch.lifetime_rows(paid, meta.home)),
    )


def _with_history(
    page: pg.ProfilePage, card: pd.Series, prior: pd.Series | None, events: list, paid: dict
) -> pg.ProfilePage:
    """Add figure changes, the subnet's timeline and its estimated lifetime pay to a profile."""
    netuid = page.netuid
    figures = [replace(f, change=ch.figure_change(f.key, card, prior)) for f in page.figures]
    rows = [ch.EventRow(e.edition, e.netuid, page.name, "", e.text) for e in events]
    total = paid.get(netuid)
    lifetime = (
        None
        if total is None
        else pg.LifetimePay(fmt.tao(total.tao), fmt.usd(total.usd), fmt.window(total.first, total.last, total.days))
    )
    return replace(page, figures=figures, timeline=rows, lifetime=lifetime)


def write_specs(site: Site, root: Path, specs: dict[str, pg.PageSpec]) -> None:
    """Render and write pages under `root`."""
    for relative, spec in sorted(specs.items()):
        site.write(root, relative, spec.template, spec.page)


def write_pages(site: Site, root: Path, pages: pg.EditionPages, drawing: Drawing) -> Callable[[], object]:
    """Render and write every page of one view, by a worker when there are some; return what waits for them.

    The pages' contexts are sent whole to the worker; an error there (a path refused, a full disk)
    is raised here when waited for, as if the pages had been written here.
    """
    return drawing.aside(write_specs, site, root, pages.pages)


def render_edition(site: Site, inputs: EditionInputs, stage: Path, drawing: Drawing) -> EditionResult:
    """Compute one edition into `stage/editions/<id>/`: its pages, open data and charts are made by the
    workers while later work goes on; `finish` waits for them and writes the rest."""
    snapshot = inputs.snapshot or load_snapshot(inputs.path)
    edition_id = snapshot.edition_id
    if any(r.edition_id == edition_id for r in inputs.earlier):
        raise BuildError(f"{inputs.path}: edition {edition_id} comes from two snapshots; keep one per day")
    ids = tuple(r.edition_id for r in inputs.earlier) + (edition_id,)
    available = {r.edition_id: r.netuids for r in inputs.earlier}
    view = pg.View(base=f"editions/{edition_id}/", editions=ids, latest=False, base_url=inputs.config.base_url)
    pages = compute_edition(snapshot, inputs.earlier, inputs.notes, view, available)
    folder = stage / "editions" / edition_id
    written = write_pages(site, folder, pages, drawing)  # by a worker, while the build goes on
    drawn = drawing.start(pages.charts)
    data = write_open_data(site, folder, inputs.path, snapshot, view, pages, drawing)  # the whole history joins it

    def finish() -> None:
        """Wait for the pages and open data, write the charts once drawn, then the manifest (which hashes every file)."""
        written()
        data()
        for relative, document in pages.history.files().items():
            write_text(folder, relative, edition_json(document))
        place_charts(drawing, drawn, folder, pages.charts)
        write_text(folder, MANIFEST, edition_json(manifest_of(folder, inputs.key, inputs.path, snapshot)))

    result = EditionResult(
        edition_id, snapshot.provenance.block, pages.records, True, inputs.path, snapshot, pages.history, folder
    )
    result.unfinished = finish  # called by the build once later work has overlapped the drawing
    result.data_written = data
    return result
