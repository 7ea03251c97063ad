"""Read WhatsApp replies to `pesan.txt`: one line per stop, team and date from the header.

A reply looks like the message the team received, with a count per stop:

    *Jadwal kunjungan IKD — Tim 1*
    Senin, 4 Januari 2027
    1. Kantor Kelurahan Gersik: 52
    SMKN 2 PPU 71

A line naming a team starts a new message (its date follows, as in pesan.txt, or stands on the
same line); several messages may be pasted into one file. A stop line is a venue name (or id)
then a count, after an optional stop number and time; the name is matched forgivingly
(`names.match_venue`) and an ambiguous or unknown name is an error, never a guess. Lines of the
original message (times, links, totals, breaks) and chat prefixes (`[04/01/27 16.05] Name: `) are
skipped, and the sender's name is never kept. A count on a visit's continuation line after a
break (`2. 13:00–13:44 Kantor Desa Lima (lanjutan): 12`) is added to that visit.

Several stops may share a line, with their stop numbers (`1. A: 30, 2. B: 25`) or without
(`A 30, B 25`, `A 30; B 25`): each venue takes the number written right after it. A line
where that cannot be told (`A, B 30 25`) is refused naming the line, never guessed; so is a
number that may be part of a venue's name (`SMKN 2` alone is not 2 people at SMKN 2 PPU).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Sequence
from datetime import date

from planner.campaign.actuals.names import match_venue
from planner.campaign.actuals.rows import ReportedVisit, VenueInfo, problem
from planner.campaign.actuals.screen import screen_text
from planner.campaign.actuals.values import BadValueError, find_long_date, parse_count, parse_date
from planner.i18n import Message
from planner.io.errors import Findings

_CHAT_PREFIX = re.compile(
    r"^\[?\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4},?\s+\d{1,2}[.:]\d{2}(?:[.:]\d{2})?\s*(?:[AaPp][Mm])?\]?"
    r"\s*(?:-\s*)?[^:]{1,60}:\s*"
)
_TIME_PREFIX = re.compile(
    r"^(\s*(?:\d{1,2}\s*[.)]\s*)?)\d{1,2}[:.]\d{2}\s*[–-]\s*\d{1,2}[:.]\d{2}\s*"
)
_STOP_PREFIX = re.compile(r"^\s*(?:\d{1,2}\s*[.)]\s*)?(?:\d{1,2}[:.]\d{2}\s+)?")
_TRAILING_COUNT = re.compile(
    r"^(?P<name>.*?\S)\s*[:=\-–]?\s+(?P<count>-?\d[\d.,]*)\s*(?:orang|org|aktivasi|akt)?\.?$",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b")
_SKIP_WORDS = re.compile(
    r"https?://|\bp10\b|perkiraan|expected|±|\btotal\b|\bjumlah\b|mohon|please|bawa|bring|"
    r"terima kasih|kembali ke|back to",
    re.IGNORECASE,
)
_TEAM_HEADER = re.compile(r"(?:^|[—–-]\s*)(?P<team>(?:tim|team)\s+[\w.-]+)\s*$", re.IGNORECASE)
_CONTINUED = re.compile(r"\((?:lanjutan|continued)\)", re.IGNORECASE)
_TIME_RANGE = re.compile(r"\d{1,2}[:.]\d{2}\s*[–-]\s*\d{1,2}[:.]\d{2}")
#: Where a reply joins its stops on one line: a comma, then the next stop's number (`, 2. `).
_JOINED_STOPS = re.compile(r",\s*(?=\d{1,2}[.)]\s+\D)")
#: Where a reply lists its stops on one line without their numbers (`A 30, B 25`, `A 30; B 25`).
_LISTED_STOPS = re.compile(r"\s*[,;]\s+")


def _error(
    findings: Findings, file: str, line: int, field: str | None, message: str | Message
) -> None:
    findings.errors.append(problem(file, line, field, message, "line"))


def _team_in(line: str, teams: Sequence[str]) -> str | None:
    low = line.casefold()
    for team in sorted(teams, key=len, reverse=True):
        if re.search(rf"(?<![0-9a-z]){re.escape(team.casefold())}(?![0-9a-z])", low):
            return team
    return None


def _date_in(line: str) -> date | None:
    found = find_long_date(line)
    if found is not None:
        return found
    m = _NUMERIC_DATE.search(line)
    if m:
        try:
            return parse_date(m.group(1))
        except BadValueError:
            return None
    return None


def looks_like_whatsapp(text: str, teams: Sequence[str]) -> bool:
    """True when some line names a team (the header of a reply), known or not."""
    return any(
        _team_in(line, teams) or _TEAM_HEADER.search(line.replace("*", "").strip())
        for line in text.splitlines()
    )


def read_whatsapp_report(
    text: str,
    file: str,
    findings: Findings,
    teams: Sequence[str],
    venues: Iterable[VenueInfo],
    planned: Collection[tuple[date, str, str]] = (),
) -> list[ReportedVisit]:
    """Every stop line with a count; problems name the line (1-based) and the field.

    `planned` holds the (date, team, venue id) of the planned visits: a line that names one of
    that team-day's venues but carries no count (`Pantai Lango tiga puluh`) is an error, never
    dropped. A reply that joins its stops on one line (`1. A: 30 orang, 2. B: 25 orang`, or
    `A 30, B 25` without stop numbers) is read stop by stop.
    """
    pool = list(venues)
    by_id = {v.venue_id: v for v in pool}
    planned_on: dict[tuple[date, str], list[VenueInfo]] = {}
    for d, tm, vid in planned:
        if vid in by_id:
            planned_on.setdefault((d, tm), []).append(by_id[vid])
    team: str | None = None
    day: date | None = None
    unknown_team = False
    out: list[ReportedVisit] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = _CHAT_PREFIX.sub("", raw.replace("*", "").replace("_", " ")).strip()
        if not line:
            continue
        if not screen_text(findings, file, n, None, line, unit="line"):
            continue
        header_team = _team_in(line, teams)
        header_day = _date_in(line)
        if header_team is not None:
            team, day, unknown_team = header_team, header_day, False
            continue
        other = _TEAM_HEADER.search(line)
        if other is not None:
            known = ", ".join(teams)
            _error(
                findings,
                file,
                n,
                "team",
                Message.of("actuals.unknown_team", team=repr(other["team"]), teams=known),
            )
            team, day, unknown_team = None, header_day, True
            continue
        if header_day is not None:
            day = header_day
            continue
        if unknown_team:
            continue
        if _CONTINUED.search(line):
            _continued(_TIME_PREFIX.sub(r"\1", line), n, file, findings, pool, team, day, out)
            continue
        if raw.startswith("   ") or _SKIP_WORDS.search(line) or _TIME_RANGE.search(line):
            continue
        today = planned_on.get((day, team), []) if team is not None and day is not None else []
        for joined in _JOINED_STOPS.split(line):
            parts = split_listed_stops(joined, pool, today)
            if parts is None:
                text = repr(joined.strip())
                _error(findings, file, n, "count", Message.of("actuals.ambiguous_line", text=text))
                continue
            for part in parts:
                problems = len(findings.errors)
                visit = _stop_line(part, n, file, findings, pool, team, day)
                if visit is not None:
                    out.append(visit)
                elif team is not None and day is not None and len(findings.errors) == problems:
                    _named_without_count(part, n, file, findings, today)
    return out


def _name_and_count(body: str, venues: Sequence[VenueInfo]) -> tuple[str, str] | None:
    """A stop line's venue name and count text (`A 30`, `A: 30 orang`, `A = 30`), or None
    when it carries no count after the name. A trailing number that is part of a venue's name
    (`SMAN 1` when SMA Negeri 1 is a venue) is the name, not a count: which one the team meant
    cannot be told, so the line has no count (and is refused if it names a planned venue)."""
    m = _TRAILING_COUNT.match(body)
    if m:
        if match_venue(body, venues).venue_id is not None:
            return None
        return m.group("name").rstrip(" :=-–"), m.group("count")
    if ":" in body:
        name, count = (p.strip() for p in body.rsplit(":", 1))
        return name, count
    return None


def _planned_prefix(body: str, planned: Sequence[VenueInfo]) -> VenueInfo | None:
    """The planned venue whose name starts `body` (`Pantai Lango tiga puluh`), if any."""
    words = body.split()
    for k in range(len(words) - 1, 0, -1):
        match = match_venue(" ".join(words[:k]), planned)
        if match.venue_id is not None:
            return next(v for v in planned if v.venue_id == match.venue_id)
    return None


def split_listed_stops(
    line: str, venues: Sequence[VenueInfo], planned: Sequence[VenueInfo] = ()
) -> list[str] | None:
    """A line listing several stops without their numbers (`SMAN 1 Penajam 30, Kantor Desa
    Sotek 25`, or joined by `; `), as one text per stop; the line as it is when it is one stop
    (a venue whose name holds a comma too) or has nothing to split.

    A part naming a venue without a number (`A 30, B tiga puluh`) is kept, to be refused as
    a stop without its count. None when the line cannot be read without guessing which number
    belongs to which venue: a part names a venue without a number while a counted part is not
    one venue and a count (`A, B 30 25`), a number stands alone (`A 30, 25`), or the line
    reads both as one venue's count and as several stops. Chatter between the stops (`A 30,
    lancar`) is left out, as a chatter line is.
    """
    body = _STOP_PREFIX.sub("", line, count=1).strip()
    pieces = [p for p in _LISTED_STOPS.split(body) if p]
    if len(pieces) < 2:
        return [line]
    whole = _name_and_count(body, venues)
    whole_venue = whole is not None and match_venue(whole[0], venues).venue_id is not None
    counted: list[str] = []
    named: list[str] = []
    stray = False
    for piece in pieces:
        if _name_and_count(piece, venues) is not None:
            counted.append(piece)
        elif match_venue(piece, venues).venue_id is not None or _planned_prefix(piece, planned):
            named.append(piece)
        else:
            stray = stray or any(c.isdigit() for c in piece)
    if whole_venue:
        return None if len(counted) == len(pieces) else [line]
    if not counted:
        return [line]
    if stray or (named and not all(_reads_cleanly(piece, venues) for piece in counted)):
        return None
    return [piece for piece in pieces if piece in counted or piece in named]


def _reads_cleanly(piece: str, venues: Sequence[VenueInfo]) -> bool:
    """True when `piece` is one venue and a count: then a venue named without a number next to
    it simply lacks its number (refused as such), rather than leaving numbers unassigned."""
    read = _name_and_count(piece, venues)
    if read is None or match_venue(read[0], venues).venue_id is None:
        return False
    try:
        parse_count(read[1])
    except BadValueError:
        return False
    return True


def _named_without_count(
    line: str, n: int, file: str, findings: Findings, planned: list[VenueInfo]
) -> None:
    """An error when a line the reader took no count from starts with the name of a venue
    planned for that team-day (`Pantai Lango tiga puluh`): the count is missing or unreadable,
    and dropping the line would lose a visit without a word."""
    body = _STOP_PREFIX.sub("", line, count=1).strip()
    if not planned or _TRAILING_COUNT.match(body) or ":" in body:
        return  # read (or refused) as a stop line already
    venue = _planned_prefix(body, planned)
    if venue is not None:
        _error(
            findings,
            file,
            n,
            "count",
            Message.of("actuals.no_count_planned", name=repr(venue.name), text=repr(body)),
        )


def _continued(
    line: str,
    n: int,
    file: str,
    findings: Findings,
    venues: list[VenueInfo],
    team: str | None,
    day: date | None,
    out: list[ReportedVisit],
) -> None:
    """A visit's part after a break (`2. 13:00–13:44 Kantor Desa Lima (lanjutan): 12`).

    Its count is added to the same visit's earlier line in this message; without an earlier
    line it is the visit's count. A continuation line without a count is not a report.
    """
    has_count = _TRAILING_COUNT.match(_STOP_PREFIX.sub("", line, count=1).strip()) or (
        ":" in line and line.rsplit(":", 1)[1].strip()
    )
    if not has_count:
        return
    visit = _stop_line(line, n, file, findings, venues, team, day)
    if visit is None:
        return
    for i in range(len(out) - 1, -1, -1):
        if out[i].key == visit.key:
            out[i] = dataclasses.replace(out[i], activations=out[i].activations + visit.activations)
            return
    out.append(visit)


def _stop_line(
    line: str,
    n: int,
    file: str,
    findings: Findings,
    venues: list[VenueInfo],
    team: str | None,
    day: date | None,
) -> ReportedVisit | None:
    body = _STOP_PREFIX.sub("", line, count=1).strip()
    read = _name_and_count(body, venues)
    if read is not None:
        name, count_text = read
    else:
        match = match_venue(body, venues)
        if match.venue_id is not None:
            _error(findings, file, n, "count", Message.of("actuals.no_count", name=repr(body)))
        return None
    match = match_venue(name, venues)
    if match.venue_id is None:
        if match.ambiguous:
            names = "; ".join(f"{v.name} ({v.venue_id})" for v in match.candidates)
            _error(
                findings,
                file,
                n,
                "venue",
                Message.of("actuals.ambiguous", name=repr(name), names=names),
            )
        else:
            _error(findings, file, n, "venue", Message.of("actuals.unknown_name", venue=repr(name)))
        return None
    try:
        count = parse_count(count_text)
    except BadValueError as exc:
        _error(findings, file, n, "count", exc.message)
        return None
    if team is None or day is None:
        missing = "team" if team is None else "date"
        _error(findings, file, n, missing, Message.of(f"actuals.no_header_{missing}"))
        return None
    return ReportedVisit(
        file=file,
        row=n,
        date=day,
        team=team,
        venue_id=match.venue_id,
        activations=count,
        unit="line",
    )
