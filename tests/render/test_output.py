"""write_outputs: everything or nothing, never over someone else's folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import planner.render.output as output
from planner.domain import KabupatenData
from planner.plan import Plan
from planner.render import OutputFolderError, OutputManifest, write_outputs
from planner.render.itinerary import itineraries, team_slugs
from tests.render.conftest import make_plan

Rendered = tuple[Path, OutputManifest]


@pytest.fixture
def fast_pictures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stub the PNG renderers (tested elsewhere) so these folder tests stay fast."""
    monkeypatch.setattr(output, "day_sheet_png", lambda *a, **k: b"\x89PNG stub")
    monkeypatch.setattr(output, "route_png", lambda *a, **k: b"\x89PNG stub")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


def test_manifest_lists_every_file_written(rendered: Rendered, plan: Plan) -> None:
    """The manifest names each file on disk, and a field package per team-day."""
    out, manifest = rendered
    on_disk = sorted(
        p.relative_to(out) for p in out.rglob("*") if p.is_file() and p.name != ".ikd-planner.json"
    )
    assert list(manifest.files) == on_disk
    assert manifest.team_days == len(plan.team_days) and not manifest.replaced
    for name in ("plan.json", "schedule.csv", "schedule.xlsx", "map.html"):
        assert Path(name) in manifest.files
    per_day = {
        "jadwal.html",
        "jadwal.png",
        "pesan.txt",
        "route.gpx",
        "route.kml",
        "route.html",
        "peta.png",
    }
    days = {f.parent for f in manifest.files if f.parts[0] == "teams" and f.suffix != ".zip"}
    assert len(days) == len(plan.team_days)
    for d in days:
        assert {f.name for f in manifest.files if f.parent == d} == per_day
    assert Plan.from_json((out / "plan.json").read_text(encoding="utf-8")) == plan
    assert "berkas" in manifest.describe("id") and "files" in manifest.describe("en")


