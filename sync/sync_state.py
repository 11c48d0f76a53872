"""Small named values the sync keeps between rounds and processes (``sync_state``: cursor, last success...).

Why a table and not a file: a value such as the status cursor must move in the same
transaction as the rows it describes (:meth:`sync.status_cache.StatusCache.apply`).
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, select, text

from sync.database import Database
from sync.models import sync_state as _state


class NamedState:
    """``key -> value`` strings in ``sync_state``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def put(conn: Connection, key: str, value: str) -> None:
        """Set ``key`` inside the caller's write transaction."""
        conn.execute(
            text("INSERT INTO sync_state (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value=:v"),
            {"k": key, "v": value},
        )

    def set(self, key: str, value: str | None) -> None:
        """Set ``key`` (None deletes it) in a transaction of its own."""
        with self.db.write() as conn:
            if value is None:
                conn.execute(delete(_state).where(_state.c.key == key))
            else:
                self.put(conn, key, value)

    def get(self, key: str, default: str | None = None) -> str | None:
        with self.db.read() as conn:
            value = conn.execute(select(_state.c.value).where(_state.c.key == key)).scalar()
        return default if value is None else value
