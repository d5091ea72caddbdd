"""Alembic environment: the URL comes from settings (or the caller), batch mode on SQLite."""
from __future__ import annotations

from alembic import context
from sqlalchemy import text

from storage.db import make_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from bot.settings import Settings
        url = Settings().database_url
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _render_item(type_, obj, autogen_context):
    # Revisions must not import our models: our UTC wrapper is stored as a plain aware DateTime.
    if type_ == "type" and type(obj).__name__ == "UtcDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection) -> None:
    schema = config.attributes.get("schema")
    if schema:
        connection.execute(text(f'SET search_path TO "{schema}"'))
    context.configure(
        connection=connection,
        render_item=_render_item,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `aspbot db upgrade`")
run_migrations_online()
