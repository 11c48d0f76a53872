"""Bringing the database file to the schema this software expects (Alembic migrations in ``sync/migrations``).

Why apart from :mod:`sync.database`: a start-up at head must not pay for Alembic, and an
upgrade must copy the file first; both rules are about the schema, not about transactions.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class StoreError(Exception):
    """The database cannot be opened or used as asked."""


@dataclass(frozen=True)
class Migration:
    """The schema revision the file is at now, and the copy taken before an upgrade (None when none was needed)."""

    head: str
    backup_path: Path | None = None


def migrate(path: Path, engine: Engine, write_engine: Engine) -> Migration:
    """Apply pending Alembic migrations, after copying the database if it holds data.

    The common case, a database already at head, is answered without importing
    Alembic (about half a second of a cold start): the head revision is read from
    the migration files and the current one from ``alembic_version``.
    """
    head = head_revision()
    if head is not None and path.exists():
        try:
            raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
            finally:
                raw.close()
        except sqlite3.Error:
            row = None
        if row is not None and row[0] == head:
            return Migration(head)
    # Lazy on purpose, measured: importing these four took 0.14-0.21 s on the 2-core dev VM with a warm
    # page cache and SQLAlchemy already loaded (about half a second of a cold start), and a database
    # already at head (every start but the first after an upgrade) returns above without it.
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    assert head is not None
    existed = path.exists() and path.stat().st_size > 0
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    if current == head:
        return Migration(head)
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        raise StoreError(f"database schema {current} is newer than this software (head {head})")
    backup_path = None
    if existed:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        backup_path = path.with_name(f"{path.name}.pre-{current or 'base'}-to-{head}.{stamp}.bak")
        copy_database(path, backup_path)
        log.info("database copied to %s before migrating %s -> %s", backup_path, current, head)
    with write_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return Migration(head, backup_path)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (includes what is still in the WAL)."""
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def head_revision() -> str | None:
    """The newest revision in sync/migrations/versions, from the files' text (no Alembic import).

    None when the files cannot be read plainly (then Alembic decides).
    """
    revisions: dict[str, str | None] = {}
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev = re.search(r'^revision(?:: str)?\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
        down = re.search(r'^down_revision(?:[^=]*)=\s*(None|["\']([^"\']+)["\'])', text, re.MULTILINE)
        if rev is None:
            continue
        if down is None:
            return None
        revisions[rev.group(1)] = down.group(2)
    heads = set(revisions) - {d for d in revisions.values() if d}
    return heads.pop() if len(heads) == 1 else None
