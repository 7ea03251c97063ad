"""OR-Tools routing model of the Team Orienteering Problem (optional visits with prizes).

Every customer is optional: dropping it costs its prize (the disjunction penalty). Prizes are
weighted above any possible total of arc costs, so the search first maximises the collected
prize and only then shortens routes. Float travel times are scaled to integers by rounding each
arc *up* and the budget *down*, so an integer-feasible route is always feasible in floats (the
caller still re-checks every route against the float budget).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

#: The budget is scaled to this many integer units; arc rounding then costs at most one unit
#: (1e-6 of the budget) per arc.
BUDGET_UNITS = 1_000_000


class OrToolsTop:
    """A reusable OR-Tools routing model over `customers` (node indices of `travel`)."""

    def __init__(
        self,
        travel: npt.NDArray[np.float64],
        prizes: npt.NDArray[np.int64],
        n_vehicles: int,
        budget: float,
        start: int,
        end: int,
        customers: Sequence[int],
    ) -> None:
        self.customers = [int(c) for c in customers]
        nodes = [start, *self.customers] if start == end else [start, *self.customers, end]
        self.nodes = nodes
        self.local = {c: i + 1 for i, c in enumerate(self.customers)}
        end_local = 0 if start == end else len(nodes) - 1
        scale = BUDGET_UNITS / budget if budget > 0 else 1.0
        sub = np.asarray(travel, dtype=np.float64)[np.ix_(nodes, nodes)]
        arcs = np.ceil(sub * scale).astype(np.int64)
        np.fill_diagonal(arcs, 0)
        cap = math.floor(budget * scale)
        self.manager = pywrapcp.RoutingIndexManager(
            len(nodes), n_vehicles, [0] * n_vehicles, [end_local] * n_vehicles
        )
        self.model = pywrapcp.RoutingModel(self.manager)
        transit = self.model.RegisterTransitMatrix(arcs.tolist())
        self.model.SetArcCostEvaluatorOfAllVehicles(transit)
        self.model.AddDimension(transit, 0, cap, True, "travel")
        weight = n_vehicles * cap + 1
        for c in self.customers:
            index = self.manager.NodeToIndex(self.local[c])
            self.model.AddDisjunction([index], int(prizes[c]) * weight)
        self.n_vehicles = n_vehicles
        self._closed = False

    def _params(
        self, time_limit_s: float, guided: bool, solution_limit: int | None
    ) -> pywrapcp.RoutingSearchParameters:
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
        meta = routing_enums_pb2.LocalSearchMetaheuristic
        params.local_search_metaheuristic = (
            meta.GUIDED_LOCAL_SEARCH if guided else meta.GREEDY_DESCENT
        )
        params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
        if solution_limit is not None:
            params.solution_limit = solution_limit
        return params

    def solve(
        self,
        time_limit_s: float,
        initial: Sequence[Sequence[int]] | None = None,
        guided: bool = False,
        solution_limit: int | None = None,
    ) -> list[list[int]] | None:
        """Routes (customer nodes per vehicle) from OR-Tools, or None if it found none.

        Without `guided` the search is a deterministic descent to a local optimum (the time
        limit is only a guard); with it, guided local search runs until a limit is reached.
        """
        params = self._params(time_limit_s, guided, solution_limit)
        if not self._closed:
            self.model.CloseModelWithParameters(params)
            self._closed = True
        if initial is None:
            solution = self.model.SolveWithParameters(params)
        else:
            local = [[self.local[c] for c in r if c in self.local] for r in initial]
            local += [[] for _ in range(self.n_vehicles - len(local))]
            assignment = self.model.ReadAssignmentFromRoutes(local, True)
            if assignment is None:
                return None
            solution = self.model.SolveFromAssignmentWithParameters(assignment, params)
        if solution is None:
            return None
        routes: list[list[int]] = []
        for v in range(self.n_vehicles):
            route: list[int] = []
            index = solution.Value(self.model.NextVar(self.model.Start(v)))
            while not self.model.IsEnd(index):
                route.append(self.nodes[self.manager.IndexToNode(index)])
                index = solution.Value(self.model.NextVar(index))
            routes.append(route)
        return routes
