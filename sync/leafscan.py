"""Rows read straight from a database file's table-leaf pages, for when the b-tree above them is broken.

SQLite reaches a row through the table's interior pages; when one of those is damaged every
row beneath it is out of reach of any query, though the leaf pages holding them are intact.
For the sealed tables (outbox, print journal) the salvage then reads every page of the image
itself: each table-leaf page (type 13) is decoded cell by cell (record format, overflow chains
followed) and a row is kept when its shape is unmistakably the table's (column count and the
values of its state columns, see :mod:`sync.recovery`). The SQLite file format:
https://www.sqlite.org/fileformat2.html (b-tree pages, cell payload, record format).
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

LEAF_TABLE = 13
MAX_OVERFLOW_PAGES = 1 << 16  # a row larger than this many pages is damage, not data


def _varint(buf: bytes, at: int) -> tuple[int, int]:
    """(value, next offset) of the SQLite varint at ``at``."""
    value = 0
    for i in range(8):
        byte = buf[at + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + i + 1
    return (value << 8) | buf[at + 8], at + 9


def _value(serial: int, buf: bytes, at: int) -> tuple[Any, int]:
    if serial == 0:
        return None, at
    if 1 <= serial <= 6:
        size = (1, 2, 3, 4, 6, 8)[serial - 1]
        return int.from_bytes(buf[at:at + size], "big", signed=True), at + size
    if serial == 7:
        return struct.unpack(">d", buf[at:at + 8])[0], at + 8
    if serial in (8, 9):
        return serial - 8, at
    if serial >= 12:
        size = (serial - 12) // 2
        if at + size > len(buf):
            raise ValueError("value past the end of the record")
        raw = bytes(buf[at:at + size])
        return (raw if serial % 2 == 0 else raw.decode("utf-8", "replace")), at + size
    raise ValueError(f"reserved serial type {serial}")


def decode_record(payload: bytes) -> list[Any]:
    header_size, at = _varint(payload, 0)
    serials = []
    while at < header_size:
        serial, at = _varint(payload, at)
        serials.append(serial)
    at = header_size
    values = []
    for serial in serials:
        value, at = _value(serial, payload, at)
        values.append(value)
    return values


class _File:
    def __init__(self, data: mmap.mmap) -> None:
        self.data = data  # mapped, not read: the file may be a gigabyte
        raw = struct.unpack(">H", self.data[16:18])[0]
        self.page_size = 65536 if raw == 1 else raw
        self.usable = self.page_size - self.data[20]
        self.pages = len(self.data) // self.page_size

    def page(self, number: int) -> bytes:
        return self.data[(number - 1) * self.page_size:number * self.page_size]

    def payload(self, page: bytes, cell: int) -> tuple[int, bytes]:
        """(rowid, full payload) of a table-leaf cell, overflow pages followed."""
        size, at = _varint(page, cell)
        rowid, at = _varint(page, at)
        u = self.usable
        max_local, min_local = u - 35, ((u - 12) * 32 // 255) - 23
        local = size if size <= max_local else min_local + (size - min_local) % (u - 4)
        if local > max_local:
            local = min_local
        body = bytearray(page[at:at + local])
        if size > local:
            nxt = struct.unpack(">I", page[at + local:at + local + 4])[0]
            hops = 0
            while nxt and len(body) < size:
                hops += 1
                if nxt > self.pages or hops > MAX_OVERFLOW_PAGES:
                    raise ValueError("overflow chain out of the file")
                over = self.page(nxt)
                nxt = struct.unpack(">I", over[:4])[0]
                body += over[4:u]
        if len(body) < size:
            raise ValueError("payload shorter than its size")
        return rowid, bytes(body[:size])


def leaf_rows(path: Path) -> Iterator[tuple[int, int, list[Any]]]:
    """(page number, rowid, values) of every cell of every table-leaf page that decodes."""
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        yield from _rows(_File(data))


def _rows(f: _File) -> Iterator[tuple[int, int, list[Any]]]:
    for number in range(1, f.pages + 1):
        page = f.page(number)
        base = 100 if number == 1 else 0
        if page[base] != LEAF_TABLE:
            continue
        cells = struct.unpack(">H", page[base + 3:base + 5])[0]
        for i in range(cells):
            ptr_at = base + 8 + 2 * i
            if ptr_at + 2 > len(page):
                break
            cell = struct.unpack(">H", page[ptr_at:ptr_at + 2])[0]
            if not base + 8 <= cell < f.page_size:
                continue
            try:
                rowid, payload = f.payload(page, cell)
                yield number, rowid, decode_record(payload)
            except (ValueError, IndexError, struct.error):
                continue
