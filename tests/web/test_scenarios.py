"""The Scenarios page: a staffing sweep run from the browser as `ikd-planner compare` runs it.

The real app in-process on a real SQLite campaign, the sweep in its own worker process on a
real one-process Dask LocalCluster (kab_mini, 2 s per plan).
"""

from __future__ import annotations

import csv
import html
import io
import os
import time

import pytest
from fastapi.testclient import TestClient

from planner.sweep.comparison import columns
from planner.web.app import create_app
from tests.web.conftest import MONTH, XSS_NAME, Site, csrf_of, login

pytestmark = pytest.mark.slow


def _start(client: TestClient, csrf: str, **fields: str) -> int:
    data = {"csrf": csrf, "months": MONTH, "teams": "1, 2", "time_limit": "2", "workers": "1"}
    r = client.post("/scenarios", data=data | fields, follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def _wait(client: TestClient, job: int, timeout: float = 180) -> dict[str, object]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s: dict[str, object] = client.get(f"/scenarios/{job}/status").json()
        if s["final"]:
            return s
        time.sleep(0.5)
    raise AssertionError(f"sweep {job} did not finish in {timeout} s")


@pytest.fixture(scope="module")
def swept(app_client: TestClient) -> int:
    """A finished sweep of 1 and 2 teams for MONTH, started from the Scenarios page."""
    job = _start(app_client, login(app_client, "boss"), name=XSS_NAME)
    status = _wait(app_client, job)
    assert status["status"] == "done", app_client.get(f"/scenarios/{job}").text
    return job


def test_a_sweep_shows_the_comparison_and_its_files(app_client: TestClient, swept: int) -> None:
    """One row per case with the comparison's figures; the files are the `compare` files."""
    login(app_client, "boss")
    page = app_client.get(f"/scenarios/{swept}").text
    assert page.count(f'href="/scenarios/{swept}/cases/') == 2
    assert "P10" in page and "status-done" in page
    r = app_client.get(f"/scenarios/{swept}/download/comparison.csv")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["teams"] for row in rows] == ["1", "2"]
    assert tuple(rows[0]) == columns(("teams",))
    assert all(row["status"] == "ok" and float(row["expected_activations"]) > 0 for row in rows)
    for name in ("comparison.xlsx", "comparison.html"):
        assert app_client.get(f"/scenarios/{swept}/download/{name}").status_code == 200


def test_each_case_links_to_its_plan(app_client: TestClient, swept: int) -> None:
    """A case's page shows its plan's summary and gives its schedule; nothing outside."""
    login(app_client, "boss")
    case = app_client.get(f"/scenarios/{swept}/cases/teams%3D2")
    assert case.status_code == 200
    assert "schedule.xlsx" in case.text
    xlsx = app_client.get(f"/scenarios/{swept}/cases/teams%3D2/download/schedule.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    for bad in (
        f"/scenarios/{swept}/cases/teams%3D9",
        f"/scenarios/{swept}/cases/..%2F..%2F",
        f"/scenarios/{swept}/cases/teams%3D2/download/..%2Fresult.json",
        f"/scenarios/{swept}/download/..%2F..%2Fcampaign.sqlite",
        f"/scenarios/{swept}/download/teams%3D2%2Fplan.json",
    ):
        assert app_client.get(bad).status_code in (403, 404), bad


def test_a_sweep_name_is_shown_as_text(app_client: TestClient, swept: int) -> None:
    """The name typed into the form never becomes markup."""
    login(app_client, "boss")
    for url in ("/scenarios", f"/scenarios/{swept}"):
        text = app_client.get(url).text
        assert XSS_NAME not in text and html.escape(XSS_NAME) in text


