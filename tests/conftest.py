"""Shared fixtures: a migrated database per test on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

import os
import shutil
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from bot.app import Storage, build_storage
from bot.clock import FixedClock
from bot.settings import Settings
from storage.migrate import upgrade
from storage.models import Base

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])

# Tests never read the wall clock: they start on the day of the 2024 plenary on cooperation.
PINNED = datetime(2024, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def key_file(tmp_path_factory):
    """Where the run's sealing key is generated on first use, as the console's is (bot.keys.local)."""
    return tmp_path_factory.mktemp("keys") / "aspbot.key"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, key_file):
    """Settings come only from what a test passes in, never from the developer's shell or .env."""
    for name in list(os.environ):
        if name.startswith(("SLACK_", "ASPBOT_")) or name == "DATABASE_URL":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASPBOT_KEY_FILE", str(key_file))
    monkeypatch.chdir(os.path.dirname(__file__))  # no stray .env from the project root


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_schema():
    if not PG_URL:
        yield None
        return
    schema = f"aspbot_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _with_schema(PG_URL, schema)
    upgrade(url)
    yield url
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _with_schema(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path, sqlite_template):
    if request.param == "sqlite":
        path = tmp_path / "aspbot.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("pg_schema")
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


@pytest.fixture
def clock():
    return FixedClock(PINNED)


@pytest.fixture
def storage(database_url):
    built = build_storage(Settings(database_url=database_url))
    yield built
    built.engine.dispose()


@pytest.fixture
def seeded(storage) -> Storage:
    from bot.seed import seed_delegations
    with storage.uow() as uow:
        seed_delegations(uow)
        uow.commit()
    return storage
