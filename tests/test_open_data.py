"""Downloads with checksums and the static JSON API, validated against the documented schema."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json

import pytest
from pydantic import ValidationError

from generator.site.api_schema import SCHEMAS, EditionsIndex, EditionSubnets, SubnetHistory
from tests.test_build import EDITIONS, REPO, soup


def test_downloads_checksums_verify(built_site):
    for edition in EDITIONS:
        folder = built_site / "editions" / edition
        rows = soup(folder / "downloads.html").select("table.downloads tbody tr")
        assert len(rows) == 5  # scorecards CSV and JSON, the edition's long table as CSV and Parquet, the snapshot
        for row in rows:
            digest = row.select_one("code.sha256").get_text(strip=True)
            if row.find("a") is None:  # the snapshot: named, in the repository, not copied into every edition
                name = row.td.get_text().split()[1]
                assert "snapshots/" in row.td.get_text() and not (folder / "downloads" / name).exists()
                target = next(p for p in (REPO / "generator" / "sample").glob("*.json.gz") if p.name == name)
                assert edition.replace("-", "") in name
            else:
                href = row.find("a")["href"]
                target = (folder / "downloads.html").parent.joinpath(href.replace(f"../../editions/{edition}/", ""))
            assert hashlib.sha256(target.read_bytes()).hexdigest() == digest


def test_downloads_content(built_site):
    folder = built_site / "editions" / "2026-08-07" / "downloads"
    with (folder / "scorecards-2026-08-07.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    chutes = next(r for r in rows if r["netuid"] == "64")
    assert chutes["name"] == "Chutes" and float(chutes["emission_share"]) == pytest.approx(0.125, abs=5e-4)
    snapshot = built_site / "downloads" / "finney-8791253-20260807T083500Z.json.gz"  # the latest, at the top level
    assert json.loads(gzip.decompress(snapshot.read_bytes()))["provenance"]["block"] == 8791253


def test_api_files_match_schema(built_site):
    api = built_site / "api" / "v1"
    index = EditionsIndex.model_validate_json((api / "editions.json").read_text())
    assert [e.edition for e in index.editions] == EDITIONS and index.schema_version == 1
    for entry in index.editions:
        document = EditionSubnets.model_validate_json((api / entry.subnets_url).read_text())
        assert document.edition == entry.edition and len(document.subnets) == entry.subnets
    histories = sorted(api.glob("subnets/*.json"))
    assert len(histories) == 129
    for path in histories:
        history = SubnetHistory.model_validate_json(path.read_text())
        assert history.schema_version == 1 and path.stem == str(history.netuid)
    chutes = SubnetHistory.model_validate_json((api / "subnets" / "64.json").read_text())
    assert [p.edition for p in chutes.editions] == EDITIONS
    assert chutes.lifetime_tao_estimate and chutes.lifetime_tao_estimate > 0


def test_schema_rejects_unknown_fields(built_site):
    data = json.loads((built_site / "api" / "v1" / "editions.json").read_text())
    data["surprise"] = 1
    with pytest.raises(ValidationError):
        EditionsIndex.model_validate(data)


def test_api_page_documents_every_file(built_site):
    text = soup(built_site / "api.html").get_text(" ", strip=True)
    for path in SCHEMAS:
        assert path in text
    assert "schema_version" in text


def test_simulated_figures_carry_their_tag_in_every_download(built_site):
    import io

    from generator.site.pages import NEURON_DERIVED

    folder = built_site / "editions" / "2026-08-07"
    api_rows = json.loads((folder / "api" / "subnets.json").read_text(encoding="utf-8"))["subnets"]
    json_rows = json.loads((folder / "downloads" / "scorecards-2026-08-07.json").read_text(encoding="utf-8"))["subnets"]
    csv_rows = list(
        csv.DictReader(io.StringIO((folder / "downloads" / "scorecards-2026-08-07.csv").read_text(encoding="utf-8")))
    )
    assert len(api_rows) == len(json_rows) == len(csv_rows) == 129
    for api_row, json_row, csv_row in zip(api_rows, json_rows, csv_rows):
        # the sample's neuron tables are simulated: exactly the neuron-derived figures are tagged
        assert set(api_row["simulated_fields"]) == NEURON_DERIVED
        assert json_row["simulated_fields"] == api_row["simulated_fields"]
        assert csv_row["simulated_fields"].split(";") == api_row["simulated_fields"]
    assert "price_tao" not in api_rows[64]["simulated_fields"] and "miner_gini" in api_rows[64]["simulated_fields"]
    history = json.loads((built_site / "api" / "v1" / "subnets" / "64.json").read_text(encoding="utf-8"))
    assert all(point["simulated_fields"] == [] for point in history["editions"])  # series figures are captured


def test_a_built_edition_is_read_back_from_its_scorecards_download(built_site):
    from generator.build.edition_result import EditionResult

    folder = built_site / "editions" / "2026-08-07"
    assert not (folder / "data" / "scorecards.json").exists()  # one copy of the records: the public download
    download = json.loads((folder / "downloads" / "scorecards-2026-08-07.json").read_text(encoding="utf-8"))
    assert set(download) == {"schema_version", "edition", "subnets"} and download["schema_version"] == 1
    result = EditionResult.from_folder(folder, folder / "downloads" / "x.json.gz", rebuilt=False)
    api_rows = json.loads((folder / "api" / "subnets.json").read_text(encoding="utf-8"))["subnets"]
    assert result.edition_id == download["edition"] == "2026-08-07" and len(result.records) == 129
    assert result.records == download["subnets"] == api_rows
