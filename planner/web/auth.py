"""Users, passwords and login sessions.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile).
A login creates a server-side session: the browser holds only a random token (HttpOnly,
SameSite=Lax, Secure over HTTPS); the database holds its SHA-256, so a leaked database does not
hand out live sessions, logging out really ends the session, and a server restart loses nobody's
login. Each session carries its own CSRF token (see planner.web.security).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planner.i18n import LocalisedError, Message
from planner.web.config import LOGIN_MAX_FAILURES, LOGIN_WINDOW_SECONDS, SESSION_HOURS
from planner.web.models import LoginSession, Role, User

_HASHER = PasswordHasher()
#: Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password")
MIN_PASSWORD_LENGTH = 8


class UserError(LocalisedError, ValueError):
    """A user cannot be added or changed as asked (name taken, unknown role, team missing, weak
    password, no such user): its sentence in the reader's language, as every CLI error and every
    page refusal (`text(lang)`; `str()` is the English one)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(Message.of(f"users.{key}", **params))


def now() -> datetime:
    return datetime.now(UTC)


def _aware(t: datetime) -> datetime:
    """SQLite returns naive datetimes; everything stored is UTC."""
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def add_user(
    session: Session, name: str, role: str, password: str, team: str | None = None
) -> User:
    """Create a user; a team leader must name the team (as in the scenario, e.g. "Tim 1")."""
    name = name.strip()
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise UserError("bad_name", name=repr(name))
    try:
        r = Role(role)
    except ValueError:
        roles = ", ".join(x.value for x in Role)
        raise UserError("bad_role", roles=roles, role=repr(role)) from None
    if r == Role.TEAM_LEADER and not (team and team.strip()):
        raise UserError("team_needed")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError("short_password", min=MIN_PASSWORD_LENGTH)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise UserError("exists", name=repr(name))
    user = User(
        name=name,
        role=r.value,
        team=team.strip() if r == Role.TEAM_LEADER and team else None,
        password_hash=_HASHER.hash(password),
        active=True,
        created_at=now(),
    )
    session.add(user)
    session.flush()
    return user


def _named(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise UserError("unknown", name=repr(name.strip()))
    return user


def end_sessions(session: Session, user: User, keep_token: str | None = None) -> None:
    """Log the user out everywhere (except the session of `keep_token`, if given)."""
    stmt = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_token:
        stmt = stmt.where(LoginSession.token_hash != _token_hash(keep_token))
    session.execute(stmt)


def set_active(session: Session, name: str, active: bool) -> User:
    """Enable or disable a login; disabling also ends the user's open sessions at once."""
    user = _named(session, name)
    user.active = active
    if not active:
        end_sessions(session, user)
    return user


def set_password(session: Session, name: str, password: str, keep_token: str | None = None) -> User:
    """Give the user a new password; every other session of theirs ends (a stolen session
    does not outlive the change)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError("short_password", min=MIN_PASSWORD_LENGTH)
    user = _named(session, name)
    user.password_hash = _HASHER.hash(password)
    end_sessions(session, user, keep_token)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The user if `password` is theirs, else None (same cost for unknown names)."""
    user = session.scalar(select(User).where(User.name == name.strip(), User.active.is_(True)))
    try:
        _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user: User) -> str:
    """Start a login session; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    t = now()
    session.execute(delete(LoginSession).where(LoginSession.expires_at < t))
    session.add(
        LoginSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            csrf=secrets.token_urlsafe(32),
            created_at=t,
            expires_at=t + timedelta(hours=SESSION_HOURS),
        )
    )
    return token


def find_session(session: Session, token: str | None) -> tuple[LoginSession, User] | None:
    """The live session and its active user for a cookie token, else None."""
    if not token:
        return None
    row = session.get(LoginSession, _token_hash(token))
    if row is None or _aware(row.expires_at) < now():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return row, user


def close_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _token_hash(token)))


class LoginLimiter:
    """Refuse logins for a (client address, name) pair after too many recent failures.

    Kept in memory: it slows down guessing against one running server; a restart forgets it,
    which only helps an attacker who can restart the server anyway.
    """

    def __init__(
        self, max_failures: int = LOGIN_MAX_FAILURES, window_s: float = LOGIN_WINDOW_SECONDS
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], t: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and t - q[0] > self.window_s:
            q.popleft()
        return q

    def blocked(self, client: str, name: str) -> bool:
        with self._lock:
            return len(self._recent((client, name.lower()), time.monotonic())) >= self.max_failures

    def failed(self, client: str, name: str) -> None:
        with self._lock:
            t = time.monotonic()
            self._recent((client, name.lower()), t).append(t)

    def succeeded(self, client: str, name: str) -> None:
        with self._lock:
            self._failures.pop((client, name.lower()), None)
