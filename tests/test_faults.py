"""Every probe of benchmarks/faults.py (issue 8) holds; CI runs the whole corpus (slow).

The probes run two at a time (as `benchmarks/faults.py` does) to keep the suite's time down.
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
    failed = [r for r in rows if not r.holds]
    assert not failed, "; ".join(f"{r.probe}: {r.observed}" for r in failed)
