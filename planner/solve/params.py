"""Solver parameters: what a scenario's `[solver]` table sets, kept apart from the problem data.

`PlanningProblem` says *what* to plan (slots, venues, limits); `SolveParams` says *how hard and
how long* to search (time limit, seed, threads, the engine's knobs). The same problem can thus
be solved under several parameter sets, and a plan.json's scenario replays its parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from planner.scenario import Scenario, SolverConfig
from planner.solve.stop import GapReached, MaxRuntime, MaxWork, MultipleCriteria, StopCriterion

RouteMode = Literal["auto", "enumerate", "generate"]


@dataclass(frozen=True)
class SolveParams:
    """How to solve one month (see `planner.scenario.SolverConfig` for each knob's meaning)."""

    time_limit_s: float = 60.0
    seed: int = 0
    workers: int = 2
    deterministic: bool = True
    deterministic_share: float = 0.5
    lp_time_share: float = 0.4
    stop_gap: float = 0.002
    routes_per_slot: int = 25
    columns_per_round: int = 40
    route_mode: RouteMode = "auto"
    integer_solver: Literal["auto", "cpsat", "scip"] = "auto"
    enumerate_max_routes: int = 60_000
    #: generated mode: improve the heuristic pricing's best routes with the TOP
    #: ruin-and-recreate search (planner.solve.pricing_top); adds columns only. Off by
    #: default: on the scale benchmark's ppu4, ppu6 and large cases it did not improve the
    #: plan (ppu4 with the polish stage on: 3,649 with it, 3,691 without). The TOP search
    #: runs in every solve's polish stage instead (planner.solve.polish)
    pricing_improve: bool = False

    @classmethod
    def from_config(cls, cfg: SolverConfig, seed: int = 0) -> SolveParams:
        """The parameters of a scenario's `[solver]` table and its seed."""
        return cls(
            time_limit_s=cfg.time_limit_s,
            seed=seed,
            workers=cfg.workers,
            deterministic=cfg.deterministic,
            deterministic_share=cfg.deterministic_share,
            lp_time_share=cfg.lp_time_share,
            stop_gap=cfg.stop_gap,
            routes_per_slot=cfg.routes_per_slot,
            columns_per_round=cfg.columns_per_round,
            route_mode=cfg.route_mode,
            integer_solver=cfg.integer_solver,
            enumerate_max_routes=cfg.enumerate_max_routes,
        )

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> SolveParams:
        return cls.from_config(scenario.solver, scenario.seed)

    @property
    def work_units(self) -> float:
        """The deterministic work budget of the whole solve (inf when not deterministic)."""
        if not self.deterministic:
            return float("inf")
        return self.time_limit_s * self.deterministic_share

    def stop(self) -> MultipleCriteria:
        """The stop criteria of a solve: the time limit, the work budget, the proven gap."""
        criteria: list[StopCriterion] = [MaxRuntime(self.time_limit_s)]
        if self.deterministic:
            criteria.append(MaxWork(self.work_units))
        criteria.append(GapReached(self.stop_gap))
        return MultipleCriteria(tuple(criteria))
