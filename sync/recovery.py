"""Start-up check of the local database and recovery from corruption that loses nothing it can read.

Why at start: a damaged file used as if nothing were wrong hides sealed submissions in
unreadable pages and fails later at random. So before the store is opened:

* :func:`check` runs ``PRAGMA quick_check`` (read-only; it reads every page once but skips
  the index cross-checks, see ``benchmarks/bench_storage.py``) and reads the WAL's frame
  checksums (:func:`sync.salvage.wal_report`), which catch committed transactions SQLite
  itself would silently drop.
* :func:`recover` moves the damaged file with its ``-wal``/``-shm`` aside into
  ``data_dir/damaged/<time>/`` (never deleted), salvages every readable row from an image
  of file + WAL, outbox and print journal first (their payloads are sealed, so a salvaged
  copy is as safe as the original), builds a fresh store (Alembic to head) and puts the rows
  back with their ids: the hub stores each outbox id once, so salvaged items are delivered
  exactly once. The terminal's identity (keys, enrolment) lives in ``data_dir/keys`` beside
  the database and is not touched. Tracking numbers stay unique: the day's sequence restarts
  past the highest number salvaged plus :data:`SEQ_GAP` (numbers in unreadable pages are
  unknown). The report goes to ``report.json`` beside the damaged copy, to the new store's
  ``storage_recovery`` state (heartbeat, diagnostics) and, as a ``storage.recovered`` audit
  event, to the hub.

Only the kiosk process recovers (``terminal.bootstrap``); the CLI reports damage and leaves the
files alone, so a ``kiosk sync status`` never moves a database the running kiosk has open.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from contract import tracking
from contract.clock import Clock, SystemClock
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.storage_faults import CODES, Fault, StorageFault, as_fault
from sync import leafscan, salvage
from sync.outbox_items import OUTBOX_KINDS
from sync.store import Store, open_store

log = logging.getLogger(__name__)

DAMAGED_DIR = "damaged"
REPORT_STATE_KEY = "storage_recovery"
DAMAGE_FILE = "damage.json"  # written when the files are moved aside
REPORT_FILE = "report.json"  # written when the rebuild is complete
REBUILD_CACHE_KB = 65536
DAMAGED_REASON = "damaged in storage (salvaged after corruption)"
_ITEM_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what the hub accepts as an outbox id
INTEGRITY_FAILED_KEY = "integrity_failed"  # set by the quiet-hour full check (sync.service)
SEQ_GAP = 100
# sealed items first: whatever happens later in the copy, these are already safe in the new store
TABLE_ORDER = ("outbox", "print_jobs", "submissions", "day_sequence", "audit_log", "sync_state", "status_cache",
               "bundles", "blobs")
_SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class Damage:
    """What the start-up check found: ``code`` for the technician, ``detail`` in words."""

    code: str
    detail: str


@dataclass
class RecoveryReport:
    at: str
    reason: str
    moved_to: str
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    outbox_recovered: int = 0
    outbox_damaged: int = 0  # rows read but unusable: kept, quarantined for the technician
    payloads_lost: int = 0  # submissions whose stub survived but whose sealed payload did not
    print_jobs_recovered: int = 0
    rows_unreadable: int = 0  # rowids in unreadable pages (an upper bound: rowids have gaps)
    rows_rescued: int = 0  # of those, read from intact leaf pages under a damaged interior page
    wal_frames_applied: int = 0
    seconds: float = 0.0
    error: str | None = None

    @property
    def lost_anything(self) -> bool:
        return bool(self.payloads_lost or self.rows_unreadable or self.outbox_damaged or self.error)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> dict[str, Any]:
        """The audit event's detail and the heartbeat's: counts only, no personal data."""
        return {"outbox_recovered": self.outbox_recovered, "outbox_damaged": self.outbox_damaged,
                "payloads_lost": self.payloads_lost, "print_jobs_recovered": self.print_jobs_recovered,
                "rows_unreadable": self.rows_unreadable, "moved_to": self.moved_to, "reason": self.reason[:200],
                "seconds": round(self.seconds, 2), "error": self.error}


def check(db_path: Path) -> Damage | None:
    """None when the database is sound (or does not exist yet); the damage otherwise.

    Raises :class:`StorageFault` for faults that are not damage (a lock, an unreadable
    mount): those must never send a good database to recovery.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    wal = salvage.wal_report(Path(f"{db_path}-wal"))
    if wal.damaged:
        return Damage(CODES[Fault.CORRUPT], f"write-ahead log damaged: {wal.hidden_commits} committed "
                                            f"transaction(s) behind {wal.bad_frames} bad frame(s)")
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=15)
        try:
            result = [str(r[0]) for r in con.execute("PRAGMA quick_check(20)").fetchall()]
            failed = [str(r[0]) for r in con.execute(
                "SELECT value FROM sync_state WHERE key = ?", (INTEGRITY_FAILED_KEY,)).fetchall()] \
                if result == ["ok"] and _has_table(con, "sync_state") else []
        finally:
            con.close()
    except sqlite3.Error as exc:
        fault = as_fault(exc)
        if fault is not None and fault.fault == Fault.CORRUPT:
            return Damage(fault.code, f"database unreadable: {exc}")
        raise fault or StorageFault(Fault.OTHER, str(exc)) from exc
    if result != ["ok"]:
        return Damage(CODES[Fault.CORRUPT], f"quick_check: {'; '.join(result)[:300]}")
    if failed:
        return Damage(CODES[Fault.CORRUPT], f"full integrity check failed: {failed[0][:300]}")
    return None


