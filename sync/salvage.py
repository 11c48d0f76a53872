"""Reading what can still be read from a damaged SQLite database (file and WAL), without changing it.

A terminal's recent transactions usually live in the write-ahead log, and SQLite stops
reading the WAL at the first frame whose checksum fails: one flipped byte in an early frame
silently hides every later committed transaction, sealed submissions included, while
``PRAGMA quick_check`` still says ``ok`` (the database it sees is consistent, only older).
So the salvage first builds an *image*:

1. the main file's pages, with a damaged 100-byte header rebuilt (magic, page size from the
   WAL, page count from the file size, the free list dropped);
2. every WAL frame that carries the WAL's current salts, up to the last commit frame, laid
   over those pages in order, whether or not its checksum chain holds (a frame of the current
   salts followed by a commit was committed: ``synchronous=FULL`` synced it);

then reads that image table by table, row by row (:func:`read_table`), stepping over pages
that cannot be read. SQLite's own ``.recover`` would be the other way, but the ``sqlite3``
shell of Debian 12 (3.40.1) is built without the ``sqlite_dbpage`` table it needs and fails
with "SQL logic error"; so does Python's ``sqlite3`` module on the same library.

:func:`wal_report` is also the start-up check for the WAL (:mod:`sync.recovery`): it says
whether committed frames lie beyond a checksum failure, which no SQLite pragma reports.
"""

from __future__ import annotations

import shutil
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = {0x377F0682: "<", 0x377F0683: ">"}  # the low bit names the checksum's byte order
WAL_HEADER = 32
FRAME_HEADER = 24
DEFAULT_PAGE_SIZE = 4096
ROW_BY_ROW_BELOW = 500  # a damaged chunk smaller than this is read row by row


class SalvageError(Exception):
    """Nothing could be salvaged (no sqlite3 shell, or the image is unreadable as a whole)."""


def _checksum(data: bytes, s0: int, s1: int, order: str) -> tuple[int, int]:
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


@dataclass(frozen=True)
class WalReport:
    """What the WAL holds. ``hidden_commits`` > 0 means SQLite would drop committed transactions."""

    page_size: int = 0
    frames: int = 0  # frames of the current salts, up to the last commit frame
    valid_frames: int = 0  # the prefix SQLite itself accepts (checksum chain intact, up to a commit)
    bad_frames: int = 0  # frames of the current salts whose own checksum fails
    hidden_commits: int = 0  # commit frames after the first checksum failure

    @property
    def damaged(self) -> bool:
        return self.hidden_commits > 0


def _wal_frames(wal: Path, page_size_hint: int = DEFAULT_PAGE_SIZE) -> tuple[WalReport, list[tuple[int, int, int]]]:
    """The report and, for each frame to apply, (page number, commit size, file offset).

    The log is every frame of the current salts up to the last commit frame among them. A frame
    is applied when its own checksum holds (seeded with what the frame before it claims, so one
    damaged frame does not condemn the rest); a frame that fails, or whose salts were damaged
    while later frames carry the current ones, is bad. A damaged WAL header: the salts are the
    ones most frames carry, the page size the database's, and checksums cannot be checked.
    """
    try:
        raw = wal.read_bytes()
    except OSError:
        return WalReport(), []
    if len(raw) < WAL_HEADER + FRAME_HEADER:
        return WalReport(), []
    magic, _version, page_size, _ckpt, salt1, salt2, c0, c1 = struct.unpack(">8I", raw[:WAL_HEADER])
    order = WAL_MAGICS.get(magic)
    header_ok = (order is not None and 512 <= page_size <= 65536 and not page_size & (page_size - 1)
                 and _checksum(raw[:24], 0, 0, order) == (c0, c1))
    if not header_ok:
        page_size = page_size_hint
        salts = [raw[o + 8:o + 16] for o in range(WAL_HEADER, len(raw) - FRAME_HEADER, FRAME_HEADER + page_size)]
        if not salts:
            return WalReport(), []
        salt1, salt2 = struct.unpack(">2I", max(set(salts), key=salts.count))
    step = FRAME_HEADER + page_size
    parsed = []  # (pgno, commit, offset, salts match, own checksum ok)
    seed = (c0, c1)
    for offset in range(WAL_HEADER, len(raw) - step + 1, step):
        fh = raw[offset:offset + FRAME_HEADER]
        pgno, commit, fs1, fs2, f0, f1 = struct.unpack(">6I", fh)
        own = order is not None and header_ok and _checksum(fh[:8] + raw[offset + FRAME_HEADER:offset + step],
                                                            seed[0], seed[1], order) == (f0, f1)
        seed = (f0, f1)
        parsed.append((pgno, commit, offset, (fs1, fs2) == (salt1, salt2) and pgno > 0, own or not header_ok))
    last = max((i + 1 for i, p in enumerate(parsed) if p[3] and p[1]), default=0)
    log = parsed[:last]
    first_bad = next((i for i, p in enumerate(log) if not (p[3] and p[4])), None)
    if not header_ok and log:
        first_bad = 0  # SQLite ignores a WAL whose header is damaged: all of it is hidden
    valid = last if first_bad is None else max((i + 1 for i, p in enumerate(log[:first_bad]) if p[1]), default=0)
    hidden = 0 if first_bad is None else sum(1 for p in log[first_bad:] if p[3] and p[1])
    report = WalReport(page_size=page_size, frames=last, valid_frames=valid,
                       bad_frames=sum(1 for p in log if not (p[3] and p[4])), hidden_commits=hidden)
    return report, [(p[0], p[1], p[2]) for p in log if p[3] and p[4]]


