"""The web app loads a data folder once, however many requests ask for it at the same time."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from planner.web import ledger
from tests.web.conftest import KAB_MINI


def test_concurrent_requests_load_the_data_folder_once(tmp_path: Path) -> None:
    """Eight pages opened at once after a start share one load of the folder (the load is
    the costly part of a first dashboard; in parallel they all slowed each other down)."""
    data = tmp_path / "data"
    shutil.copytree(KAB_MINI, data)
    ledger._load_cached.cache_clear()
    start = threading.Barrier(8)
    loaded: list[object] = []

    def page() -> None:
        start.wait()
        loaded.append(ledger.load_data(data))

    threads = [threading.Thread(target=page) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loaded) == 8 and all(x is loaded[0] for x in loaded)
    assert ledger._load_cached.cache_info().misses == 1
