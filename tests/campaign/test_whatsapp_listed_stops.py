"""A WhatsApp report listing several stops on one line without their stop numbers
(`SMAN 1 Penajam 30, Kantor Desa Sotek 25`): each venue's count is recorded, and a line that
cannot be read without guessing which number belongs to which venue is refused naming it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.campaign.actuals.importer import import_actuals
from planner.campaign.actuals.names import name_words, normalise
from planner.campaign.actuals.rows import VenueInfo
from planner.campaign.actuals.whatsapp import read_whatsapp_report
from planner.campaign.ledger import Ledger
from planner.io.errors import DataValidationError, Findings
from tests.campaign.factories import ledger_counts, write

TIM1_HEADER = "*Jadwal kunjungan IKD — Tim 1*\nSenin, 4 Januari 2027\n"
DAY1 = date(2027, 1, 4)


def _reported(ledger: Ledger) -> dict[tuple[str, str], int]:
    history = ledger.history("99.01")
    assert history is not None
    return {(v.team, v.venue_id): v.activations or 0 for v in history.reported}


def _refused(ledger: Ledger, path: Path) -> DataValidationError:
    before = ledger_counts(ledger)
    with pytest.raises(DataValidationError) as exc:
        import_actuals(ledger.engine, path)
    assert ledger_counts(ledger) == before
    return exc.value


@pytest.mark.parametrize(
    "line",
    [
        "Kantor Kelurahan Gersik 30, SMKN 2 PPU 25",
        "Kantor Kelurahan Gersik 30; SMKN 2 PPU 25",
        "Kel. Gersik: 30 orang, SMKN 2 PPU = 25 org",
    ],
)
def test_two_planned_venues_on_one_line_are_both_recorded(
    ledger: Ledger, tmp_path: Path, line: str
) -> None:
    """A team leader's `A 30, B 25` (no stop numbers) records A's and B's counts."""
    res = import_actuals(ledger.engine, write(tmp_path / "wa.txt", TIM1_HEADER + line + "\n"))
    assert res.added == 2
    assert _reported(ledger) == {("Tim 1", "KD-GERSIK"): 30, ("Tim 1", "SMK-2"): 25}


@pytest.mark.parametrize(
    "line",
    [
        "Kantor Kelurahan Gersik, SMKN 2 PPU 30 25",
        "Kantor Kelurahan Gersik; SMKN 2 PPU 55 orang 20",
        "Kantor Kelurahan Gersik 30, 25",
    ],
)
def test_a_line_whose_numbers_cannot_be_told_apart_is_refused(
    ledger: Ledger, tmp_path: Path, line: str
) -> None:
    """When it cannot be told which number belongs to which venue, the file is refused naming
    the line (in both languages), and nothing is recorded."""
    exc = _refused(ledger, write(tmp_path / "wa.txt", TIM1_HEADER + line + "\n"))
    (only,) = exc.errors
    assert only.text("id").startswith("wa.txt baris 3, kolom 'count': tidak jelas angka mana")
    assert "cannot tell which count belongs to which venue" in only.text("en")


def test_a_listed_venue_without_its_number_is_refused_naming_it(
    ledger: Ledger, tmp_path: Path
) -> None:
    """`A 30, B tiga puluh`: B (planned that day) has no number; the line is refused naming B,
    never recorded as A alone."""
    text = TIM1_HEADER + "Kantor Kelurahan Gersik 30, SMKN 2 PPU tiga puluh\n"
    (only,) = _refused(ledger, write(tmp_path / "wa.txt", text)).errors
    assert only.text("id").startswith("wa.txt baris 3, kolom 'count': tidak ada angka untuk")
    assert "SMKN 2 PPU" in only.text("id")


def test_a_number_that_may_be_part_of_the_name_is_not_taken_as_the_count(
    ledger: Ledger, tmp_path: Path
) -> None:
    """`…, SMKN 2` (planned: SMKN 2 PPU): the `2` is the name's, not a count of 2 people; the
    line is refused naming that venue, alone on its line or listed."""
    for line in ("SMKN 2", "Kantor Kelurahan Gersik 40, SMKN 2"):
        (only,) = _refused(ledger, write(tmp_path / "wa.txt", TIM1_HEADER + line + "\n")).errors
        assert "baris 3, kolom 'count'" in only.text("id") and "SMKN 2" in only.text("id")


@pytest.mark.parametrize(
    ("extra", "said"),
    [("081234567890", "phone"), ("NIK 6409011234567890", "NIK")],
)
def test_personal_data_among_listed_stops_is_refused(
    ledger: Ledger, tmp_path: Path, extra: str, said: str
) -> None:
    """A phone number or NIK typed among the listed stops refuses the file, as on any line."""
    text = TIM1_HEADER + f"Kantor Kelurahan Gersik 30, {extra}, SMKN 2 PPU 25\n"
    exc = _refused(ledger, write(tmp_path / "wa.txt", text))
    assert any(said in e.text("en") and e.row == 3 for e in exc.errors)


WORDS = [
    "SD",
    "SMP",
    "SMA",
    "Negeri",
    "Kantor",
    "Desa",
    "Kelurahan",
    "Masjid",
    "Pasar",
    "Sotek",
    "Gersik",
    "Lango",
    "Babulu",
    "Waru",
    "Sepaku",
    "Puskesmas",
    "Balai",
    "Posyandu",
    "Nipah",
    "Riko",
    "Giri",
    "Mukti",
    "Pantai",
    "Lama",
    "Baru",
]
names = st.builds(
    lambda first, rest: " ".join([first, *rest]),
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS) | st.integers(1, 20).map(str), max_size=3),
)
stops = st.lists(
    st.tuples(names, st.integers(0, 2000)),
    min_size=1,
    max_size=6,
    unique_by=lambda s: normalise(s[0]),
)
forms = st.sampled_from(("{name} {count}", "{name}: {count}", "{name} {count} orang"))


def _readable(listed: list[tuple[str, int]]) -> bool:
    """False where the typed words are another venue's name (`Sotek 3` with 5 people, when
    `Sotek 3 5` is a venue too): then the line truly cannot be read without guessing."""
    words = [name_words(n) for n, _ in listed]
    typed = [set(normalise(f"{n} {c}").split()) for n, c in listed]
    whole = set(normalise(" ".join(f"{n} {c}" for n, c in listed)).split())
    return not any(t <= w for t in [*typed, whole] for w in words)


@given(stops, st.sampled_from((", ", "; ")), forms)
def test_any_list_of_planned_venues_with_counts_reads_back_exactly(
    listed: list[tuple[str, int]], separator: str, form: str
) -> None:
    """Planned venue names with their counts, joined by `, ` or `; `, are read back exactly:
    the same venues, the same counts, in the same order, without a problem."""
    from hypothesis import assume

    assume(_readable(listed))
    venues = [VenueInfo(f"V{i}", name, "kantor_desa") for i, (name, _) in enumerate(listed)]
    planned = [(DAY1, "Tim 1", v.venue_id) for v in venues]
    line = separator.join(form.format(name=n, count=c) for n, c in listed)
    findings = Findings()
    visits = read_whatsapp_report(
        "Tim 1\n4 Januari 2027\n" + line + "\n", "wa.txt", findings, ("Tim 1",), venues, planned
    )
    assert [e.text("en") for e in findings.errors] == []
    assert [(v.venue_id, v.activations) for v in visits] == [
        (f"V{i}", c) for i, (_, c) in enumerate(listed)
    ]
