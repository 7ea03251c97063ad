"""The user's own account: change one's password (every role, team leaders and viewers too).

The current password is asked again (a session left open on a shared office PC must not be
enough to take the account over); failures count against the same per-name limit as logins.
The change, the end of the user's other sessions and the audit entry are one transaction.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from planner.web import audit
from planner.web.auth import LoginLimiter, UserError, authenticate, set_password
from planner.web.db import transaction
from planner.web.deps import SESSION_COOKIE, Viewer, checked_form, engine, render, viewer
from planner.web.errors import error_text

router = APIRouter()


@router.get("/account")
def account_page(request: Request, changed: int = 0, v: Viewer = Depends(viewer)) -> Response:
    return render(request, "account.html", v, changed=bool(changed), error=None)


@router.post("/account/password")
async def change_password(request: Request, v: Viewer = Depends(checked_form)) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    current, new, again = (str(form.get(k, "")) for k in ("current", "new", "again"))
    client = request.client.host if request.client else "?"
    limiter: LoginLimiter = request.app.state.limiter

    def change() -> tuple[str, str] | None:
        if limiter.blocked(client, v.name):
            return "login_blocked", ""
        if new != again:
            return "password_mismatch", ""
        with transaction(engine(request)) as s:
            if authenticate(s, v.name, current) is None:
                limiter.failed(client, v.name)
                return "password_wrong", ""
            try:
                set_password(s, v.name, new, keep_token=request.cookies.get(SESSION_COOKIE))
            except UserError as exc:
                return "bad_form", error_text(exc, v.lang)
            audit.record(s, v.name, "password_changed")
        return None

    error = await run_in_threadpool(change)
    if error is not None:
        key, detail = error
        status = 429 if key == "login_blocked" else 400
        return render(request, "account.html", v, status=status, changed=False, error=(key, detail))
    return RedirectResponse("/account?changed=1", status_code=303)