def _has_table(con: sqlite3.Connection, name: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def move_aside(db_path: Path, now: datetime) -> Path:
    """Move the database and its ``-wal``/``-shm`` into ``damaged/<time>/`` (renames: no copy, no delete)."""
    base = db_path.parent / DAMAGED_DIR / now.strftime("%Y%m%dT%H%M%S")
    dest = base
    n = 1
    while dest.exists():
        n += 1
        dest = base.with_name(f"{base.name}-{n}")
    dest.mkdir(parents=True)
    for suffix in ("", *_SIDE_FILES):
        src = Path(f"{db_path}{suffix}")
        if src.exists():
            os.replace(src, dest / src.name)
    _fsync_dir(dest)
    _fsync_dir(db_path.parent)
    return dest


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in con.execute(f'PRAGMA table_info("{table}")').fetchall()]


def _outbox_row_ok(row: dict[str, Any]) -> bool:
    """A salvaged outbox row is deliverable: an id of the hub's shape, a known kind and a JSON object
    body (for a submission: its sealed payload, under the same id)."""
    try:
        body = json.loads(row["body"])
    except (TypeError, ValueError):
        return False
    if (not isinstance(body, dict) or row.get("kind") not in OUTBOX_KINDS
            or not _ITEM_ID.fullmatch(str(row.get("id") or ""))):
        return False
    return row["kind"] != "submission" or (isinstance(body.get("sealed_payload"), str)
                                           and body.get("submission_id") == row["id"])


def _copy_rows(src: sqlite3.Connection, dst: sqlite3.Connection, report: RecoveryReport) -> None:
    """Every table of the image (``src``, attached to ``dst`` as ``img``) into ``dst``: outbox and submissions
    row by row (checked, linked), the others inside SQLite (:func:`sync.salvage.copy_table`)."""
    known = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    outbox_ids: set[str] = set()
    for table in TABLE_ORDER:
        stats = salvage.TableSalvage()
        have = set(_columns(src, table)) if table in known else set()
        columns = [c for c in _columns(dst, table) if c in have]
        before = dst.total_changes
        if columns and table not in ("outbox", "submissions"):
            salvage.copy_table(dst, src, "img", table, columns, stats)
        elif columns:
            marks = ", ".join("?" * len(columns))
            insert = f'INSERT OR IGNORE INTO "{table}" ({", ".join(columns)}) VALUES ({marks})'
            for _last, batch in salvage.read_table(src, table, columns, stats):
                rows = [dict(zip(columns, r, strict=True)) for r in batch]
                if table == "outbox":
                    for row in rows:
                        if not _outbox_row_ok(row):
                            row.update(state="quarantined", reason=DAMAGED_REASON)
                            report.outbox_damaged += 1
                        outbox_ids.add(str(row["id"]))
                else:
                    for row in rows:
                        if row.get("outbox_id") and row["outbox_id"] not in outbox_ids:
                            row["outbox_id"] = None
                            if row.get("status") == "pending":
                                report.payloads_lost += 1
                dst.executemany(insert, [tuple(r[c] for c in columns) for r in rows])
        if stats.hit_damage and table in LEAF_SHAPES:
            rescued = _rescue_from_leaves(src, dst, table, outbox_ids)
            report.rows_rescued += rescued
            log.warning("%d %s row(s) read from leaf pages under damaged b-tree pages", rescued, table)
        recovered = dst.total_changes - before
        report.tables[table] = {"recovered": recovered, "unreadable": stats.unreadable,
                                "refused": max(0, stats.read - recovered)}
        report.rows_unreadable += stats.unreadable
    report.outbox_recovered = report.tables["outbox"]["recovered"]
    report.print_jobs_recovered = report.tables["print_jobs"]["recovered"]


