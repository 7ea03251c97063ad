"""Response headers, request-size limits, CSRF tokens and safe file paths.

The Content-Security-Policy allows scripts, styles and images from this server only: no
inline script, no inline style, no other origin. Every page's JavaScript is a file under
/static; data for it travels in `data-*` attributes (escaped by Jinja2 like all text).
"""

from __future__ import annotations

import hmac
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
#: App assets (CSS, JS, Leaflet) may be cached a day: phones on a weak signal load them once.
STATIC_PREFIXES = ("/static/", "/assets/")
CACHE_STATIC = b"public, max-age=86400"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SecurityMiddleware:
    """Add the security headers to every response; refuse oversized or unsized bodies.

    A POST must say how big it is (every browser form does) and stay under `max_body`; the
    body is also counted as it arrives, so a client that lies about its length is cut off.
    """

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in present]
                if b"cache-control" not in present:
                    static = scope["path"].startswith(STATIC_PREFIXES)
                    headers.append((b"cache-control", CACHE_STATIC if static else b"no-store"))
                message["headers"] = headers
            await send(message)

        if scope["method"] in UNSAFE_METHODS:
            length = dict(scope.get("headers", [])).get(b"content-length")
            if length is None or not length.isdigit():
                await _plain(send_with_headers, 411, "Content-Length required")
                return
            if int(length) > self.max_body:
                await _plain(send_with_headers, 413, "Request too large")
                return
            seen = 0

            async def counted() -> Message:
                nonlocal seen
                message = await receive()
                if message["type"] == "http.request":
                    seen += len(message.get("body", b""))
                    if seen > self.max_body:
                        raise ValueError("request body larger than announced")
                return message

            await self.app(scope, counted, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def same_token(expected: str, given: object) -> bool:
    """Constant-time comparison of a CSRF token; anything that is not a string fails."""
    return isinstance(given, str) and bool(given) and hmac.compare_digest(expected, given)


def inside(folder: Path, relative: str) -> Path | None:
    """`folder/relative` if it is a file inside `folder` (after resolving links), else None."""
    root = folder.resolve()
    try:
        target = (root / relative).resolve()
    except (OSError, ValueError):
        return None
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return target


def local_path(next_url: str | None) -> str:
    """A redirect target that stays on this site (`/...`, never `//host` or a scheme)."""
    if (
        not next_url
        or not next_url.startswith("/")
        or next_url.startswith("//")
        or "\\" in next_url
    ):
        return "/"
    return next_url
