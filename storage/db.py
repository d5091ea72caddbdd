"""Engines and sessions: SQLite (WAL, foreign keys) by default, PostgreSQL through DATABASE_URL."""
from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import sessionmaker

from storage.errors import Conflict, Unavailable


def _conflicts(engine: Engine) -> Engine:
    """A unique key already taken reaches the core as storage's own Conflict, and a database that cannot be
    reached (refused, cut, restarting) as Unavailable, on every database."""

    @event.listens_for(engine, "handle_error")
    def _translate(context):
        error = context.sqlalchemy_exception
        if isinstance(error, IntegrityError):
            raise Conflict(str(context.original_exception)[:200]) from error
        if context.is_pre_ping:  # the pool reconnects by itself: leave its check alone
            return
        lost = context.is_disconnect or context.connection is None  # a broken link, or no link at all
        if isinstance(error, (OperationalError, InterfaceError)) and lost:
            raise Unavailable(str(context.original_exception).splitlines()[0][:200]) from error

    return engine


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            if ":memory:" not in url:
                cur.execute("PRAGMA journal_mode=WAL")
                # In WAL mode NORMAL keeps every commit through a crash or kill of the process (and the file
                # always consistent); only a power cut may lose the last commits. FULL's fsync at each commit
                # made writers queue behind the disk. PostgreSQL is the choice where power cuts matter.
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return _conflicts(engine)
    # Bolt runs up to five listeners at once, plus the dispatcher: the pool must not starve them.
    return _conflicts(create_engine(url, pool_size=pool_size, max_overflow=5, pool_pre_ping=True))


def make_sessions(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)