def _looks_like_outbox(v: list[Any]) -> bool:
    return (len(v) == 11 and v[0] is None and isinstance(v[1], str) and v[2] in OUTBOX_KINDS
            and isinstance(v[4], str) and v[6] in ("queued", "quarantined"))


def _looks_like_print_job(v: list[Any]) -> bool:
    return (len(v) == 8 and v[0] is None and v[1] in ("receipt", "ticket", "document") and isinstance(v[3], str)
            and isinstance(v[5], str) and isinstance(v[7], bytes))


# the sealed tables: a row of this shape on a leaf page is this table's (the rowid is the key column)
LEAF_SHAPES = {"outbox": _looks_like_outbox, "print_jobs": _looks_like_print_job}


def _rescue_from_leaves(src: sqlite3.Connection, dst: sqlite3.Connection, table: str, outbox_ids: set[str]) -> int:
    """Rows of ``table`` on leaf pages no query reaches (a damaged interior page above them)."""
    (image,) = [r[2] for r in src.execute("PRAGMA database_list") if r[1] == "main"]
    columns = _columns(dst, table)
    insert = f'INSERT OR IGNORE INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    before = dst.total_changes
    for _page, rowid, values in leafscan.leaf_rows(Path(image), LEAF_SHAPES[table]):
        row = dict(zip(columns, [rowid, *values[1:]], strict=True))
        if table == "outbox":
            outbox_ids.add(str(row["id"]))
            if not _outbox_row_ok(row):
                row.update(state="quarantined", reason=DAMAGED_REASON)
        dst.execute(insert, [row[c] for c in columns])
    return dst.total_changes - before


def _restart_sequences(dst: sqlite3.Connection, today: str, terminal_no: int) -> None:
    """Each day's sequence past every number salvaged; today's also past what may hide in lost pages."""
    seen: dict[tuple[str, int], int] = {(today, terminal_no): 0}
    for day, number, last in dst.execute("SELECT day, terminal_no, last FROM day_sequence"):
        seen[(day, number)] = max(seen.get((day, number), 0), int(last))
    for (value,) in dst.execute("SELECT tracking_number FROM submissions UNION "
                                "SELECT tracking_number FROM print_jobs WHERE tracking_number IS NOT NULL"):
        n = tracking.normalise(str(value))
        if tracking.is_valid(n):
            key = (n[:6], int(n[6:10]))
            seen[key] = max(seen.get(key, 0), int(n[10:14]))
    for (day, number), last in seen.items():
        if day == today and last + SEQ_GAP < 9999:
            last += SEQ_GAP
        dst.execute("INSERT INTO day_sequence (day, terminal_no, last) VALUES (?, ?, ?) "
                    "ON CONFLICT (day, terminal_no) DO UPDATE SET last = excluded.last", (day, number, last))


def recover(db_path: Path, damage: Damage, *, clock: Clock | None = None, keys_dir: Path | None = None,
            allow_local_seal: bool = True) -> RecoveryReport:
    """Move the damaged database aside, salvage it into a fresh store, record the report. Never deletes."""
    clock = clock or SystemClock()
    dest = move_aside(db_path, clock.now())
    (dest / DAMAGE_FILE).write_text(json.dumps({"code": damage.code, "detail": damage.detail}), encoding="utf-8")
    _fsync_dir(dest)
    log.error("database damaged (%s); moved aside to %s, salvaging", damage.code, dest.name)
    return rebuild(db_path, dest, clock=clock, keys_dir=keys_dir, allow_local_seal=allow_local_seal)


def unfinished(db_path: Path) -> Path | None:
    """A damaged copy whose rebuild was cut short (no ``report.json`` yet): it is rebuilt again at start."""
    base = db_path.parent / DAMAGED_DIR
    if not base.is_dir():
        return None
    for dest in sorted(base.iterdir(), reverse=True):
        if (dest / DAMAGE_FILE).exists() and not (dest / REPORT_FILE).exists():
            return dest
    return None


