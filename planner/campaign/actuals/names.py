"""Find the venue a team meant by a name typed on a phone, forgivingly but never by guessing.

Case, spacing and punctuation are ignored and common abbreviations are spelled out (SMAN →
SMA Negeri, SMKN → SMK Negeri, Kel. → Kelurahan, …). A name matches a venue when it is the
venue's id, its full name, or when every word of it is a word of exactly one venue's name.
A word may also stand for a run of words by their initials, as teams shorten what they type
all day (`PPU` for Penajam Paser Utara, `CFD` for Car Free Day): the long form is what the
data holds, the short one is what a phone message holds. Two or more candidates is an
ambiguity the caller reports; it never picks one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from planner.campaign.actuals.rows import VenueInfo

#: Abbreviation → spelled-out words (applied to lower-case, space-separated words).
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bsman\b", "sma negeri"),
    (r"\bsmkn\b", "smk negeri"),
    (r"\bsmpn\b", "smp negeri"),
    (r"\bslbn\b", "slb negeri"),
    (r"\b(sma|smk|smp|slb) n\b", r"\1 negeri"),
    (r"\bkel\b", "kelurahan"),
    (r"\bkec\b", "kecamatan"),
    (r"\bds\b", "desa"),
    (r"\bkant\b", "kantor"),
    (r"\bkantor lurah\b", "kantor kelurahan"),
    (r"\bkantor kades\b", "kantor desa"),
)
_PARENS = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise(name: str) -> str:
    """`SMKN 2  PPU` → `smk negeri 2 ppu`; `Kel. Nipah-Nipah` → `kelurahan nipah nipah`."""
    s = _NON_WORD.sub(" ", _PARENS.sub(" ", name).casefold()).strip()
    for pattern, repl in ABBREVIATIONS:
        s = re.sub(pattern, repl, s)
    return " ".join(s.split())


#: Runs of this many words (and fewer, down to 2) give an initialism a name answers to.
LONGEST_INITIALISM = 4


def name_words(name: str) -> set[str]:
    """The words a venue answers to: those of its normalised name, and the initials of every
    run of 2–4 consecutive words whose first letters are letters (`penajam paser utara` →
    `ppu`); digits are never folded into an initialism, so `SMA 2` stays apart from `SMA 12`."""
    words = normalise(name).split()
    found = set(words)
    for n in range(2, LONGEST_INITIALISM + 1):
        for i in range(len(words) - n + 1):
            run = words[i : i + n]
            if all(w[0].isalpha() for w in run):
                found.add("".join(w[0] for w in run))
    return found


@dataclass(frozen=True)
class VenueMatch:
    """The venue meant (`venue_id`), or the candidates when the name is ambiguous (or none)."""

    venue_id: str | None
    candidates: tuple[VenueInfo, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.venue_id is None and len(self.candidates) > 1


def match_venue(text: str, venues: Iterable[VenueInfo]) -> VenueMatch:
    """The venue `text` names (see the module docstring for the rule)."""
    pool = list(venues)
    raw = text.strip()
    for v in pool:
        if raw.casefold() == v.venue_id.casefold():
            return VenueMatch(v.venue_id, (v,))
    q = normalise(raw)
    if not q:
        return VenueMatch(None)
    exact = [v for v in pool if normalise(v.name) == q]
    if len(exact) == 1:
        return VenueMatch(exact[0].venue_id, tuple(exact))
    if exact:
        return VenueMatch(None, tuple(exact))
    words = set(q.split())
    within = [v for v in pool if words <= name_words(v.name)]
    if len(within) == 1:
        return VenueMatch(within[0].venue_id, tuple(within))
    return VenueMatch(None, tuple(within))