def wal_report(wal: Path) -> WalReport:
    return _wal_frames(wal)[0]


def _page_size(header: bytes, wal_page_size: int) -> int:
    if header[:16] == SQLITE_MAGIC and len(header) >= 18:
        raw = struct.unpack(">H", header[16:18])[0]
        size = 65536 if raw == 1 else raw
        if size >= 512 and not size & (size - 1):
            return size
    return wal_page_size or DEFAULT_PAGE_SIZE


def _fresh_header(page_size: int) -> bytes:
    """The 100-byte header of an empty database with this page size (legacy journal, UTF-8)."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute(f"PRAGMA page_size={page_size}")
        con.execute("CREATE TABLE t(x)")
        return bytes(con.serialize()[:100])
    finally:
        con.close()


def build_image(db: Path, wal: Path, image: Path) -> WalReport:
    """Write ``db`` with every committed WAL frame applied to ``image`` (a plain, non-WAL file).

    The originals are only read. A header that is not a SQLite header any more is rebuilt.
    """
    with db.open("rb") as src:
        header = src.read(100)
    report, frames = _wal_frames(wal, _page_size(header, 0)) if wal.exists() else (WalReport(), [])
    page_size = _page_size(header, report.page_size)
    shutil.copyfile(db, image)
    with image.open("r+b") as out:
        size_pages = max(1, image.stat().st_size // page_size)
        if frames:
            with wal.open("rb") as log:
                for pgno, commit, offset in frames:
                    log.seek(offset + FRAME_HEADER)
                    out.seek((pgno - 1) * page_size)
                    out.write(log.read(page_size))
                    size_pages = max(size_pages, pgno, commit)
        out.truncate(size_pages * page_size)
        out.seek(0)
        current = out.read(100)
        if current[:16] != SQLITE_MAGIC or _page_size(current, 0) != page_size:
            fresh = bytearray(_fresh_header(page_size))
            struct.pack_into(">I", fresh, 28, size_pages)  # in-header page count...
            fresh[92:96] = fresh[24:28]  # ...valid for this change counter
            current = bytes(fresh)
        patched = bytearray(current)
        patched[18:20] = b"\x01\x01"  # a rollback-journal file: readable without its WAL
        out.seek(0)
        out.write(patched)
    return report


@dataclass
class TableSalvage:
    """Rows read from one table and how many rowids in its range could not be read."""

    read: int = 0
    unreadable: int = 0
    hit_damage: bool = False  # some page of the table could not be read through SQLite


def _probe(con: sqlite3.Connection, sql: str, rowid: int) -> list[Any] | None:
    try:
        return con.execute(sql, (rowid,)).fetchall()
    except sqlite3.DatabaseError:
        return None


def read_table(con: sqlite3.Connection, table: str, columns: list[str], stats: TableSalvage, *,
               after: int = -(2**63), batch: int = 500) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    """Every readable row of ``table`` past rowid ``after`` (``columns`` only), in rowid order,
    in batches with the last rowid of each.

    A scan stops at the first unreadable page; it then goes on row by row up to the damage,
    and resumes past it (:func:`_skip_damage`); what lies in the skipped span counts as unreadable.
    """
    cols = ", ".join(f'"{c}"' for c in columns)
    many = f'SELECT rowid, {cols} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT {batch}'
    one = f'SELECT rowid, {cols} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT 1'
    last = after
    while True:
        rows = _probe(con, many, last)
        if rows is None:  # a page in the next batch is unreadable: read up to it one row at a time
            stats.hit_damage = True
            rows = []
            while len(rows) < batch:
                got = _probe(con, one, rows[-1][0] if rows else last)
                if not got:
                    break
                rows.extend(got)
            if not rows:
                rows = _skip_damage(con, one, last, stats)
        if not rows:
            return
        last = rows[-1][0]
        stats.read += len(rows)
        yield last, [tuple(r[1:]) for r in rows]


def copy_table(con: sqlite3.Connection, probe: sqlite3.Connection, schema: str, table: str, columns: list[str],
               stats: TableSalvage, chunk: int = 20_000) -> None:
    """``INSERT OR IGNORE`` every readable row of ``schema.table`` (attached to ``con``) into ``main.table``.

    Chunk by chunk: the chunk is first read in full on ``probe`` (a separate read-only connection
    to the same image; every byte of every value, inside SQLite), then copied by one statement
    without any row passing through Python. A chunk whose read fails is read row by row instead
    (:func:`read_table`) once narrowed down to a few hundred rows. The check comes first
    because a write statement that meets a damaged page leaves the writing connection unusable.
    """
    cols = ", ".join(f'"{c}"' for c in columns)
    sizes = " + ".join(f'coalesce(length(CAST("{c}" AS BLOB)), 0)' for c in columns)
    check = (f'SELECT max(rowid), count(*), sum({sizes}) FROM (SELECT rowid, {cols} FROM "{table}" '
             "WHERE rowid > ? ORDER BY rowid LIMIT ?)")
    copy = (f'INSERT OR IGNORE INTO main."{table}" ({cols}) SELECT {cols} FROM {schema}."{table}" '
            "WHERE rowid > ? AND rowid <= ?")
    insert = f'INSERT OR IGNORE INTO main."{table}" ({cols}) VALUES ({", ".join("?" * len(columns))})'
    last, size = -(2**63), chunk
    while True:
        try:
            upper, count, _bytes = probe.execute(check, (last, size)).fetchone()
        except sqlite3.DatabaseError:
            stats.hit_damage = True
            if size > ROW_BY_ROW_BELOW:  # narrow in on the damage before going row by row
                size //= 8
                continue
            got = next(read_table(probe, table, columns, stats, after=last), None)
            if got is None:
                return
            last, rows = got
            con.executemany(insert, rows)
            continue
        if upper is None:
            return
        con.execute(copy, (last, upper))
        stats.read += int(count)
        last, size = upper, min(chunk, size * 2)


def _skip_damage(con: sqlite3.Connection, one: str, last: int, stats: TableSalvage) -> list[Any]:
    """The first readable row past a damaged stretch after rowid ``last`` ([] when none is left).

    Rowid by rowid while the damage is short (a broken leaf hides a few rows), then in
    doubling steps (a broken interior page can hide a long run).
    """
    base = max(last, 0)
    start, tries = base, 0
    while start < 2**62:
        tries += 1
        start += 1 if tries <= 64 else 2 ** (tries - 64)
        got = _probe(con, one, start)
        if got is None:
            continue
        if got:
            stats.unreadable += max(0, got[0][0] - base - 1)
        return got
    return []