def rebuild(db_path: Path, dest: Path, *, clock: Clock | None = None, keys_dir: Path | None = None,
            allow_local_seal: bool = True) -> RecoveryReport:
    """Salvage the copy in ``dest`` into a new database that replaces ``db_path`` only once complete.

    The new database is built beside it (``.rebuilding``, no journal, one transaction: a
    gigabyte goes in minutes, not hours), synced, then renamed into place; ``report.json``
    is written last. A power cut anywhere leaves the damaged copy and no report, so the
    next start rebuilds again (:func:`unfinished`).
    """
    clock = clock or SystemClock()
    t0 = time.monotonic()
    now = clock.now()
    damage = json.loads((dest / DAMAGE_FILE).read_text(encoding="utf-8"))
    report = RecoveryReport(at=now.isoformat(), reason=f"{damage['code']}: {damage['detail']}",
                            moved_to=str(dest.relative_to(db_path.parent)))
    work = db_path.with_name(db_path.name + ".rebuilding")
    for suffix in ("", *_SIDE_FILES):  # a rebuild cut short: only our own partial output
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    with Store(work, clock=clock, keys_dir=keys_dir, allow_local_seal=allow_local_seal) as fresh:  # at head
        terminal_no = fresh.submissions.terminal_no()
    image = dest / "salvage-image.sqlite3"
    try:
        wal = salvage.build_image(dest / db_path.name, dest / f"{db_path.name}-wal", image)
        report.wal_frames_applied = wal.frames
        image_uri = image.resolve().as_uri() + "?mode=ro"
        src = sqlite3.connect(image_uri, uri=True)
        dst = sqlite3.connect(work.resolve().as_uri(), uri=True, isolation_level=None)
        try:  # no journal: a rebuild cut short is started again from the damaged copy
            for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{REBUILD_CACHE_KB}"):
                dst.execute(f"PRAGMA {pragma}")
            dst.execute("ATTACH DATABASE ? AS img", (image_uri,))
            dst.execute("BEGIN IMMEDIATE")
            _copy_rows(src, dst, report)
            dst.execute("DELETE FROM sync_state WHERE key IN (?, ?)", (INTEGRITY_FAILED_KEY, "integrity_checked_on"))
            _restart_sequences(dst, now.strftime("%y%m%d"), terminal_no)
            dst.execute("COMMIT")
            dst.execute("DETACH DATABASE img")
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            src.close()
            dst.close()
    except (OSError, sqlite3.Error) as exc:  # the damaged copy stays; the fresh store is usable regardless
        report.error = f"salvage failed: {type(exc).__name__}: {exc}"[:300]
        log.exception("salvage failed: %s", report.error)
    finally:
        image.unlink(missing_ok=True)
    fd = os.open(work, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    for suffix in _SIDE_FILES:
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)  # of an empty store a CLI may have made meanwhile
    os.replace(work, db_path)
    _fsync_dir(db_path.parent)
    report.seconds = time.monotonic() - t0
    with Store(db_path, clock=clock, keys_dir=keys_dir, allow_local_seal=allow_local_seal) as store:
        store.state.set(REPORT_STATE_KEY, json.dumps(report.as_json(), ensure_ascii=False))
        store.state.set("last_error", f"{now.isoformat()} storage: database damaged and rebuilt ({damage['code']})")
        store.audit_log.record(AuditRecord(AuditEvent.STORAGE_RECOVERED, now, report.summary()))
    (dest / REPORT_FILE).write_text(json.dumps(report.as_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    log.warning("database rebuilt in %.1f s: %d outbox item(s) and %d print job(s) salvaged, %d payload(s) lost",
                report.seconds, report.outbox_recovered, report.print_jobs_recovered, report.payloads_lost)
    return report


def last_report(store: Any) -> dict[str, Any] | None:
    """The last recovery's report from the store's state, or None."""
    raw = store.get_state(REPORT_STATE_KEY)
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def open_checked(settings: Any, clock: Clock | None = None,
                 on_recovering: Callable[[Damage], None] | None = None) -> tuple[Store, RecoveryReport | None]:
    """The kiosk's store, checked first and recovered when damaged (``on_recovering`` is told before)."""
    db_path = Path(settings.db_path)
    keys_dir, local_seal = Path(settings.data_dir) / "keys", settings.mode == "demo"
    report = None
    cut_short = unfinished(db_path)
    if cut_short is not None:
        if on_recovering is not None:
            on_recovering(Damage(CODES[Fault.CORRUPT], "a recovery was cut short; rebuilding again"))
        report = rebuild(db_path, cut_short, clock=clock, keys_dir=keys_dir, allow_local_seal=local_seal)
    elif (damage := check(db_path)) is not None:
        if on_recovering is not None:
            on_recovering(damage)
        report = recover(db_path, damage, clock=clock, keys_dir=keys_dir, allow_local_seal=local_seal)
    return open_store(settings, clock), report
