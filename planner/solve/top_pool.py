"""A pool of good routes and their recombination by set packing (OR-Tools CP-SAT).

Every local optimum the search visits leaves its routes here. Choosing at most m disjoint routes
of largest total prize from the pool often combines routes found in different solutions into a
better one than any the search held.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model


class RoutePool:
    """Distinct feasible routes, keyed by their customer set (shortest order kept)."""

    def __init__(self, prizes: npt.NDArray[np.int64]) -> None:
        self._prize = prizes
        self._routes: dict[frozenset[int], tuple[float, tuple[int, ...]]] = {}

    def __len__(self) -> int:
        return len(self._routes)

    def add(self, route: Sequence[int], length: float) -> None:
        """Remember `route` (customer nodes in order) of float `length`, if non-empty."""
        if not route:
            return
        key = frozenset(route)
        old = self._routes.get(key)
        if old is None or length < old[0]:
            self._routes[key] = (length, tuple(route))

    def pack(
        self,
        n_vehicles: int,
        hint: Sequence[Sequence[int]],
        deterministic_time: float,
        wall_time_s: float,
    ) -> list[list[int]] | None:
        """The best choice of at most `n_vehicles` disjoint pool routes, or None if none found.

        CP-SAT runs single-threaded with a deterministic time limit (so the answer does not
        depend on machine load) and a wall-clock guard. `hint` (current best routes) seeds it.
        """
        if not self._routes or wall_time_s <= 0:
            return None
        keys = list(self._routes)
        model = cp_model.CpModel()
        chosen = [model.new_bool_var(f"r{i}") for i in range(len(keys))]
        model.add(sum(chosen) <= n_vehicles)
        covering: dict[int, list[cp_model.IntVar]] = {}
        for var, key in zip(chosen, keys, strict=True):
            for v in key:
                covering.setdefault(v, []).append(var)
        for node in sorted(covering):
            if len(covering[node]) > 1:
                model.add_at_most_one(covering[node])
        worth = [int(self._prize[list(key)].sum()) for key in keys]
        model.maximize(sum(w * x for w, x in zip(worth, chosen, strict=True)))
        hinted = {frozenset(r) for r in hint if r}
        for var, key in zip(chosen, keys, strict=True):
            model.add_hint(var, key in hinted)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_deterministic_time = deterministic_time
        solver.parameters.max_time_in_seconds = wall_time_s
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return [
            list(self._routes[key][1])
            for var, key in zip(chosen, keys, strict=True)
            if solver.boolean_value(var)
        ]
