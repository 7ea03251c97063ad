"""Every probe of benchmarks/faults.py (issue 8) holds; CI runs the whole corpus (slow).

The probes run two at a time (as `benchmarks/faults.py` does) to keep the suite's time down.
Rows owned by the solver work (issue 11, `engine`) may fail until that work is merged: then
the test is an xfail naming them, and it passes by itself once they hold.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import faults


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_every_fault_probe_holds() -> None:
    """Each probe's expected outcome is what a user observes (table printed on failure)."""
    rows = faults.run_all(jobs=2)
    print(faults.table(rows))
    ours = [r for r in rows if not r.holds and r.owner == "reliab"]
    assert not ours, "; ".join(f"{r.probe}: {r.observed}" for r in ours)
    theirs = [r for r in rows if not r.holds]
    if theirs:
        pytest.xfail("not merged yet: " + "; ".join(f"{r.probe} ({r.owner})" for r in theirs))
