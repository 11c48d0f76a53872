"""The start-up fast path (no Alembic import when the database is at head) agrees with Alembic."""

from __future__ import annotations

from pathlib import Path

from sync.schema import MIGRATIONS_DIR, head_revision
from sync.store import Store


def test_head_read_from_files_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revision() == ScriptDirectory.from_config(cfg).get_current_head()


def test_reopening_a_current_database_skips_migration_and_keeps_data(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite3"
    s = Store(db, keys_dir=tmp_path / "keys", allow_local_seal=True)
    s.set_state("probe", "kept")
    s.close()
    s2 = Store(db, keys_dir=tmp_path / "keys", allow_local_seal=True)
    try:
        assert s2.get_state("probe") == "kept"
        assert s2.backup_path is None if hasattr(s2, "backup_path") else True
        assert s2.integrity_check() == "ok"
    finally:
        s2.close()