def test_failure_mid_write_keeps_the_previous_output(
    tmp_path: Path,
    plan: Plan,
    kab_data: KabupatenData,
    monkeypatch: pytest.MonkeyPatch,
    fast_pictures: None,
) -> None:
    """A renderer failing halfway leaves the earlier out/ byte-identical and no temp folder."""
    out = tmp_path / "out"
    write_outputs(plan, kab_data, out, maps=False)
    before = _snapshot(out)

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(output, "route_png", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_outputs(make_plan(kab_data), kab_data, out)
    assert _snapshot(out) == before
    assert _siblings(out) == []


def test_failure_on_a_fresh_folder_leaves_nothing(
    tmp_path: Path, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When there was no earlier output, a failure leaves no folder at all."""
    monkeypatch.setattr(output, "gpx_document", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_outputs(plan, None, tmp_path / "out", maps=False)
    assert list(tmp_path.iterdir()) == []


def test_refuses_a_foreign_file_at_one_of_our_names(tmp_path: Path, plan: Plan) -> None:
    """A plan.json the planner did not write is left untouched, with a clear error."""
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"precious")
    (out / "plan.json").write_text("not json", encoding="utf-8")
    with pytest.raises(OutputFolderError, match=r"plan\.json already exists and was not written"):
        write_outputs(plan, None, out, maps=False)
    assert _snapshot(out) == {"chapter1.docx": b"precious", "plan.json": b"not json"}
    assert _siblings(out) == []
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_outputs(plan, None, afile, maps=False)


def test_other_files_and_folders_in_the_output_survive(
    tmp_path: Path, plan: Plan, fast_pictures: None
) -> None:
    """Files the planner did not write (a report, a comparison folder) survive a new plan."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "laporan.docx").write_bytes(b"report")
    (out / "ppu-staffing").mkdir()
    (out / "ppu-staffing" / "comparison.csv").write_text("a,b\n", encoding="utf-8")
    write_outputs(plan, None, out, maps=False)
    write_outputs(plan, None, out, maps=False)
    assert (out / "laporan.docx").read_bytes() == b"report"
    assert (out / "ppu-staffing" / "comparison.csv").read_text(encoding="utf-8") == "a,b\n"
    assert (out / "schedule.csv").exists() and _siblings(out) == []


def test_a_file_edited_after_writing_is_not_overwritten(
    tmp_path: Path, plan: Plan, fast_pictures: None
) -> None:
    """Actuals typed into schedule.csv make it the user's: a new plan refuses, keeps it."""
    out = tmp_path / "out"
    write_outputs(plan, None, out, maps=False)
    (out / "schedule.csv").write_text("hand-typed actuals", encoding="utf-8")
    before = _snapshot(out)
    with pytest.raises(OutputFolderError, match=r"schedule\.csv changed after"):
        write_outputs(plan, None, out, maps=False)
    assert _snapshot(out) == before


def test_a_filled_in_workbook_is_kept_aside_and_the_next_plan_is_written(
    tmp_path: Path, plan: Plan, fast_pictures: None
) -> None:
    """The monthly loop: teams type their counts into schedule.xlsx (as the sheet asks), the
    manager imports it, and the next plan goes to the same folder without a manual step: the
    filled workbook is renamed aside byte for byte (and said so), never refused or replaced;
    a second filled one gets its own name."""
    out = tmp_path / "out"
    write_outputs(plan, None, out, maps=False)
    filled = b"PK-filled-workbook"
    (out / "schedule.xlsx").write_bytes(filled)
    manifest = write_outputs(plan, None, out, maps=False)
    ((aside_old, aside_new),) = manifest.kept_aside
    assert aside_old == "schedule.xlsx" and aside_new.startswith("schedule-diisi-")
    assert (out / aside_new).read_bytes() == filled
    assert (out / "schedule.xlsx").read_bytes() != filled
    assert "schedule-diisi-" in manifest.describe("id")
    (out / "schedule.xlsx").write_bytes(b"PK-second")
    second = write_outputs(plan, None, out, maps=False, lang="en")
    ((_, other),) = second.kept_aside
    assert other != aside_new and other.startswith("schedule-filled-")
    assert (out / aside_new).read_bytes() == filled and (out / other).read_bytes() == b"PK-second"
    write_outputs(plan, None, out, maps=False)  # the kept files are the user's: left alone
    assert (out / aside_new).read_bytes() == filled and (out / other).read_bytes() == b"PK-second"
    assert _siblings(out) == []


def test_a_folder_created_during_the_solve_is_kept(
    tmp_path: Path, plan: Plan, monkeypatch: pytest.MonkeyPatch, fast_pictures: None
) -> None:
    """Ownership is checked again at the swap: a folder that appeared meanwhile is merged
    into, and its own files survive."""
    out = tmp_path / "out"
    real = output._write_all

    def meanwhile(*args: object, **kwargs: object) -> int:
        out.mkdir()
        (out / "notes.txt").write_text("mine", encoding="utf-8")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(output, "_write_all", meanwhile)
    write_outputs(plan, None, out, maps=False)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "schedule.csv").exists()


def test_a_foreign_file_created_during_the_solve_is_refused(
    tmp_path: Path, plan: Plan, monkeypatch: pytest.MonkeyPatch, fast_pictures: None
) -> None:
    """A file at one of our names that appeared meanwhile is not overwritten."""
    out = tmp_path / "out"
    real = output._write_all

    def meanwhile(*args: object, **kwargs: object) -> int:
        out.mkdir()
        (out / "schedule.csv").write_text("theirs", encoding="utf-8")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(output, "_write_all", meanwhile)
    with pytest.raises(OutputFolderError):
        write_outputs(plan, None, out, maps=False)
    assert _snapshot(out) == {"schedule.csv": b"theirs"}
    assert _siblings(out) == []


def test_an_output_from_before_manifests_is_replaced(
    tmp_path: Path, plan: Plan, fast_pictures: None
) -> None:
    """An older version's output (readable plan.json, no manifest) is still recognised; its
    stale team folders go, other files stay."""
    out = tmp_path / "out"
    write_outputs(plan, None, out, maps=False)
    (out / ".ikd-planner.json").unlink()
    stale = out / "teams" / "old-team" / "2026-01-05"
    stale.mkdir(parents=True)
    (stale / "route.gpx").write_text("<gpx/>", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    manifest = write_outputs(plan, None, out, maps=False)
    assert manifest.replaced
    assert not (out / "teams" / "old-team").exists()
    assert (out / "notes.txt").exists()


def test_empty_existing_folder_is_used(tmp_path: Path, plan: Plan, fast_pictures: None) -> None:
    """An empty folder (e.g. made by hand beforehand) holds nothing to lose and is used."""
    out = tmp_path / "out"
    out.mkdir()
    manifest = write_outputs(plan, None, out, maps=False)
    assert (out / "schedule.csv").exists() and not manifest.replaced


def test_maps_off_and_no_data(tmp_path: Path, plan: Plan, fast_pictures: None) -> None:
    """maps=False skips map.html, route.html and peta.png; data=None still draws the routes."""
    m1 = write_outputs(plan, None, tmp_path / "nomaps", maps=False)
    names = {f.name for f in m1.files}
    assert not names & {"map.html", "route.html", "peta.png"}
    assert {"jadwal.html", "route.gpx", "pesan.txt"} <= names
    m2 = write_outputs(plan, None, tmp_path / "nodata")
    page = (tmp_path / "nodata" / "map.html").read_text(encoding="utf-8")
    assert "ikd-stop" in page and Path("map.html") in m2.files


def test_unsupported_language_writes_nothing(tmp_path: Path, plan: Plan) -> None:
    """An unknown language is refused before anything is written."""
    with pytest.raises(ValueError, match="unsupported language"):
        write_outputs(plan, None, tmp_path / "out", lang="fr")
    assert list(tmp_path.iterdir()) == []


def test_a_plan_without_visits_still_renders(
    tmp_path: Path, plan: Plan, kab_data: KabupatenData
) -> None:
    """A month with no visits (e.g. all venues closed) gives a header-only schedule and a map."""
    empty = plan.model_copy(update={"team_days": ()})
    manifest = write_outputs(empty, kab_data, tmp_path / "out")
    assert manifest.team_days == 0
    lines = (tmp_path / "out" / "schedule.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert "SMA Terpencil" in (tmp_path / "out" / "map.html").read_text(encoding="utf-8")


def test_ctrl_c_mid_write_keeps_the_previous_output(
    tmp_path: Path, plan: Plan, monkeypatch: pytest.MonkeyPatch, fast_pictures: None
) -> None:
    """Ctrl-C while rendering leaves the earlier output byte-identical and no temp folder."""
    out = tmp_path / "out"
    write_outputs(plan, None, out, maps=False)
    before = _snapshot(out)

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "kml_document", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(plan, None, out, maps=False)
    assert _snapshot(out) == before
    assert _siblings(out) == []


def test_one_zip_per_team_day_and_per_team_month(rendered: Rendered, plan: Plan) -> None:
    """Each team-day has `<team>-<date>.zip` holding exactly its folder's files (same bytes);
    each team has `<team>-<month>.zip` with every day; the terminal line gives their sizes."""
    out, manifest = rendered
    slugs = team_slugs(plan)
    for it in itineraries(plan):
        team_dir = out / "teams" / slugs[it.team]
        day = it.date.isoformat()
        root = f"{slugs[it.team]}-{day}"
        with zipfile.ZipFile(team_dir / f"{root}.zip") as zf:
            names = zf.namelist()
            assert sorted(names) == sorted(f"{root}/{p.name}" for p in (team_dir / day).iterdir())
            for name in names:
                assert zf.read(name) == (team_dir / day / name.split("/")[1]).read_bytes()
    for team, s in slugs.items():
        with zipfile.ZipFile(out / "teams" / f"{s}-2027-01.zip") as zf:
            days = {n.split("/")[1] for n in zf.namelist()}
        assert days == {it.date.isoformat() for it in itineraries(plan) if it.team == team}
    line = manifest.zip_line("id")
    assert "6 paket zip" in line and "tim-a-2027-01.zip" in line and " MB" in line


def test_zips_are_reproducible(tmp_path: Path, plan: Plan, fast_pictures: None) -> None:
    """The same plan written twice gives byte-identical zips (fixed times and order)."""
    a = write_outputs(plan, None, tmp_path / "a", maps=False)
    b = write_outputs(plan, None, tmp_path / "b", maps=False)
    zips = [f for f in a.files if f.suffix == ".zip"]
    assert zips and all((a.out_dir / f).read_bytes() == (b.out_dir / f).read_bytes() for f in zips)
