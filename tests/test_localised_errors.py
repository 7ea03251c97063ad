"""The planner's own errors keep both languages when they cross a process boundary (the web
app's job runner and the sweep's workers run plans in other processes)."""

from __future__ import annotations

import pickle

import pytest

from planner.i18n import LocalisedError, Message
from planner.io.atomic import NotOursError
from planner.replan import ReplanError
from planner.scenario import Scenario, Team
from planner.scenario_check import ScenarioDataError, check_scenario_fits
from tests.factories import tiny_kabupaten


def _scenario_error() -> ScenarioDataError:
    with pytest.raises(ScenarioDataError) as exc:
        check_scenario_fits(Scenario(teams=(Team(name="A", base="V-NOPE"),)), tiny_kabupaten())
    return exc.value


@pytest.mark.parametrize(
    "error",
    [
        ReplanError("replan.from_outside", date="2027-03-02", month="2027-02"),
        NotOursError(Message.of("atomic.not_folder", folder="out")),
        _scenario_error(),
    ],
    ids=["replan", "output-folder", "scenario-fit"],
)
def test_a_pickled_error_says_the_same_in_both_languages(error: LocalisedError) -> None:
    """Pickled and restored, the error reads the same in Bahasa and in English."""
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert back.text("id") == error.text("id") and back.text("en") == error.text("en")
    assert str(back) == error.text("en") != error.text("id")