def test_bad_values_are_refused_naming_the_field(app_client: TestClient) -> None:
    """A value the sweep file would refuse is refused on the form; no sweep starts."""
    csrf = login(app_client, "boss")
    before = app_client.get("/scenarios").text.count('href="/scenarios/')
    for field, value, said in (
        ("teams", "0, 2", "teams"),
        ("months", "2027-13", "months"),
        ("hours", "16:00-08:00", "hours"),
        ("weekdays", "Mon-Fri; Funday", "weekdays"),
        ("time_limit", "0", "time_limit"),
    ):
        data = {"csrf": csrf, "months": MONTH, "time_limit": "2", "workers": "1", field: value}
        r = app_client.post("/scenarios", data=data, follow_redirects=False)
        assert r.status_code == 400, (field, r.status_code)
        assert said in r.text and 'id="sweep-errors"' in r.text
    assert app_client.get("/scenarios").text.count('href="/scenarios/') == before


def test_only_a_manager_runs_scenarios(app_client: TestClient, swept: int) -> None:
    """Team leaders and viewers cannot see or start sweeps; a form without CSRF is refused."""
    login(app_client, "boss")
    before = app_client.get("/scenarios").text.count('href="/scenarios/')
    for name in ("tl1", "look"):
        csrf = login(app_client, name)
        assert app_client.get("/scenarios").status_code == 403
        assert app_client.get(f"/scenarios/{swept}").status_code == 403
        assert app_client.get(f"/scenarios/{swept}/download/comparison.csv").status_code == 403
        r = app_client.post("/scenarios", data={"csrf": csrf, "months": MONTH})
        assert r.status_code == 403
    login(app_client, "boss")
    r = app_client.post("/scenarios", data={"months": MONTH, "time_limit": "2"})
    assert r.status_code == 403
    assert app_client.get("/scenarios").text.count('href="/scenarios/') == before


def test_a_sweep_can_be_cancelled_then_resumed(app_client: TestClient, swept: int) -> None:
    """Cancel stops the worker and its cluster; Resume finishes in the same folder."""
    from planner.campaign.db import make_engine, transaction
    from planner.web.models import Job

    csrf = login(app_client, "boss")
    job = _start(app_client, csrf, teams="1, 2, 3", time_limit="3")
    deadline = time.monotonic() + 60
    while app_client.get(f"/scenarios/{job}/status").json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    r = app_client.post(f"/scenarios/{job}/cancel", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert app_client.get(f"/scenarios/{job}/status").json()["status"] == "cancelled"
    eng = make_engine(app_client.app.state.config.db_url)  # type: ignore[attr-defined]
    with transaction(eng) as s:
        row = s.get(Job, job)
        assert row is not None and row.pid
        pid = row.pid
    eng.dispose()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the sweep worker is still running after Cancel")
    page = app_client.get(f"/scenarios/{job}").text
    r = app_client.post(
        f"/scenarios/{job}/resume", data={"csrf": csrf_of(page)}, follow_redirects=False
    )
    assert r.status_code == 303
    assert _wait(app_client, job)["status"] == "done"
    done = app_client.get(f"/scenarios/{job}/download/comparison.csv").text
    assert [row["teams"] for row in csv.DictReader(io.StringIO(done))] == ["1", "2", "3"]


def test_a_sweep_runs_on_the_configured_dask_scheduler(site: Site) -> None:
    """With a scheduler set (serve --scheduler / IKD_DASK_SCHEDULER), the cases are solved by
    that cluster's workers, not by a cluster of the web worker's own."""
    import dataclasses
    import logging
    import socket

    from distributed import Client, LocalCluster

    from planner.io.sweep_file import read_case_result

    with LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        with Client(cluster) as c:  # type: ignore[no-untyped-call]
            pids = set(c.run(os.getpid).values())
        cfg = dataclasses.replace(site.cfg, scheduler=cluster.scheduler_address)
        with TestClient(create_app(cfg)) as client:
            job = _start(client, login(client, "boss"))
            assert _wait(client, job)["status"] == "done"
            assert cluster.scheduler_address in client.get("/scenarios").text
    for slug in ("teams=1", "teams=2"):
        result = read_case_result(cfg.sweeps_dir / f"{job:05d}" / slug / "result.json")
        assert result is not None and result.ok
        assert result.worker in {f"{socket.gethostname()}:{pid}" for pid in pids}
