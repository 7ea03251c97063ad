"""Compare two output folders of `ikd-planner plan`: are they the same plan and the same files?

For refactors that must not change behaviour: run the same command (same data, scenario, month
and seed, a time limit long enough for the solver to finish: the summary says OPTIMAL) on the
old and the new code, then compare the folders. What legitimately differs between two runs of
the same code is normalised: `solve_seconds` and `data_dir` in plan.json, Folium's random
element ids in the HTML maps (also inside the team zips) and the timestamps inside the .xlsx
zip (cells are compared).
Every other file is compared byte for byte. Exit status 0 when all files match.

Usage: .venv/bin/python scripts/compare_outputs.py OLD_OUT NEW_OUT
"""

from __future__ import annotations

import argparse
import io
import json
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

_FOLIUM_ID = re.compile(r"[0-9a-f]{32}")
_RUN_FIELDS = ("solve_seconds",)


def _plan(raw: bytes) -> Any:
    data = json.loads(raw.decode("utf-8"))
    data.pop("data_dir", None)
    for key in _RUN_FIELDS:
        data.get("summary", {}).pop(key, None)
    return data


def _cells(raw: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(raw))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book}


def _zip_members(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return {name: z.read(name) for name in z.namelist()}


def same_content(name: str, a: bytes, b: bytes) -> bool:
    """True when two versions of the file `name` hold the same content, up to what differs
    between runs (a .zip is compared member by member, by the same rules)."""
    if name.endswith("plan.json"):
        return bool(_plan(a) == _plan(b))
    if name.endswith(".html"):
        return _FOLIUM_ID.sub("ID", a.decode("utf-8")) == _FOLIUM_ID.sub("ID", b.decode("utf-8"))
    if name.endswith(".xlsx"):
        return _cells(a) == _cells(b)
    if name.endswith(".zip"):
        za, zb = _zip_members(a), _zip_members(b)
        return za.keys() == zb.keys() and all(same_content(n, za[n], zb[n]) for n in za)
    return a == b


def same_file(a: Path, b: Path) -> bool:
    """True when the files `a` and `b` hold the same content (see `same_content`)."""
    return same_content(a.name, a.read_bytes(), b.read_bytes())


def differences(old: Path, new: Path) -> list[str]:
    """One line per file that is missing on one side or differs."""
    files_old = {p.relative_to(old) for p in old.rglob("*") if p.is_file()}
    files_new = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    out = [f"only in {old}: {p}" for p in sorted(files_old - files_new)]
    out += [f"only in {new}: {p}" for p in sorted(files_new - files_old)]
    out += [
        f"differs: {p}" for p in sorted(files_old & files_new) if not same_file(old / p, new / p)
    ]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    diff = differences(args.old, args.new)
    n = sum(1 for p in Path(args.old).rglob("*") if p.is_file())
    for line in diff:
        print(line)
    print(f"{n} files in {args.old}; {len(diff)} differences")
    return 1 if diff else 0


if __name__ == "__main__":
    raise SystemExit(main())
