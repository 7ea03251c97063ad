"""A web site for the tests: a copy of kab_mini with a venue whose name is markup, a two-team
scenario, a campaign database migrated to head, and one user per role.

`site` builds the folders; `client` is the real app in-process (Starlette's TestClient);
`planned` has a finished plan made through the Plan page (a real worker process, 2 s limit).
"""

from __future__ import annotations

import csv
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planner.campaign.db import open_database, transaction
from planner.web.app import create_app
from planner.web.auth import add_user
from planner.web.config import WebConfig

KAB_MINI = Path(__file__).resolve().parents[1] / "data" / "kab_mini"
XSS_NAME = "<img src=x onerror=alert(1)>"
PASSWORD = "rahasia-123"
USERS = {
    "boss": ("manager", None),
    "tl1": ("team_leader", "Tim 1"),
    "tl2": ("team_leader", "Tim 2"),
    "look": ("viewer", None),
}
MONTH = "2027-02"
SCENARIO = """seed = 0
[[teams]]
name = 'Tim 1'
officers = 3
base = 'V-DUKCAPIL'
[[teams]]
name = 'Tim 2'
officers = 3
base = 'V-DUKCAPIL'
"""


@dataclass(frozen=True)
class Site:
    root: Path
    cfg: WebConfig


def make_site(root: Path) -> Site:
    """Data folder (kab_mini plus a school named like an HTML tag), scenario, users."""
    data = root / "data"
    shutil.copytree(KAB_MINI, data)
    with (data / "schools.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(
            [
                "30499999",
                XSS_NAME,
                "SMA",
                "Negeri",
                "99.01.01",
                "99.01.01.1001",
                -1.165,
                116.055,
                400,
                "false",
                30,
                "true",
                "false",
                "test",
            ]
        )
    (root / "scenario.toml").write_text(SCENARIO, encoding="utf-8")
    url = f"sqlite:///{root}/campaign.sqlite"
    engine = open_database(url)
    with transaction(engine) as s:
        for name, (role, team) in USERS.items():
            add_user(s, name, role, PASSWORD, team)
    engine.dispose()
    cfg = WebConfig(
        db_url=url,
        data_dir=data,
        scenario=root / "scenario.toml",
        work_dir=root / "work",
    )
    return Site(root, cfg)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return make_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def app_client(site: Site) -> Iterator[TestClient]:
    with TestClient(create_app(site.cfg)) as c:
        yield c


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF field on the page"
    return m.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log in; returns the session's CSRF token (read from a page)."""
    client.cookies.clear()
    page = client.get("/login")
    r = client.post(
        "/login",
        data={"name": name, "password": password, "csrf": csrf_of(page.text), "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/").text)


def wait_job(client: TestClient, job_id: int, timeout: float = 90) -> dict[str, object]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s: dict[str, object] = client.get(f"/plan/jobs/{job_id}/status").json()
        if s["final"]:
            return s
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def start_plan(client: TestClient, csrf: str, time_limit: int = 2, teams: int = 2) -> int:
    r = client.post(
        "/plan",
        data={
            "csrf": csrf,
            "month": MONTH,
            "teams": str(teams),
            "officers": "3",
            "days": "5",
            "hours": "7",
            "time_limit": str(time_limit),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def planned(app_client: TestClient) -> int:
    """A finished plan for MONTH, made by the manager through the Plan page."""
    job = start_plan(app_client, login(app_client, "boss"))
    status = wait_job(app_client, job)
    assert status["status"] == "done", status
    return job
