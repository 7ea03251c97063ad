"""stub"""
from __future__ import annotations
from dataclasses import dataclass
import numpy as np

@dataclass(frozen=True, eq=False)
class TopProblem:
    travel: np.ndarray
    scores: np.ndarray
    n_vehicles: int
    budget: float
    start: int
    end: int
    service: np.ndarray | None = None
