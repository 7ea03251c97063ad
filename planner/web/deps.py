"""What every page needs: the signed-in user, their language, the CSRF check, the templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine
from starlette.templating import Jinja2Templates

from planner.i18n import check_lang, is_known_reason, num, pct, reason_label, solver_status_label
from planner.web.auth import find_session
from planner.web.config import WebConfig
from planner.web.db import reading
from planner.web.labels import web_label
from planner.web.models import Role
from planner.web.security import same_token

SESSION_COOKIE = "ikd_session"
LOGIN_CSRF_COOKIE = "ikd_login_csrf"
LANG_COOKIE = "ikd_lang"

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
TEMPLATES = Jinja2Templates(env=_ENV)


class LoginRequiredError(Exception):
    """No live session: pages redirect to the login form."""


class ForbiddenError(Exception):
    """Signed in, but the role (or team) does not allow this."""


class CsrfError(Exception):
    """A form came without the session's CSRF token."""


@dataclass(frozen=True)
class Viewer:
    """The signed-in user as the pages see them (plain values, no database objects)."""

    user_id: int
    name: str
    role: Role
    team: str | None
    csrf: str
    lang: str

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    def may_see_team(self, team: str) -> bool:
        return self.role != Role.TEAM_LEADER or team == self.team

    def may_report(self, team: str) -> bool:
        return self.is_manager or (self.role == Role.TEAM_LEADER and team == self.team)


def config(request: Request) -> WebConfig:
    cfg: WebConfig = request.app.state.config
    return cfg


def engine(request: Request) -> Engine:
    eng: Engine = request.app.state.engine
    return eng


def reader(request: Request) -> Engine:
    """The engine for reads (see planner.web.db)."""
    eng: Engine = request.app.state.reader
    return eng


def lang_of(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE, "id")
    return lang if lang in ("id", "en") else "id"


def viewer(request: Request) -> Viewer:
    with reading(reader(request)) as s:
        found = find_session(s, request.cookies.get(SESSION_COOKIE))
        if found is None:
            raise LoginRequiredError
        sess, user = found
        return Viewer(user.id, user.name, Role(user.role), user.team, sess.csrf, lang_of(request))


def manager(v: Viewer = Depends(viewer)) -> Viewer:
    if not v.is_manager:
        raise ForbiddenError
    return v


async def checked_form(request: Request, v: Viewer = Depends(viewer)) -> Viewer:
    """Every state-changing request: the form's `csrf` field must match the session's token."""
    form = await request.form()
    if not same_token(v.csrf, form.get("csrf")):
        raise CsrfError
    return v


def writer(v: Viewer = Depends(checked_form)) -> Viewer:
    """A change to the campaign: CSRF-checked, and never by a viewer."""
    if v.role == Role.VIEWER:
        raise ForbiddenError
    return v


def planner_role(v: Viewer = Depends(checked_form)) -> Viewer:
    """A change only a manager may make (plan, import, data), CSRF-checked."""
    if not v.is_manager:
        raise ForbiddenError
    return v


def render(
    request: Request, template: str, v: Viewer | None, status: int = 200, **context: Any
) -> HTMLResponse:
    lang = v.lang if v else lang_of(request)

    def label(key: str) -> str:
        return web_label(lang, key)

    def number(x: float, decimals: int = 0) -> str:
        return num(check_lang(lang), x, decimals)

    def percent(x: float, decimals: int = 1) -> str:
        return pct(check_lang(lang), x, decimals)

    def solver_status(raw: str) -> str:
        return solver_status_label(check_lang(lang), raw)

    def unscheduled_reason(reason: str, detail: str = "") -> str:
        """Why a venue was not scheduled, in the page's language; the solver's own (English)
        detail only where the reason has no words of its own, as in the workbook."""
        label = reason_label(check_lang(lang), reason)
        return label if is_known_reason(reason) or not detail else f"{label} — {detail}"

    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "v": v,
            "lang": lang,
            "L": label,
            "num": number,
            "pct": percent,
            "solver_status": solver_status,
            "unscheduled_reason": unscheduled_reason,
            **context,
        },
        status_code=status,
    )


def form_errors(exc: Exception, lang: str) -> list[str]:
    """A refused form's problems, one line each, in the reader's language (planner.web.errors)."""
    from planner.web.errors import error_lines

    return error_lines(exc, lang)
