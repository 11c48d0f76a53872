"""Read and verify a staff card (shared/specs/staff-card.md): SELECT the applet, READ BINARY the record,
check its Ed25519 signature against the platform keys the terminal trusts.

Only step 1 of the spec's checks lives here (record parses, ``kid`` trusted, signature
verifies); the bundle's staff list and the PIN are checked by the caller. The UID is
returned for the audit log but grants nothing by itself. Every failure is a value
(:class:`StaffCardRejected` with a reason code for technicians); the screen must show
the same words for all of them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from contract.crypto import CryptoError, verify_record
from devices.pcsc.readers import CardGone, Connection, PcscUnavailable, TransmitError, establish, release
from kiosk.roles.staffcard import StaffCard, StaffCardRejected, StaffCardResult

AID = bytes.fromhex("F04B494F534B31")
SELECT_APDU = [0x00, 0xA4, 0x04, 0x00, len(AID), *AID, 0x00]
CHUNK = 0xF0
MAX_RECORD = 4096
ROLES = ("technician", "administrator")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_record_bytes(conn: Connection) -> bytes:
    """SELECT by AID, then READ BINARY in chunks until a short answer or an end-of-file status."""
    _data, sw = conn.transmit(SELECT_APDU)
    if sw != 0x9000:
        raise LookupError(f"SELECT answered {sw:04X}")
    out = bytearray()
    while len(out) < MAX_RECORD:
        offset = len(out)
        data, sw = conn.transmit([0x00, 0xB0, (offset >> 8) & 0x7F, offset & 0xFF, CHUNK])
        if sw in (0x6B00, 0x6A82, 0x6282) and not data:
            break
        if sw not in (0x9000, 0x6282):
            raise TransmitError(sw)
        out += data
        if len(data) < CHUNK:
            break
    return bytes(out)


def verify_staff_record(raw: bytes, trusted_keys: dict[str, bytes], uid: str = "") -> StaffCardResult:
    """Parse and verify record bytes (pure: the vpcd tests and unit tests share it)."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return StaffCardRejected("truncated" if raw[:1] == b"{" else "bad_record", uid)
    if not isinstance(record, dict):
        return StaffCardRejected("bad_record", uid)
    if record.get("v") != 1 or record.get("role") not in ROLES or not isinstance(record.get("staff_id"), str) \
            or not record.get("staff_id") or not isinstance(record.get("issued"), str) \
            or not _DATE.match(record.get("issued", "")) or not isinstance(record.get("kid"), str) \
            or not isinstance(record.get("sig"), str):
        return StaffCardRejected("bad_record", uid)
    if record["kid"] not in trusted_keys:
        return StaffCardRejected("unknown_key", uid)
    try:
        verify_record(record, trusted_keys)
    except CryptoError:
        return StaffCardRejected("bad_signature", uid)
    return StaffCard(uid=uid, staff_id=record["staff_id"], role=record["role"], kid=record["kid"],
                     issued=record["issued"], record=record)


def read_staff_card(reader: str, trusted_keys: dict[str, bytes], ctx: Any = None) -> StaffCardResult:
    """Read and verify the staff card on ``reader``. Never raises."""
    own = ctx is None
    try:
        if own:
            ctx = establish()
    except PcscUnavailable:
        return StaffCardRejected("no_service")
    uid = ""
    try:
        with Connection(ctx, reader) as conn:
            try:
                uid = conn.uid()
            except TransmitError:
                uid = ""
            try:
                raw = read_record_bytes(conn)
            except LookupError:
                return StaffCardRejected("no_applet", uid)
        return verify_staff_record(raw, trusted_keys, uid)
    except CardGone:
        return StaffCardRejected("no_card" if not uid else "unreadable", uid)
    except TransmitError:
        return StaffCardRejected("unreadable", uid)
    except PcscUnavailable:
        return StaffCardRejected("no_service", uid)
    except Exception:  # noqa: BLE001 - nothing escapes
        return StaffCardRejected("unreadable", uid)
    finally:
        if own and ctx is not None:
            release(ctx)
