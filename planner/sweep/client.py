"""The Dask client a sweep runs on: a cluster given by its scheduler address, or a LocalCluster
of one-thread worker processes started (and closed) here."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

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
    # Ctrl-C in a terminal goes to every process of the foreground group: workers would die
    # mid-task (native solver code crashing, temporary folders left). Worker processes are
    # started with it ignored (ignored signals are inherited), so only this process sees
    # Ctrl-C; it cancels the tasks, closes the cluster, and run_sweep removes what the
    # stopped workers left behind.
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster:
            if main:
                signal.signal(signal.SIGINT, previous)
            with Client(cluster) as client:  # type: ignore[no-untyped-call]
                yield client
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
