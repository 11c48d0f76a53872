"""Alembic environment for the terminal database.

Migrations run from ``sync.store.Store`` at open, on a connection it passes in
``config.attributes["connection"]``; there is no alembic.ini and no logging setup here
(the app owns logging).
"""

from __future__ import annotations

from alembic import context

from sync.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the Store runs migrations
    raise RuntimeError("run migrations through sync.store.Store")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
