"""The Dask client a sweep runs on: a cluster given by its scheduler address, or a LocalCluster
of one-thread worker processes started (and closed) here."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from planner.interrupt import sigint_ignored_by_children

if TYPE_CHECKING:
    from distributed import Client


@contextmanager
def open_client(workers: int = 2, scheduler: str | None = None) -> Iterator[Client]:
    """A dask client: on the cluster at `scheduler` (e.g. `tcp://host:8786`), else on a new
    LocalCluster of `workers` processes with one thread each, closed on exit."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, timeout="30s") as client:  # type: ignore[no-untyped-call]
            yield client
        return
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    # Workers ignore Ctrl-C for life; only this process sees it, and run_sweep cancels the
    # tasks, closes the cluster and removes what the stopped workers left behind. Dask's own
    # logs are kept to CRITICAL: closing a cluster with busy workers makes the nanny and the
    # workers log tracebacks of cancelled connections that mean nothing to a user (a task's
    # real failure comes back through its future and is reported per scenario).
    with sigint_ignored_by_children():
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client
