"""Alembic environment: runs on the connection possouk hands it (see migrate.py)."""

from __future__ import annotations

from alembic import context

from possouk.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - possouk always passes its connection
    raise RuntimeError("possouk migrations run through possouk.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
