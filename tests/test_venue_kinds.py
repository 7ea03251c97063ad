"""Venue kinds: one registry entry per kind, scenario tables keyed and checked against it, and a
new kind (a puskesmas, a mosque after Friday prayer) planned end to end with one entry."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest

from planner import venue_kinds
from planner.domain import Venue
from planner.i18n import venue_type_label
from planner.io.load import load_kabupaten
from planner.io.scenario_file import ScenarioError, load_scenario
from planner.pipeline import build_planning_problem, plan_month
from planner.render.overview_map import venue_category
from planner.scenario import DemandConfig, Scenario, VisitConfig
from planner.venue_kinds import Catchment, VenueKind
from tests.factories import tiny_kabupaten
from tests.io.conftest import read_rows, write_rows

FAST = {"time_limit_s": 3.0, "workers": 1}

PUSKESMAS = VenueKind(
    id="puskesmas",
    demand_key="puskesmas",
    p=0.05,
    service_min=120,
    catchment=Catchment.OWN_KECAMATAN,
    labels={"id": "Puskesmas", "en": "Community health centre"},
    map_layer="office",
)

MASJID_JUMAT = VenueKind(
    id="masjid_jumat",
    demand_key="masjid_jumat",
    p=0.04,
    service_min=90,
    catchment=Catchment.NEARBY,
    labels={"id": "Masjid (usai salat Jumat)", "en": "Mosque (after Friday prayer)"},
    map_layer="event",
)


@pytest.fixture
def puskesmas() -> Iterator[VenueKind]:
    """The puskesmas kind, registered for one test only."""
    with venue_kinds.registered(PUSKESMAS) as k:
        yield k


def _write_scenario(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_typo_in_p_type_is_refused_naming_known_kinds(tmp_path: Path) -> None:
    """`kantor_dessa = 0.05` is an error that names the file, the field and the known kinds."""
    path = _write_scenario(tmp_path, "[demand.p_type]\nkantor_dessa = 0.05\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    msg = str(info.value)
    assert "scenario.toml" in msg and "p_type" in msg and "kantor_dessa" in msg
    assert "kantor_desa" in msg.split("known:")[1] and "school_smp" in msg


def test_typo_in_service_min_is_refused(tmp_path: Path) -> None:
    """An unknown row of `[visits.service_min]` is refused too."""
    path = _write_scenario(tmp_path, "[visits.service_min]\nshcool = 120\n")
    with pytest.raises(ScenarioError, match="shcool"):
        load_scenario(path)


def test_partial_p_type_table_merges_over_defaults(tmp_path: Path) -> None:
    """Setting only `school` keeps every other kind's default (kantor desa visits stay worth
    something)."""
    sc = load_scenario(_write_scenario(tmp_path, "[demand.p_type]\nschool = 0.7\n"))
    assert sc.demand.p_type["school"] == 0.7
    assert sc.demand.p_type["kantor_desa"] == venue_kinds.kind("kantor_desa").p
    assert set(sc.demand.p_type) == set(venue_kinds.default_p_type())


def test_partial_service_min_table_merges_over_defaults() -> None:
    """One changed row of service minutes leaves the others at their defaults."""
    visits = VisitConfig.model_validate({"service_min": {"market": 60}})
    assert visits.service_min["market"] == 60
    assert visits.service_min["school"] == venue_kinds.kind("school_sma").service_min


def test_zero_service_minutes_are_refused() -> None:
    """A visit of 0 minutes is not a visit."""
    with pytest.raises(ValueError, match=r"service_min\.market"):
        VisitConfig.model_validate({"service_min": {"market": 0}})


def test_merged_tables_survive_a_round_trip() -> None:
    """Dumping and validating a scenario again gives the same tables (override() does this)."""
    sc = Scenario(demand=DemandConfig(p_type={"market": 0.02}))
    again = Scenario.model_validate(sc.model_dump())
    assert again.demand.p_type == sc.demand.p_type


def test_kinds_sharing_a_demand_key_agree_on_defaults() -> None:
    """SMA, SMK and SLB share the `school` row, so they must share its defaults."""
    by_key: dict[str, set[tuple[float | None, int | None]]] = {}
    for k in venue_kinds.all_kinds():
        by_key.setdefault(k.demand_key, set()).add((k.p, k.service_min))
    assert all(len(v) == 1 for v in by_key.values()), by_key


def test_register_refuses_a_taken_id_or_a_disagreeing_key() -> None:
    """A second `kantor_desa`, or a kind on the `school` row with another p, is refused."""
    with pytest.raises(ValueError, match="already registered"):
        venue_kinds.register(dataclasses.replace(PUSKESMAS, id="kantor_desa"))
    with pytest.raises(ValueError, match="shares demand key"):
        venue_kinds.register(dataclasses.replace(PUSKESMAS, demand_key="school"))
    assert venue_kinds.find("puskesmas") is None


def test_every_kind_has_labels_in_both_languages() -> None:
    """Each kind is named in Bahasa Indonesia and English; an unknown kind shows its id."""
    for k in venue_kinds.all_kinds():
        assert venue_type_label("id", k.id) and venue_type_label("en", k.id)
        assert venue_type_label("en", k.id) == k.labels["en"]
    assert venue_type_label("id", "klinik_baru") == "klinik_baru"


def test_unknown_kind_lookup_names_the_known_ones() -> None:
    """Asking for a kind that is not registered says which kinds exist."""
    with pytest.raises(venue_kinds.UnknownVenueKindError, match="known: school_sma"):
        venue_kinds.kind("kantor_dessa")


def test_new_kind_is_accepted_in_scenario_tables(puskesmas: VenueKind) -> None:
    """Once registered, the new kind has a default row and can be set in the scenario."""
    assert Scenario().demand.p_type["puskesmas"] == 0.05
    sc = Scenario(visits={"service_min": {"puskesmas": 100}})
    assert sc.visits.service_min["puskesmas"] == 100


def test_new_kind_loads_from_venues_csv(puskesmas: VenueKind, tmp_path: Path) -> None:
    """A venues.csv row with `venue_type = puskesmas` loads as a venue of that kind."""
    src = Path(__file__).parent / "data" / "kab_mini"
    folder = tmp_path / "kab"
    shutil.copytree(src, folder)
    rows = read_rows(folder / "venues.csv")
    new = {**rows[1], "venue_id": "PKM-01", "venue_type": "puskesmas", "name": "Puskesmas Uji"}
    write_rows(folder / "venues.csv", [*rows, new])
    data = load_kabupaten(folder)
    assert data.venue("PKM-01").kind is puskesmas


def test_new_kind_is_planned_with_its_own_rules(puskesmas: VenueKind) -> None:
    """A puskesmas added as one registry entry is planned: visited, with its own service
    minutes, its label on the map layer `office`."""
    base = tiny_kabupaten(n_desa=3, schools_per_desa=0, with_event=False)
    pkm = Venue(
        "PKM",
        "puskesmas",
        "Puskesmas Uji",
        "99.01.01",
        "99.01.01.2002",
        -1.30,
        116.73,
        True,
        (0, 1, 2, 3, 4),
        time(8),
        time(15),
        staff=20,
    )
    data = dataclasses.replace(base, venues=(*base.venues, pkm))
    problem, demands = build_planning_problem(data, Scenario(solver=FAST), "2026-11")
    assert problem.candidate("PKM").service_min == 120
    assert demands["PKM"].p == 0.05 and demands["PKM"].residents > 0
    plan = plan_month(data, Scenario(solver=FAST), month="2026-11")
    assert any(s.venue_id == "PKM" for td in plan.team_days for s in td.stops)
    assert next(v for v in plan.venues if v.id == "PKM").type == "puskesmas"
    assert venue_category("puskesmas") == "office"
    assert venue_type_label("en", "puskesmas") == "Community health centre"


def test_mosque_after_friday_prayer_is_visited_only_on_fridays() -> None:
    """A mosque open only Friday 12:30–15:00 is visited on Fridays and nowhere else."""
    base = tiny_kabupaten(n_desa=2, schools_per_desa=0, with_event=False)
    mosque = Venue(
        "MSJ",
        "masjid_jumat",
        "Masjid Raya Uji",
        "99.01.01",
        "99.01.01.2001",
        -1.299,
        116.702,
        True,
        (4,),
        time(12, 30),
        time(15),
        staff=0,
    )
    data = dataclasses.replace(base, venues=(*base.venues, mosque))
    with venue_kinds.registered(MASJID_JUMAT):
        plan = plan_month(data, Scenario(solver=FAST), month="2026-11")
    dates = [td.date for td in plan.team_days for s in td.stops if s.venue_id == "MSJ"]
    assert dates and all(d.weekday() == 4 for d in dates)
