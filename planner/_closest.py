"""Closest-first lists of names, for messages about a name that does not exist."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How many existing names a message lists (closest first) before "(and N more)".
SHOWN = 8


def closest_first(wanted: str, existing: Iterable[str], shown: int = SHOWN) -> str:
    """`a, b, c (and 12 more)`: the existing names, the most similar to `wanted` first."""
    names = sorted(set(existing))
    if not names:
        return "(none)"
    ranked = sorted(
        names,
        key=lambda x: (-difflib.SequenceMatcher(None, wanted.lower(), x.lower()).ratio(), x),
    )
    text = ", ".join(ranked[:shown])
    rest = len(ranked) - shown
    return text + (f" (and {rest} more)" if rest > 0 else "")
