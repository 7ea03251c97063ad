"""The main pages answer for a manager once a plan is made (a quick end-to-end check)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import XSS_NAME, login

pytestmark = pytest.mark.slow


def test_pages_answer_and_escape_venue_names(app_client: TestClient, planned: int) -> None:
    """Dashboard, plan, job, schedule, day, data and audit pages render; the markup-like
    venue name is shown as text, never as a tag."""
    login(app_client, "boss")
    for path in ("/", "/plan", f"/plan/jobs/{planned}", "/schedule", "/day", "/data", "/audit"):
        r = app_client.get(path)
        assert r.status_code == 200, (path, r.text[-500:])
        assert XSS_NAME not in r.text, path
    sched = app_client.get("/schedule").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in sched
