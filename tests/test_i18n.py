"""The one i18n module: every text in both languages, one way to print numbers and dates."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.i18n import (
    TABLES,
    Message,
    check_lang,
    failure_label,
    long_date,
    month_name,
    num,
    pct,
    placeholders,
    signed,
    solver_status_label,
    t,
    team_label,
    venue_type_label,
)

# English words that must not appear in a Bahasa Indonesia text (whole words, lower case).
_ENGLISH = {
    "the",
    "and",
    "of",
    "is",
    "see",
    "estimate",
    "failed",
    "outside",
    "lies",
    "with",
    "missing",
    "empty",
    "row",
    "field",
    "repeats",
    "greedy",
    "not",
    "number",
}


def test_every_key_is_in_both_languages() -> None:
    """Bahasa Indonesia and English have exactly the same keys (a missing one fails here)."""
    assert TABLES["id"].keys() == TABLES["en"].keys()


def test_both_languages_have_the_same_placeholders() -> None:
    """A `{name}` in one language is in the other, so filling a text never raises."""
    differ = {
        key: (placeholders(TABLES["id"][key]), placeholders(TABLES["en"][key]))
        for key in TABLES["id"]
        if placeholders(TABLES["id"][key]) != placeholders(TABLES["en"][key])
    }
    assert differ == {}


def test_no_english_words_inside_bahasa_texts() -> None:
    """Bahasa Indonesia texts do not fall back to English words (a common slip)."""
    slips = {
        key: text
        for key, text in TABLES["id"].items()
        if _ENGLISH & set(re.findall(r"[a-z]+", re.sub(r"<[^>]+>|{\w+}", "", text.lower())))
    }
    assert slips == {}


def test_numbers_follow_the_language() -> None:
    """Indonesian 3.301 / 14,5 % / 1,16; English 3,301 / 14.5 % / 1.16."""
    assert (num("id", 3301), pct("id", 0.145), num("id", 1.16, 2)) == ("3.301", "14,5 %", "1,16")
    assert (num("en", 3301), pct("en", 0.145), num("en", 1.16, 2)) == ("3,301", "14.5 %", "1.16")


def test_a_value_rounding_to_zero_has_no_sign() -> None:
    """`-0.04` with no decimals prints `0`, and `signed` adds no `+` to zero."""
    assert num("id", -0.04) == "0" and signed("en", 0.2) == "0"
    assert signed("id", 1427) == "+1.427" and signed("en", -12) == "-12"


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 3))
def test_indonesian_and_english_numbers_swap_separators(x: float, decimals: int) -> None:
    """The two languages print the same digits with `.` and `,` swapped."""
    en = num("en", x, decimals)
    swapped = en.replace(",", "\0").replace(".", ",").replace("\0", ".")
    assert num("id", x, decimals) == swapped


def test_dates_and_months_are_named_in_the_language() -> None:
    """`Senin, 4 Januari 2027`; `2027-01` → `Januari 2027`; a malformed month is kept."""
    assert long_date("id", date(2027, 1, 4)) == "Senin, 4 Januari 2027"
    assert long_date("en", date(2027, 1, 4)) == "Monday, 4 January 2027"
    assert month_name("id", "2027-01") == "Januari 2027" and month_name("en", "x") == "x"
    assert month_name("id", "2027-13") == "2027-13"


def test_an_unknown_language_is_refused_in_both_languages() -> None:
    """`check_lang("fr")` raises, and says so in Bahasa Indonesia and English."""
    with pytest.raises(ValueError, match=r"tidak didukung.*unsupported"):
        check_lang("fr")
    assert check_lang("en") == "en"


def test_an_unknown_key_raises() -> None:
    """A typo in a key fails loudly instead of printing nothing."""
    with pytest.raises(KeyError):
        t("id", "no_such_key")
    with pytest.raises(KeyError):
        Message.of("no_such_key")


def test_integer_parameters_follow_the_language() -> None:
    """`t(..., n=3301)` shows the count grouped like every other number."""
    msg = Message.of("sweep.end", solved=3301, skipped=0, failed=0, s="1", html="x")
    assert "3.301" in msg.text("id") and "3,301" in msg.text("en")
    assert str(msg) == msg.text("id")


def test_labels_of_names_and_codes() -> None:
    """Teams, venue kinds and solver statuses read as words; unknown codes stay visible."""
    assert team_label("id", "A") == "Tim A" and team_label("en", "Tim A") == "Tim A"
    assert venue_type_label("id", "kantor_desa") == "Kantor desa"
    assert venue_type_label("en", "mosque_new") == "mosque_new"
    assert solver_status_label("id", "OPTIMAL") != "OPTIMAL"
    assert solver_status_label("en", "WEIRD") == "WEIRD"


def test_every_solver_note_reads_in_the_chosen_language() -> None:
    """A status with every note the solver writes (planner/solve/month.py) reads fully in
    Bahasa: no English clause such as "wall-clock limit hit" inside the Bahasa summary."""
    raw = (
        "FEASIBLE (integer solver UNKNOWN: no plan in time, greedy plan kept; it breaks: A, B; "
        "bound not converged: time share; time limit reached; "
        "wall-clock limit hit: a rerun may differ)"
    )
    kept = "OPTIMAL (greedy plan kept)"
    for shown in (solver_status_label("id", raw), solver_status_label("id", kept)):
        for english in ("greedy", "bound", "time", "wall-clock", "rerun", "solver", "FEASIBLE"):
            assert english not in shown, shown
    assert "hitung ulang bisa memberi hasil lain" in solver_status_label("id", raw)
    assert t("id", "status.greedy_kept") in solver_status_label("id", kept)
    assert solver_status_label("en", "OPTIMAL (time limit reached)") == (
        "proven best; time limit reached"
    )


def test_a_sweep_failure_reads_in_the_chosen_language() -> None:
    """After `gagal:` the stage and the kind of error are Bahasa; the recorded detail stays."""
    raw = "writing out/tim-2: PermissionError: [Errno 13] Permission denied: 'x'"
    assert failure_label("id", raw) == (
        "menulis out/tim-2: tidak ada izin: [Errno 13] Permission denied: 'x'"
    )
    assert failure_label("en", raw).startswith("writing out/tim-2: no permission: ")
    assert failure_label("id", "unknown error") == "kesalahan tidak diketahui"
    assert failure_label("id", "WeirdError: x") == "WeirdError: x"


def test_the_module_imports_nothing_heavy() -> None:
    """planner.i18n loads without third-party packages, so io and the CLI can use it cheaply."""
    code = (
        "import sys, planner.i18n; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('numpy', 'pandas', 'ortools', 'openpyxl', 'folium', 'pydantic', 'matplotlib')"
        " or (m.startswith('planner.') and not m.startswith('planner.i18n'))]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
