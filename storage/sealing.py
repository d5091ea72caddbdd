"""Sealed at rest: columns that may hold confidential answers (a need's versions, reports, drafts, audit rows,
messages and their copies in the outbox) are encrypted with Fernet keys before they reach the database, and opened
when read. A copy of the database alone tells nothing of them.

The keys belong to the engine (`attach`), not to the process: two storages with different keys can coexist (a
test, a rotation). A row written before sealing existed reads as it was and is sealed by `rotate`.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import JSON, LargeBinary, Text, select, type_coerce, update
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

# Every Fernet token starts so (version byte 0x80, then a timestamp whose high bytes are zero until 10889).
TOKEN_PREFIX = "gAAAAA"


class SealError(Exception):
    """Sealed data that the keys given cannot open, or no keys where sealing is needed; says which."""


class Sealer:
    """Fernet keys, the first sealing and every one opening: a key is rotated by putting the new one first."""

    def __init__(self, keys: Sequence[str | bytes]):
        if not keys:
            raise SealError("no sealing key given")
        try:
            self._fernet = MultiFernet([Fernet(k) for k in keys])
        except (ValueError, TypeError) as exc:
            raise SealError("a sealing key is not a Fernet key (32 url-safe base64-encoded bytes)") from exc

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> str:
        return self.open_bytes(token.encode("ascii")).decode("utf-8")

    def seal_bytes(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def open_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken:
            raise SealError("sealed data that none of the keys given opens") from None

    def reseal(self, token: str | bytes) -> str | bytes:
        """The same content sealed with the first key."""
        try:
            again = self._fernet.rotate(token.encode("ascii") if isinstance(token, str) else token)
        except InvalidToken:
            raise SealError("sealed data that none of the keys given opens") from None
        return again.decode("ascii") if isinstance(token, str) else again


def attach(engine: Engine, sealer: Sealer) -> Engine:
    engine.dialect.aspbot_sealer = sealer  # type: ignore[attr-defined]
    return engine


def _sealer(dialect) -> Sealer:
    found = getattr(dialect, "aspbot_sealer", None)
    if found is None:
        raise SealError("this database engine has no sealing keys (storage.sealing.attach)")
    return found


def sealed(value) -> bool:
    if isinstance(value, (bytes, memoryview)):
        return bytes(value[:6]) == TOKEN_PREFIX.encode("ascii")
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


class _Sealed(TypeDecorator):
    """A column sealed on the way in and opened on the way out; a value written before sealing reads as it is,
    until `rotate` seals it. Subclasses say how their values become sealed text or bytes and back."""

    cache_ok = True

    def seal(self, sealer: Sealer, value):
        raise NotImplementedError

    def open(self, sealer: Sealer, token):
        raise NotImplementedError

    def process_bind_param(self, value, dialect):
        return None if value is None else self.seal(_sealer(dialect), value)

    def process_result_value(self, value, dialect):
        return self.open(_sealer(dialect), value) if value is not None and sealed(value) else value


class SealedJSON(_Sealed):
    """A JSON document stored as one sealed JSON string; the column stays JSON, so the schema does not change."""

    impl = JSON
    cache_ok = True  # SQLAlchemy reads it on each class, not from the base

    def seal(self, sealer: Sealer, value):
        return sealer.seal(json.dumps(value, ensure_ascii=False))

    def open(self, sealer: Sealer, token):
        return json.loads(sealer.open(token))


class SealedText(_Sealed):
    impl = Text
    cache_ok = True  # SQLAlchemy reads it on each class, not from the base

    def seal(self, sealer: Sealer, value):
        return sealer.seal(value)

    def open(self, sealer: Sealer, token):
        return sealer.open(token)


class SealedBytes(_Sealed):
    """A file's bytes, sealed whole (a statement for the interpreters is confidential until it is delivered)."""

    impl = LargeBinary
    cache_ok = True  # SQLAlchemy reads it on each class, not from the base

    def seal(self, sealer: Sealer, value):
        return sealer.seal_bytes(bytes(value))

    def open(self, sealer: Sealer, token):
        return sealer.open_bytes(bytes(token))


def columns(base) -> list:
    """Every sealed column of the models, as (model, column attribute, its sealed type)."""
    found = []
    for mapper in base.registry.mappers:
        for attr in mapper.column_attrs:
            column = attr.columns[0]
            if isinstance(column.type, _Sealed):
                found.append((mapper.class_, getattr(mapper.class_, attr.key), column.type))
    return sorted(found, key=lambda c: (c[0].__tablename__, c[1].key))


@dataclass(frozen=True)
class Resealed:
    table: str
    column: str
    rows: int


def check(engine: Engine, base) -> None:
    """Open the newest sealed value of each sealed column: wrong keys stop start-up, not a person's request."""
    sealer = _sealer(engine.dialect)
    with engine.connect() as conn:
        for model, attribute, kind in columns(base):
            value = conn.execute(select(type_coerce(attribute, kind.impl_instance)).where(attribute.is_not(None))
                                 .order_by(model.id.desc()).limit(1)).scalar()
            if value is not None and sealed(value):
                try:
                    sealer.open_bytes(value.encode("ascii") if isinstance(value, str) else bytes(value))
                except SealError:
                    raise SealError(f"{model.__tablename__}.{attribute.key} was sealed with a key that is not "
                                    f"among those given") from None


def rotate(engine: Engine, base, batch: int = 200) -> list[Resealed]:
    """Seal every sealed column's rows again with the first key (and seal rows written before sealing), a batch
    per transaction, each row locked while it is rewritten: the app may keep running meanwhile."""
    sealer = _sealer(engine.dialect)
    done = []
    for model, attribute, kind in columns(base):
        raw = kind.impl_instance  # the column as stored: the token itself, or a value from before sealing
        count, last = 0, 0
        while True:
            with engine.begin() as conn:
                rows = conn.execute(select(model.id, type_coerce(attribute, raw).label("v"))
                                    .where(model.id > last, attribute.is_not(None))
                                    .order_by(model.id).limit(batch).with_for_update()).all()
                for row in rows:
                    value = sealer.reseal(bytes(row.v) if isinstance(row.v, memoryview) else row.v) \
                        if sealed(row.v) else kind.seal(sealer, row.v)
                    conn.execute(update(model).where(model.id == row.id)
                                 .values({attribute.key: type_coerce(value, raw)}))
                count += len(rows)
            if len(rows) < batch:
                break
            last = rows[-1].id
        done.append(Resealed(model.__tablename__, attribute.key, count))
    return done
