"""Composable stop criteria for a month solve: wall clock, deterministic work, proven gap.

Modelled on PyVRP's `pyvrp.stop` (`MaxRuntime`, `MultipleCriteria`): a criterion looks at a
`SolveState` (elapsed seconds, deterministic work done, incumbent, bound) and says whether to
stop. Each stage of the solve (route generation, the LP bound, CP-SAT) asks the criteria before
every round, and hands CP-SAT what is left of them as its own limits (`Budget`).

Why a deterministic budget: wall-clock time depends on machine load, so a solve stopped by the
clock may differ between two runs with the same seed. Work units (CP-SAT's deterministic time,
and counted operations of our own code scaled to roughly one unit per second on the 2-core
development machine) do not, so a solve stopped by them replays exactly. The wall clock stays
as the safety net; when it binds first, the result says so (`SolveState`, `stopped_by`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class SolveState:
    """What the criteria look at: progress so far.

    `elapsed_s` wall seconds since the solve began; `work` deterministic work units done;
    `incumbent` and `bound` the best plan's value and the best proven upper bound (0 / inf
    while unknown).
    """

    elapsed_s: float
    work: float
    incumbent: float = 0.0
    bound: float = math.inf


@dataclass(frozen=True)
class Budget:
    """What a sub-solver may still use: wall seconds, work units and the gap it may stop at."""

    wall_s: float = math.inf
    work: float = math.inf
    gap: float = 0.0


class StopCriterion(Protocol):
    """A rule that ends the solve; `budget` narrows what a sub-solver may use."""

    @property
    def name(self) -> str: ...

    def __call__(self, state: SolveState) -> bool: ...

    def budget(self, state: SolveState, current: Budget) -> Budget: ...


@dataclass(frozen=True)
class MaxRuntime:
    """Stop after `seconds` of wall-clock time (the hard promise of `--time-limit`)."""

    seconds: float
    name: str = "time"

    def __call__(self, state: SolveState) -> bool:
        return state.elapsed_s >= self.seconds

    def budget(self, state: SolveState, current: Budget) -> Budget:
        left = max(self.seconds - state.elapsed_s, 0.0)
        return Budget(min(current.wall_s, left), current.work, current.gap)


@dataclass(frozen=True)
class MaxWork:
    """Stop after `units` of deterministic work (≈ seconds on the development machine)."""

    units: float
    name: str = "work"

    def __call__(self, state: SolveState) -> bool:
        return state.work >= self.units

    def budget(self, state: SolveState, current: Budget) -> Budget:
        left = max(self.units - state.work, 0.0)
        return Budget(current.wall_s, min(current.work, left), current.gap)


@dataclass(frozen=True)
class GapReached:
    """Stop once the incumbent is proven within `gap` (relative) of the bound."""

    gap: float
    name: str = "gap"

    def __call__(self, state: SolveState) -> bool:
        if not math.isfinite(state.bound) or state.bound <= 0:
            return False
        return (state.bound - state.incumbent) <= self.gap * state.bound

    def budget(self, state: SolveState, current: Budget) -> Budget:
        return Budget(current.wall_s, current.work, max(current.gap, self.gap))


@dataclass(frozen=True)
class MultipleCriteria:
    """Stop as soon as any criterion says so; budgets are the tightest of all."""

    criteria: Sequence[StopCriterion]
    name: str = "any"

    def __call__(self, state: SolveState) -> bool:
        return any(c(state) for c in self.criteria)

    def which(self, state: SolveState) -> str | None:
        """Name of the first criterion that holds, if any."""
        for c in self.criteria:
            if c(state):
                return c.name
        return None

    def budget(self, state: SolveState, current: Budget | None = None) -> Budget:
        out = current or Budget()
        for c in self.criteria:
            out = c.budget(state, out)
        return out


@dataclass
class Clock:
    """Wall time and work units since the solve began, shared by every stage of one solve."""

    started: float = field(default_factory=time.monotonic)
    work: float = 0.0

    def add_work(self, units: float) -> None:
        self.work += units

    def state(self, incumbent: float = 0.0, bound: float = math.inf) -> SolveState:
        return SolveState(time.monotonic() - self.started, self.work, incumbent, bound)
