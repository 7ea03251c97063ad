"""The ASGI app: middleware, static files, login/logout, and the pages' routers.

Stack (see README "Architecture / web"): FastAPI for routing and dependency injection
(the signed-in user, the CSRF check and the role checks are dependencies every route states),
Jinja2 server-rendered templates with autoescaping, a few small local scripts, no CDN.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from planner.render.offline import ASSET_DIR
from planner.web import audit, jobs, ledger
from planner.web.auth import LoginLimiter, authenticate, close_session, open_session
from planner.web.config import SESSION_HOURS, WebConfig
from planner.web.db import open_engine, open_reader, transaction
from planner.web.deps import (
    LANG_COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CsrfError,
    ForbiddenError,
    LoginRequiredError,
    Viewer,
    checked_form,
    lang_of,
    render,
)
from planner.web.security import SecurityMiddleware, local_path, same_token

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(cfg: WebConfig) -> FastAPI:
    """The app for one database and data folder; the schema must be at head already."""
    from planner.web import account_pages, pages, scenario_pages

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.config = cfg
    app.state.engine = open_engine(cfg.db_url)
    app.state.reader = open_reader(cfg.db_url, app.state.engine)
    app.state.limiter = LoginLimiter()
    jobs.mark_interrupted(app.state.engine)
    threading.Thread(
        target=ledger.warm_up, args=(app.state.reader, cfg.data_dir), daemon=True
    ).start()
    app.add_middleware(SecurityMiddleware, max_body=cfg.max_body_bytes)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/assets", StaticFiles(directory=ASSET_DIR), name="assets")
    _handlers(app)
    _auth_routes(app, cfg)
    app.include_router(pages.router)
    app.include_router(scenario_pages.router)
    app.include_router(account_pages.router)
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequiredError)
    async def _login(request: Request, _exc: LoginRequiredError) -> Response:
        if request.method != "GET":
            return Response("login required", status_code=401)
        nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={_quote(nxt)}", status_code=303)

    @app.exception_handler(ForbiddenError)
    async def _forbidden(request: Request, _exc: ForbiddenError) -> Response:
        return render(request, "error.html", None, status=403, message_key="forbidden")

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, _exc: CsrfError) -> Response:
        return render(request, "error.html", None, status=403, message_key="csrf_failed")


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="/")


def _cookie(
    request: Request, response: Response, cfg: WebConfig, name: str, value: str, max_age: int
) -> None:
    secure = cfg.secure_cookies or request.url.scheme == "https"
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
    )


def _auth_routes(app: FastAPI, cfg: WebConfig) -> None:
    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> Response:
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
        resp = render(request, "login.html", None, csrf=token, next=local_path(next), error=None)
        _cookie(request, resp, cfg, LOGIN_CSRF_COOKIE, token, 3600)
        return resp

    @app.post("/login")
    def login(
        request: Request,
        name: str = Form(""),
        password: str = Form(""),
        csrf: str = Form(""),
        next: str = Form("/"),
    ) -> Response:
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not expected or not same_token(expected, csrf):
            raise CsrfError
        client = request.client.host if request.client else "?"
        limiter: LoginLimiter = request.app.state.limiter
        error = None
        if limiter.blocked(client, name):
            error = "login_blocked"
        else:
            with transaction(request.app.state.engine) as s:
                user = authenticate(s, name, password)
                if user is None:
                    limiter.failed(client, name)
                    error = "login_failed"
                else:
                    limiter.succeeded(client, name)
                    token = open_session(s, user)
                    audit.record(s, user.name, "login")
        if error:
            return render(
                request,
                "login.html",
                None,
                status=401 if error == "login_failed" else 429,
                csrf=expected,
                next=local_path(next),
                error=error,
            )
        resp = RedirectResponse(local_path(next), status_code=303)
        _cookie(request, resp, cfg, SESSION_COOKIE, token, SESSION_HOURS * 3600)
        resp.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return resp

    @app.post("/logout")
    def logout(request: Request, v: Viewer = Depends(checked_form)) -> Response:
        with transaction(request.app.state.engine) as s:
            close_session(s, request.cookies.get(SESSION_COOKIE))
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(SESSION_COOKIE, path="/")
        return resp

    @app.get("/lang/{code}")
    def switch_lang(request: Request, code: str, next: str = "/") -> Response:
        resp = RedirectResponse(local_path(next), status_code=303)
        if code in ("id", "en"):
            _cookie(request, resp, cfg, LANG_COOKIE, code, 365 * 86400)
        return resp

    _ = lang_of
