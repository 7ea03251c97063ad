"""Terminal summary: headline figures in Bahasa Indonesia or English, staffing note."""

from __future__ import annotations

import re

from planner.i18n import pct
from planner.pipeline import plan_month
from planner.render.summary_text import summary_lines
from planner.scenario import Scenario, Team
from tests.factories import tiny_kabupaten

FAST = {"time_limit_s": 3.0, "workers": 1}


def test_summary_in_both_languages_with_staff_note() -> None:
    """4 teams of 3 with 8 officers/2 cars a day: the summary says only 2 teams go out."""
    teams = tuple(Team(name=f"T{i}") for i in range(4))
    sc = Scenario(teams=teams, staff={"officers_per_day": 8, "vehicles_per_day": 2}, solver=FAST)
    plan = plan_month(tiny_kabupaten(n_desa=3), sc, month="2026-11")
    id_text = "\n".join(summary_lines(plan, "id"))
    en_text = "\n".join(summary_lines(plan, "en"))
    assert "Perkiraan aktivasi" in id_text and "Expected activations" in en_text
    assert "2 dari 4 tim" in id_text and "2 of 4 teams" in en_text
    assert f"{plan.summary.gap:.1%}".replace("%", " %") in en_text
    assert "November 2026" in id_text and "November 2026" in en_text


def test_every_number_in_the_summary_follows_the_language() -> None:
    """Indonesian summary: rates `14,5 %`, ratios `1,16`, never an English `14.5%` or `1.16`."""
    plan = plan_month(tiny_kabupaten(n_desa=3), Scenario(solver=FAST), month="2026-11")
    id_text = "\n".join(summary_lines(plan, "id"))
    s = plan.summary
    assert pct("id", s.ikd_rate_before) in id_text and pct("id", s.gap) in id_text
    assert not re.search(r"\d\.\d%|\d%", id_text)
    assert not re.search(r"\d\.\d\d ", id_text), "a ratio printed with a decimal point"
    assert "OPTIMAL" not in id_text and "FEASIBLE" not in id_text


def test_no_note_when_limits_do_not_bind() -> None:
    """Without binding limits there is no staffing note."""
    plan = plan_month(tiny_kabupaten(n_desa=2), Scenario(solver=FAST), month="2026-11")
    assert not any("tim keluar" in line for line in summary_lines(plan, "id"))


def _with_calendar(month: str, holidays: list[dict[str, str]]) -> list[str]:
    from tests.render.conftest import make_plan

    plan = make_plan()
    scenario = {**plan.scenario, "calendar": {"school_holidays": holidays}}
    return summary_lines(plan.model_copy(update={"month": month, "scenario": scenario}), "en")


HOLIDAYS = [
    {"start": "2026-12-21", "end": "2027-01-02"},
    {"start": "2027-06-28", "end": "2027-07-10"},
]


def test_a_month_outside_the_school_calendar_is_warned_about() -> None:
    """2027-12 lies after the last configured school holiday: the summary says so."""
    text = "\n".join(_with_calendar("2027-12", HOLIDAYS))
    assert "school holidays are not configured for 2027-12" in text


def test_a_month_inside_the_school_calendar_has_no_warning() -> None:
    """2027-03 lies between configured holidays: no warning."""
    assert not any("not configured" in line for line in _with_calendar("2027-03", HOLIDAYS))


def test_no_school_holidays_at_all_is_warned_about() -> None:
    """A scenario without any school holiday gets a warning when schools are planned."""
    assert any("configures no school holidays" in line for line in _with_calendar("2027-03", []))
