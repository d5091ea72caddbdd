"""Reference numbers (CP-2024-0007, POA-2024-0003) drawn from counters: in order, per prefix, without gaps
or duplicates under concurrency, and seeded by the migration from the references already issued."""
from __future__ import annotations

import os
import threading
import uuid

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, insert, inspect, text

from bot.app import build_storage
from bot.keys import keys_for
from bot.settings import Settings
from storage.migrate import alembic_config, upgrade
from storage.models import Base, CallForInput, Delegation, Member, Need, Report
from storage.sealing import Sealer, attach
from tests.conftest import BACKENDS, PG_URL, PINNED, _with_schema

BEFORE_COUNTERS = "38c437584c18"  # the revision before reference_counters


def test_first_number_is_one_then_two(storage):
    with storage.uow() as uow:
        assert uow.references.next("CP-2024") == 1
        uow.commit()
    with storage.uow() as uow:
        assert uow.references.next("CP-2024") == 2
        assert uow.references.next("CP-2024") == 3  # twice in one unit of work: two numbers
        uow.commit()


def test_prefixes_are_independent(storage):
    with storage.uow() as uow:
        assert [uow.references.next(p) for p in ("CP-2024", "CP-2025", "POA-2024", "CP-2024")] == [1, 1, 1, 2]
        uow.commit()
    with storage.uow() as uow:
        assert uow.references.next("CP-2025") == 2
        assert uow.references.next("POA-2024") == 2
        assert uow.references.next("CP-2024") == 3


def test_a_rolled_back_number_is_given_again(storage):
    with storage.uow() as uow:
        assert uow.references.next("CP-2024") == 1
        uow.commit()
    with storage.uow() as uow:
        assert uow.references.next("CP-2024") == 2
        uow.rollback()
    with storage.uow() as uow:
        assert uow.references.next("CP-2024") == 2  # explicitly rolled back: no gap
    with storage.uow() as uow:
        assert uow.references.next("CP-2024") == 2  # left uncommitted (rolled back on exit): no gap either
        uow.commit()
    with storage.uow() as uow:
        assert uow.references.next("CP-2024") == 3


def test_concurrent_allocations_are_distinct_and_without_gaps(storage):
    """20 units of work allocate in the same instant and commit: each number once, none refused.

    Each thread's connection is taken only at `next`, after the barrier: the engine's pool holds at most 15,
    and a thread holding one while waiting at the barrier could starve the rest."""
    threads = 20
    barrier = threading.Barrier(threads, timeout=60)
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def allocate():
        try:
            with storage.uow() as uow:
                barrier.wait()
                number = uow.references.next("CP-2026")
                uow.commit()
            with lock:
                numbers.append(number)
        except BaseException as error:  # noqa: BLE001 - reported below
            with lock:
                errors.append(error)

    workers = [threading.Thread(target=allocate) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=90)
    assert not any(worker.is_alive() for worker in workers)
    assert errors == []
    assert sorted(numbers) == list(range(1, threads + 1))
    with storage.uow() as uow:
        assert uow.references.next("CP-2026") == threads + 1


def test_allocating_after_a_read_in_the_same_unit_of_work_waits_rather_than_fails(storage):
    """A submission reads (its membership, the call) before it allocates. On SQLite those reads run outside a
    transaction (the driver BEGINs only before the first write), so the upsert waits for the writer lock on
    busy_timeout instead of failing with "database is locked". 12 threads: each holds a pooled connection
    from its read on, and the pool gives out at most 15."""
    threads = 12
    barrier = threading.Barrier(threads, timeout=60)
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def allocate():
        try:
            with storage.uow() as uow:
                uow.delegations.count()
                barrier.wait()
                uow.delegations.count()
                number = uow.references.next("POA-2026")
                uow.commit()
            with lock:
                numbers.append(number)
        except BaseException as error:  # noqa: BLE001 - reported below
            with lock:
                errors.append(error)

    workers = [threading.Thread(target=allocate) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=90)
    assert not any(worker.is_alive() for worker in workers)
    assert errors == []
    assert sorted(numbers) == list(range(1, threads + 1))


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path):
    """A database with no tables yet, for a test that runs the migrations itself."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrating.db'}"
        return
    schema = f"aspbot_migrate_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _with_schema(PG_URL, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_migration_seeds_counters_from_issued_references(empty_url):
    upgrade(empty_url, revision=BEFORE_COUNTERS)
    engine = attach(create_engine(empty_url), Sealer(keys_for(Settings())))  # reports' answers are sealed
    with engine.begin() as conn:
        assert "reference_counters" not in _tables(conn)
        conn.execute(insert(Delegation.__table__).values(id=1, code="UG", kind="state_party", name="Uganda"))
        conn.execute(insert(Member.__table__).values(id=1, channel="slack", workspace="T1", user_key="U1",
                                                     created_at=PINNED))
        conn.execute(insert(CallForInput.__table__).values(id=1, code="CP-2024", title="Call", opens_at=PINNED,
                                                           final_deadline=PINNED, timezone="UTC", demo=False))
        need = {"delegation_id": 1, "call_id": 1, "area": "cooperation", "status": "submitted", "consent": True,
                "version": 1, "created_by_id": 1, "created_at": PINNED, "updated_at": PINNED}
        needs = ("CP-2024-0002", "CP-2024-0007", "CP-2023-0011", "IMPORTED-X")  # the last is not numbered
        conn.execute(insert(Need.__table__), [{**need, "reference": r} for r in needs])
        report = {"form": "poa", "delegation_id": 1, "answers": {}, "confidential": [], "author_id": 1,
                  "created_at": PINNED}
        conn.execute(insert(Report.__table__), [{**report, "reference": r} for r in ("POA-2024-0003", "POA-2024-0001")])
    engine.dispose()

    upgrade(empty_url)

    storage = build_storage(Settings(database_url=empty_url))
    try:
        with storage.uow() as uow:
            assert uow.references.next("CP-2024") == 8
            assert uow.references.next("POA-2024") == 4
            assert uow.references.next("CP-2023") == 12
            assert uow.references.next("CP-2025") == 1  # no reference issued yet under this prefix
            uow.commit()
    finally:
        storage.engine.dispose()


def test_migrated_schema_matches_the_models(empty_url):
    """Alembic finds nothing to autogenerate: the revisions create exactly what storage/models.py declares."""
    upgrade(empty_url)
    engine = create_engine(empty_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_drops_the_counters_and_upgrade_restores_them(empty_url):
    upgrade(empty_url)
    command.downgrade(alembic_config(empty_url), BEFORE_COUNTERS)
    engine = create_engine(empty_url)
    try:
        with engine.connect() as conn:
            assert "reference_counters" not in _tables(conn)
        upgrade(empty_url)
        with engine.connect() as conn:
            assert "reference_counters" in _tables(conn)
    finally:
        engine.dispose()


def _tables(conn) -> set[str]:
    return set(inspect(conn).get_table_names())
