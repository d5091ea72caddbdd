"""Persistence: SQLAlchemy models, the engine and sessions, repositories and Alembic migrations."""
