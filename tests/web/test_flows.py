"""The web app's rules as users meet them: roles, teams, CSRF, escaping, downloads, actuals.

The real app in-process (Starlette's TestClient) on a real SQLite campaign database, with a plan
made through the Plan page by a real worker process.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from planner.campaign.db import make_engine, transaction
from planner.campaign.models import ActualVisit
from tests.web.conftest import MONTH, XSS_NAME, Site, csrf_of, login

pytestmark = pytest.mark.slow


def _first_day(client: TestClient, team: str, job: int) -> tuple[str, list[str]]:
    page = client.get(f"/day?job={job}&team={team}").text
    day = re.search(r'name="day" value="(\d{4}-\d\d-\d\d)"', page)
    assert day, page[-2000:]
    return day.group(1), re.findall(r'name="count:([^"]+)"', page)


def _actuals(site: Site) -> list[tuple[str, str, str, int]]:
    eng = make_engine(site.cfg.db_url)
    with transaction(eng) as s:
        rows = [
            (a.date.isoformat(), a.team, a.venue_id, a.activations)
            for a in s.scalars(select(ActualVisit))
        ]
    eng.dispose()
    return rows


def test_team_leader_reports_a_day_and_the_dashboard_moves(
    app_client: TestClient, planned: int, site: Site
) -> None:
    """A team leader's counts land in the ledger once, the dashboard's rate rises by them,
    and the audit log says who reported."""
    login(app_client, "boss")
    before = re.search(r'id="kab-rate">([^<]+)<', app_client.get("/").text)
    csrf = login(app_client, "tl1")
    day, venues = _first_day(app_client, "Tim 1", planned)
    assert venues
    form = {"csrf": csrf, "job": str(planned), "team": "Tim 1", "day": day}
    form |= {f"count:{v}": "20" for v in venues}
    r = app_client.post("/day", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    rows = [x for x in _actuals(site) if x[1] == "Tim 1" and x[0] == day]
    assert sorted(x[2] for x in rows) == sorted(venues) and all(x[3] == 20 for x in rows)
    # the same form again changes nothing; a correction replaces, never duplicates
    app_client.post("/day", data=form, follow_redirects=False)
    form[f"count:{venues[0]}"] = "21"
    app_client.post("/day", data=form, follow_redirects=False)
    rows = [x for x in _actuals(site) if x[1] == "Tim 1" and x[0] == day]
    assert len(rows) == len(venues) and (day, "Tim 1", venues[0], 21) in rows
    login(app_client, "boss")
    after = re.search(r'id="kab-rate">([^<]+)<', app_client.get("/").text)
    assert before and after and before.group(1) != after.group(1)
    assert "day_reported" in app_client.get("/audit").text


def _kab_rate(client: TestClient) -> str:
    m = re.search(r'id="kab-rate">([^<]+)<', client.get("/").text)
    assert m
    return m.group(1)


def test_the_dashboard_is_never_stale_after_a_change(
    app_client: TestClient, planned: int, site: Site
) -> None:
    """The cached dashboard moves on the very next request after each report, and after an
    import made by another process (`ikd-planner actuals import`), which this server's memory
    cannot know about: the cache is keyed by the ledger's state read from the database."""
    csrf = login(app_client, "tl1")
    day, venues = _first_day(app_client, "Tim 1", planned)
    assert venues
    seen = [_kab_rate(app_client), _kab_rate(app_client)]  # the second one is a cache hit
    assert seen[0] == seen[1]
    for n in ("40", "90"):
        form = {"csrf": csrf, "job": str(planned), "team": "Tim 1", "day": day}
        form |= {f"count:{v}": n for v in venues}
        assert app_client.post("/day", data=form, follow_redirects=False).status_code == 303
        seen.append(_kab_rate(app_client))
        assert seen[-1] != seen[-2], seen
    report = site.root / "other-process.csv"
    report.write_text(
        "date,team,venue_id,activations,note\n"
        + "".join(f"{day},Tim 1,{v},150,from the CLI\n" for v in venues),
        encoding="utf-8",
    )
    cli = [str(Path(sys.executable).parent / "ikd-planner"), "actuals", "import", str(report)]
    done = subprocess.run(
        [*cli, "--replace", "--accept-outliers", "--db", site.cfg.db_url],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _kab_rate(app_client) != seen[-1]


def test_team_leader_cannot_see_or_report_for_another_team(
    app_client: TestClient, planned: int
) -> None:
    """Tim 1's leader gets 403 for Tim 2's day and for reporting Tim 2's visits; the
    schedule lists Tim 1 only."""
    csrf = login(app_client, "tl1")
    assert app_client.get(f"/day?job={planned}&team=Tim 2").status_code in (200, 403)
    page = app_client.get(f"/day?job={planned}&team=Tim 2").text
    assert "<h1>Tim 2" not in page
    assert app_client.get(f"/schedule?job={planned}&team=Tim 2").status_code == 403
    sched = app_client.get(f"/schedule?job={planned}").text
    assert "Tim 1 ·" in sched and "Tim 2 ·" not in sched
    r = app_client.post(
        "/day",
        data={"csrf": csrf, "job": str(planned), "team": "Tim 2", "day": f"{MONTH}-03"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert app_client.get(f"/plans/{planned}/download/schedule.xlsx").status_code == 403
    z = zipfile.ZipFile(io.BytesIO(app_client.get(f"/plans/{planned}/download/teams.zip").content))
    assert z.namelist() and all(n.startswith("teams/tim-1/") for n in z.namelist())


def test_viewer_cannot_change_anything(app_client: TestClient, planned: int) -> None:
    """A viewer sees the dashboard and schedule; every change is refused (403) even with a
    valid CSRF token, and the manager pages are closed."""
    csrf = login(app_client, "look")
    assert app_client.get("/").status_code == 200
    assert app_client.get("/schedule").status_code == 200
    for path in ("/plan", "/actuals", "/audit"):
        assert app_client.get(path).status_code == 403, path
    posts = {
        "/plan": {
            "month": MONTH,
            "teams": "1",
            "officers": "3",
            "days": "5",
            "hours": "7",
            "time_limit": "2",
        },
        "/day": {"job": str(planned), "team": "Tim 1", "day": f"{MONTH}-03"},
        f"/plan/jobs/{planned}/cancel": {},
        "/actuals/preview": {"text": "Tim 1 3/2/2027\n1. SMAN 1 Uji: 5"},
    }
    for path, data in posts.items():
        r = app_client.post(path, data={"csrf": csrf, **data}, follow_redirects=False)
        assert r.status_code == 403, path


def test_a_form_without_its_csrf_token_is_refused(app_client: TestClient, planned: int) -> None:
    """A POST with no token, or another session's token, is refused and nothing starts."""
    other = login(app_client, "tl1")
    login(app_client, "boss")
    jobs_before = app_client.get("/plan").text.count("/plan/jobs/")
    data = {
        "month": MONTH,
        "teams": "1",
        "officers": "3",
        "days": "5",
        "hours": "7",
        "time_limit": "2",
    }
    assert app_client.post("/plan", data=data, follow_redirects=False).status_code == 403
    r = app_client.post("/plan", data={**data, "csrf": other}, follow_redirects=False)
    assert r.status_code == 403
    assert app_client.get("/plan").text.count("/plan/jobs/") == jobs_before
    assert app_client.post("/logout", data={}, follow_redirects=False).status_code == 403


def test_downloads_cannot_leave_their_folder(app_client: TestClient, planned: int) -> None:
    """schedule.xlsx/.csv download; any other name or a path that climbs out is refused."""
    login(app_client, "boss")
    ok = app_client.get(f"/plans/{planned}/download/schedule.xlsx")
    assert ok.status_code == 200 and ok.content[:2] == b"PK"
    for bad in ("plan.json", "..%2Fplan.json", "%2e%2e%2f%2e%2e%2fcampaign.sqlite"):
        assert app_client.get(f"/plans/{planned}/download/{bad}").status_code in (403, 404)
    for bad in ("tim-1/..%2F..%2Fplan.json/route.gpx", "tim-1/2027-02-03/..%2F..%2F..%2Fx"):
        assert app_client.get(f"/plans/{planned}/field/{bad}").status_code in (403, 404)


def test_markup_in_a_venue_name_is_text_everywhere(app_client: TestClient, planned: int) -> None:
    """The school named like an <img> tag is escaped on every page that lists venues."""
    login(app_client, "boss")
    pages = [
        f"/schedule?job={planned}",
        f"/plan/jobs/{planned}",
        "/day?team=Tim 1",
        "/day?team=Tim 2",
    ]
    seen = 0
    for p in pages:
        html = app_client.get(p).text
        assert XSS_NAME not in html
        seen += "&lt;img src=x onerror=alert(1)&gt;" in html
    assert seen >= 2


def test_unscheduled_venues_say_why_in_the_readers_language(
    app_client: TestClient, planned: int
) -> None:
    """The plan's page lists why a venue was not scheduled in Bahasa Indonesia (English after
    the language switch), not as the solver's English code and note."""
    from planner.i18n import t

    login(app_client, "boss")
    page = html.unescape(app_client.get(f"/plan/jobs/{planned}").text)
    assert t("id", "reason.base") in page and "residents come here" not in page
    app_client.cookies.set("ikd_lang", "en")
    try:
        assert t("en", "reason.base") in html.unescape(app_client.get(f"/plan/jobs/{planned}").text)
    finally:
        app_client.cookies.delete("ikd_lang")


def test_every_response_carries_the_security_headers(app_client: TestClient) -> None:
    """CSP without inline script or other origins, nosniff, no framing; pages not cached."""
    login(app_client, "boss")
    for path in ("/", "/login", "/static/app.css", "/nope"):
        h = app_client.get(path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "http" not in csp
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
    assert app_client.get("/").headers["cache-control"] == "no-store"


def test_upload_size_is_limited(app_client: TestClient, site: Site) -> None:
    """A body over the limit is refused with 413 before it is read; nothing is stored."""
    csrf = login(app_client, "boss")
    big = b"x" * (site.cfg.max_body_bytes + 1)
    r = app_client.post(
        "/actuals/preview", data={"csrf": csrf}, files={"file": ("big.csv", big, "text/csv")}
    )
    assert r.status_code == 413
    assert not (site.cfg.work_dir / "uploads").exists() or not any(
        p.name == "big.csv" for p in (site.cfg.work_dir / "uploads").rglob("*")
    )


def test_whatsapp_paste_is_previewed_then_imported(
    app_client: TestClient, planned: int, site: Site
) -> None:
    """Pasted replies show a preview and write nothing; confirming imports them once."""
    csrf = login(app_client, "boss")
    day, _ = _first_day(app_client, "Tim 2", planned)
    page = app_client.get(f"/day?job={planned}&team=Tim 2&day={day}").text
    names = [html.unescape(n) for n in re.findall(r'<span class="venue">([^<]+)</span>', page)]
    assert names
    y, m, d = day.split("-")
    text = f"Laporan Tim 2 {int(d)}/{int(m)}/{y}\n" + "\n".join(
        f"{i}. {n}: {10 + i}" for i, n in enumerate(names, 1)
    )
    before = len(_actuals(site))
    prev = app_client.post("/actuals/preview", data={"csrf": csrf, "text": text})
    assert prev.status_code == 200 and 'id="confirm-import"' in prev.text, prev.text[-1500:]
    assert len(_actuals(site)) == before
    assert prev.text.count("<td>add") == len(names)  # the importer's own dry run, per visit
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', prev.text)
    assert digest
    done = app_client.post("/actuals/confirm", data={"csrf": csrf, "digest": digest.group(1)})
    assert done.status_code == 200 and 'id="import-result"' in done.text
    assert len(_actuals(site)) == before + len(names)
    assert "actuals_imported" in app_client.get("/audit").text
    app_client.post("/actuals/confirm", data={"csrf": csrf, "digest": digest.group(1)})
    assert len(_actuals(site)) == before + len(names)


def test_failed_logins_are_rate_limited(app_client: TestClient) -> None:
    """After five wrong passwords the right one is refused too (429), for a while."""
    app_client.cookies.clear()
    page = app_client.get("/login")
    token = csrf_of(page.text)
    codes = [
        app_client.post(
            "/login", data={"name": "tl2", "password": "wrong-pass", "csrf": token}
        ).status_code
        for _ in range(5)
    ]
    assert codes == [401] * 5
    r = app_client.post("/login", data={"name": "tl2", "password": "rahasia-123", "csrf": token})
    assert r.status_code == 429


def test_passwords_and_sessions_are_not_stored_in_clear(site: Site, app_client: TestClient) -> None:
    """Passwords are argon2id hashes; the session table holds no cookie value."""
    login(app_client, "boss")
    cookie = app_client.cookies.get("ikd_session")
    # read by another process: closing a file handle on an open SQLite database in this
    # process would drop SQLite's POSIX locks here (sqlite.org/howtocorrupt.html, 2.2)
    raw = subprocess.run(
        ["cat", str(site.root / "campaign.sqlite")], capture_output=True, check=True
    ).stdout
    assert b"$argon2id$" in raw and b"rahasia-123" not in raw
    assert cookie and cookie.encode() not in raw


def test_the_audit_log_names_who_planned(app_client: TestClient, planned: int) -> None:
    """Starting and recording a plan are logged with the user's name."""
    login(app_client, "boss")
    html = app_client.get("/audit").text
    assert "plan_started" in html and "plan_recorded" in html and "boss" in html


def test_a_data_table_is_validated_previewed_then_replaced(
    app_client: TestClient, site: Site
) -> None:
    """A broken venues.csv is refused with its row and field and changes nothing; a valid
    population_actual.csv is previewed, then swapped in whole, the earlier file kept."""
    csrf = login(app_client, "boss")
    venues = site.cfg.data_dir / "venues.csv"
    before = venues.read_bytes()
    broken = before.replace(b"-1.10,116.05", b"-1.10,abc", 1)
    r = app_client.post(
        "/data/preview",
        data={"csrf": csrf, "name": "venues.csv"},
        files={"file": ("venues.csv", broken, "text/csv")},
    )
    assert r.status_code == 200 and "confirm-data" not in r.text
    assert "venues.csv" in r.text and "lon" in r.text
    assert "kolom" in r.text and "baris" in r.text  # the loader's own sentence, in Bahasa
    assert venues.read_bytes() == before
    # a real figure for one desa: previewed, then applied
    actual = b"code,wktp,ikd_active,as_of,source\n99.01.01.1001,3000,900,2025-06,Disdukcapil\n"
    r = app_client.post(
        "/data/preview",
        data={"csrf": csrf, "name": "population_actual.csv"},
        files={"file": ("x.csv", actual, "text/csv")},
    )
    assert 'id="confirm-data"' in r.text, r.text[-2000:]
    assert not (site.cfg.data_dir / "population_actual.csv").exists()
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', r.text)
    assert digest
    done = app_client.post(
        "/data/confirm",
        data={"csrf": csrf, "name": "population_actual.csv", "digest": digest.group(1)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert (site.cfg.data_dir / "population_actual.csv").read_bytes() == actual
    assert "data_replaced" in app_client.get("/audit").text


def test_replan_previews_the_changes_then_takes_effect_when_accepted(
    app_client: TestClient, planned: int
) -> None:
    """Tim 2 absent for days: the re-plan shows its change list and changes nothing until it is
    accepted; then it is the plan in force and Tim 2 has no visit on those days."""
    from tests.web.conftest import wait_job

    csrf = login(app_client, "boss")
    page = app_client.get(f"/replan?job={planned}").text
    dates = re.findall(r'<option value="(\d{4}-\d\d-\d\d)">', page)
    assert len(dates) >= 4
    start, end = dates[len(dates) // 2], dates[-1]
    r = app_client.post(
        "/replan",
        data={
            "csrf": csrf,
            "job": str(planned),
            "from_date": start,
            "team0": "Tim 2",
            "start0": start,
            "end0": end,
            "time_limit": "2",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[-1500:]
    job = int(r.headers["location"].rsplit("/", 1)[1])
    assert wait_job(app_client, job)["status"] == "done"
    result = app_client.get(f"/plan/jobs/{job}").text
    assert 'id="changes"' in result and 'id="accept-replan"' in result
    assert f"(#{planned})" in app_client.get("/schedule").text  # not in force yet
    r = app_client.post(f"/plan/jobs/{job}/accept", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    sched = app_client.get("/schedule?team=Tim 2").text
    assert f"(#{job})" in sched
    shown = set(re.findall(r"Tim 2 · (\d{4}-\d\d-\d\d)", sched))
    assert not any(start <= d <= end for d in shown)
    assert "replan_accepted" in app_client.get("/audit").text


def test_a_running_solve_can_be_cancelled(app_client: TestClient, planned: int) -> None:
    """Cancel stops the worker process; the job says cancelled and no plan is recorded."""
    import os

    from tests.web.conftest import start_plan

    csrf = login(app_client, "boss")
    job = start_plan(app_client, csrf, time_limit=120)
    deadline = time.monotonic() + 60
    while app_client.get(f"/plan/jobs/{job}/status").json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    r = app_client.post(f"/plan/jobs/{job}/cancel", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    s = app_client.get(f"/plan/jobs/{job}/status").json()
    assert s["status"] == "cancelled" and s["final"]
    from planner.web.models import Job

    eng = make_engine(app_client.app.state.config.db_url)  # type: ignore[attr-defined]
    with transaction(eng) as ses:
        row = ses.get(Job, job)
        assert row is not None and row.plan_id is None and row.pid
        pid = row.pid
    eng.dispose()
    gone = False
    deadline = time.monotonic() + 15
    while not gone and time.monotonic() < deadline:
        try:
            os.kill(pid, 0)  # the server's watcher reaps the worker once it has stopped
        except ProcessLookupError:
            gone = True
        time.sleep(0.2)
    assert gone, "the worker is still running after Cancel"
    assert app_client.get(f"/plan/jobs/{job}/status").json()["status"] == "cancelled"
