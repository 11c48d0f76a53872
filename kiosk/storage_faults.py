"""Storage failures as values: which kind of fault a failed statement was, with a technician code.

A generic "database error" tells nobody what to do. SQLite says exactly what went wrong
(its primary result code), so every statement the store runs that fails is turned into a
:class:`StorageFault` naming one :class:`Fault`: a damaged file wants recovery, a full disk
wants space, a read-only mount wants a technician, a lock held too long wants a retry. The
UI, the diagnostics and the heartbeat read the kind and the code, never the message text.
"""

from __future__ import annotations

import errno
import sqlite3
from enum import StrEnum

from sqlalchemy.exc import DBAPIError


class Fault(StrEnum):
    CORRUPT = "corrupt"
    FULL = "full"
    READONLY = "readonly"
    LOCKED = "locked"
    IO = "io"
    OTHER = "other"


CODES = {
    Fault.CORRUPT: "STO-CORRUPT",
    Fault.FULL: "STO-FULL",
    Fault.READONLY: "STO-READONLY",
    Fault.LOCKED: "STO-LOCKED",
    Fault.IO: "STO-IO",
    Fault.OTHER: "STO-ERROR",
}

# SQLite primary result codes (the low byte of the extended code), see sqlite.org/rescode.html
_BY_SQLITE_CODE = {
    5: Fault.LOCKED,  # SQLITE_BUSY
    6: Fault.LOCKED,  # SQLITE_LOCKED
    8: Fault.READONLY,  # SQLITE_READONLY
    10: Fault.IO,  # SQLITE_IOERR
    11: Fault.CORRUPT,  # SQLITE_CORRUPT
    13: Fault.FULL,  # SQLITE_FULL
    14: Fault.IO,  # SQLITE_CANTOPEN
    26: Fault.CORRUPT,  # SQLITE_NOTADB
}
_BY_ERRNO = {errno.ENOSPC: Fault.FULL, errno.EDQUOT: Fault.FULL, errno.EROFS: Fault.READONLY,
             errno.EACCES: Fault.READONLY, errno.EIO: Fault.IO}


class StorageFault(Exception):
    """A statement failed because of the storage; ``fault`` says how, ``code`` is the technician's code."""

    def __init__(self, fault: Fault, detail: str) -> None:
        super().__init__(f"{CODES[fault]}: {detail}")
        self.fault = fault
        self.code = CODES[fault]
        self.detail = detail


def classify(exc: BaseException) -> Fault | None:
    """The fault behind ``exc`` (a sqlite3 / SQLAlchemy / OS error), or None when it is not a storage fault."""
    if isinstance(exc, StorageFault):
        return exc.fault
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int):
            primary = code & 0xFF
            return _BY_SQLITE_CODE.get(primary, Fault.OTHER if isinstance(exc, sqlite3.OperationalError) else None)
        if isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc):
            return Fault.CORRUPT
        return None
    if isinstance(exc, OSError) and exc.errno is not None:
        return _BY_ERRNO.get(exc.errno, Fault.IO)
    return None


def as_fault(exc: BaseException) -> StorageFault | None:
    """``exc`` as a :class:`StorageFault` (None when it is a programming error, not the storage)."""
    if isinstance(exc, StorageFault):
        return exc
    fault = classify(exc)
    if fault is None:
        return None
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    name = getattr(orig, "sqlite_errorname", None) or type(orig).__name__
    return StorageFault(fault, f"{name}: {str(orig)[:160]}")
