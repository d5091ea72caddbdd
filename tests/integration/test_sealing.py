"""Sealed at rest, on SQLite and PostgreSQL: a copy of the database (the raw SQLite file and its WAL, a pg_dump)
holds no confidential sentence a State typed, while the app reads it as before; keys rotate with old rows still
readable, rows written before sealing are sealed by the rotation, and wrong keys are named at start-up."""
from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import JSON, insert, select, type_coerce
from sqlalchemy.engine import make_url

from bot.app import build_storage
from bot.engine.runner import Picked
from bot.keys import new_key
from bot.seed import seed_demo
from bot.services import conversations
from bot.services.people import resolve
from bot.settings import Settings
from storage.models import AuditEvent, Base, NeedVersion
from storage.sealing import SealError, check, rotate, sealed
from tests.integration.conftest import AMINA, SEC, say
from tests.integration.test_needs import ANSWERS, start_need, verified

SECRET = "The witness Zebra-417 is hidden in Gulu"
AT = datetime(2024, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def platform(world):
    core, _dispatcher, _sender, _directory = world
    with core.uow() as uow:
        seed_demo(uow, datetime(2024, 12, 2).date())
        uow.commit()
    return world


def raw_copy(database_url: str) -> bytes:
    """What a thief takes: the SQLite file and its write-ahead log as bytes, or a pg_dump of the schema."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is needed to read a PostgreSQL copy")
    schema = url.query["options"].split("search_path=")[1]
    done = subprocess.run(["pg_dump", "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U",
                           url.username or "postgres", "-d", url.database or "test", "-n", schema, "--data-only"],
                          capture_output=True, check=True, timeout=60)
    return done.stdout


def test_a_copy_of_the_database_holds_no_confidential_answer(platform, database_url):
    core, dispatcher, sender, _ = platform
    verified(platform, AMINA, "uganda")
    start_need(platform, AMINA)
    answers = list(ANSWERS)
    answers[2] = SECRET  # the description
    for text in answers:
        say(platform, AMINA, text)
    with core.uow() as uow:
        token = str(uow.conversations.active(uow.members.find("slack", "T1", "UAMINA").id).state["version"])
    dispatcher.deliver(conversations.handle_input(core, resolve(core, AMINA), Picked(token, "conf:description"),
                                                  None).outbox)
    say(platform, AMINA, "envoyer")
    assert any("CP-2024-0001" in text for text in sender.to("UAMINA"))
    with core.uow() as uow:  # the app reads it as it was typed
        need = uow.needs.by_reference("CP-2024-0001")
        assert uow.needs.current(need).answers["description"] == SECRET
        assert uow.needs.current(need).confidential == ["description"]
    copy = raw_copy(database_url)
    assert b"CP-2024-0001" in copy  # the copy is readable: references are not secret
    assert b"gAAAAA" in copy  # and the answers are there, sealed
    assert SECRET.encode() not in copy and "Zebra-417".encode("utf-16-le") not in copy


def test_keys_rotate_with_old_rows_readable_and_rows_from_before_sealing_sealed(database_url):
    old, new = new_key(), new_key()
    first = build_storage(Settings(database_url=database_url, aspbot_seal_keys=old))
    with first.uow() as uow:
        uow.audit.record(AT, None, "need.edited", "need:CP-2024-0009", {"description": "before"},
                         {"description": SECRET})
        uow.commit()
    with first.engine.begin() as conn:  # a row written before sealing existed: plain JSON
        conn.execute(insert(AuditEvent).values(at=AT, action="export", subject="export:legacy",
                                               after=type_coerce({"plain": "legacy"}, JSON)))
    first.engine.dispose()

    both = build_storage(Settings(database_url=database_url, aspbot_seal_keys=f"{new},{old}"))
    try:
        check(both.engine, Base)
        with both.uow() as uow:
            assert [e.after for e in uow.audit.for_subject("need:CP-2024-0009")] == [{"description": SECRET}]
            assert [e.after for e in uow.audit.for_subject("export:legacy")] == [{"plain": "legacy"}]
        done = {f"{r.table}.{r.column}": r.rows for r in rotate(both.engine, Base, batch=1)}
        assert done["audit_events.after"] == 2 and done["audit_events.before"] == 1
        with both.engine.connect() as conn:
            raw = conn.execute(select(type_coerce(AuditEvent.after, JSON))).scalars().all()
        assert len(raw) == 2 and all(sealed(value) for value in raw)
    finally:
        both.engine.dispose()

    only_new = build_storage(Settings(database_url=database_url, aspbot_seal_keys=new))
    only_old = build_storage(Settings(database_url=database_url, aspbot_seal_keys=old))
    try:
        check(only_new.engine, Base)
        with only_new.uow() as uow:
            assert [e.after for e in uow.audit.for_subject("need:CP-2024-0009")] == [{"description": SECRET}]
            assert [e.after for e in uow.audit.for_subject("export:legacy")] == [{"plain": "legacy"}]
        with pytest.raises(SealError, match="audit_events"):
            check(only_old.engine, Base)
    finally:
        only_new.engine.dispose()
        only_old.engine.dispose()


def test_a_need_sealed_with_another_key_is_refused_at_the_check_not_misread(platform, database_url):
    core, dispatcher, _, _ = platform
    verified(platform, AMINA, "uganda")
    start_need(platform, AMINA)
    for text in ANSWERS:
        say(platform, AMINA, text)
    say(platform, AMINA, "envoyer")
    stranger = build_storage(Settings(database_url=database_url, aspbot_seal_keys=new_key()))
    try:
        with pytest.raises(SealError, match="was sealed with a key that is not among those given"):
            check(stranger.engine, Base)
        with stranger.uow() as uow, pytest.raises(Exception, match="none of the keys given opens"):
            uow.session.scalars(select(NeedVersion)).all()
    finally:
        stranger.engine.dispose()
    assert resolve(core, SEC).secretariat  # the right keys still read everything
