"""Thin, exception-free layer over pyscard's low-level ``smartcard.scard`` API.

Why the low-level API: it returns PC/SC result codes instead of raising, lets us cancel a
blocking wait (``SCardCancel``) and notice a dead or restarted pcscd (``SCARD_E_NO_SERVICE``,
``SCARD_E_INVALID_HANDLE``...) and simply establish a new context. The kiosk must survive
pcscd being absent or restarting, and readers being plugged and unplugged.
"""

from __future__ import annotations

import logging
from typing import Any

from smartcard import scard

from kiosk.roles.staffcard import ReaderSnapshot

log = logging.getLogger(__name__)

GET_UID = [0xFF, 0xCA, 0x00, 0x00, 0x00]
PNP_READER = "\\\\?PnP?\\Notification"


class PcscUnavailable(Exception):
    """pcscd is not running or not reachable."""


class CardGone(Exception):
    """The card left the reader (or the reader vanished) during an exchange."""


class TransmitError(Exception):
    """The exchange failed for another reason; ``code`` is the PC/SC result code."""

    def __init__(self, code: int) -> None:
        super().__init__(f"PC/SC error {code:#010x}")
        self.code = code


_GONE = {getattr(scard, n) for n in ("SCARD_W_REMOVED_CARD", "SCARD_E_NO_SMARTCARD", "SCARD_W_RESET_CARD",
                                     "SCARD_E_READER_UNAVAILABLE", "SCARD_E_UNKNOWN_READER",
                                     "SCARD_W_UNPOWERED_CARD", "SCARD_W_UNRESPONSIVE_CARD")
         if hasattr(scard, n)}
SERVICE_GONE = {getattr(scard, n) for n in ("SCARD_E_NO_SERVICE", "SCARD_E_SERVICE_STOPPED",
                                            "SCARD_E_INVALID_HANDLE", "SCARD_F_COMM_ERROR")
                if hasattr(scard, n)}


def hexs(data: list[int] | bytes) -> str:
    return bytes(data).hex().upper()


def establish() -> Any:
    try:
        rc, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    except Exception as exc:
        raise PcscUnavailable(type(exc).__name__) from exc
    if rc != scard.SCARD_S_SUCCESS:
        raise PcscUnavailable(scard.SCardGetErrorMessage(rc))
    return ctx


def release(ctx: Any) -> None:
    try:
        scard.SCardReleaseContext(ctx)
    except Exception as exc:  # noqa: BLE001 - a context of a dead pcscd is gone anyway
        log.debug("SCardReleaseContext failed: %s", exc)


def list_readers(ctx: Any) -> list[str]:
    """Reader names; [] when there are none. Raises PcscUnavailable when the service is gone."""
    rc, readers = scard.SCardListReaders(ctx, [])
    if rc == scard.SCARD_S_SUCCESS:
        return list(readers)
    if rc == getattr(scard, "SCARD_E_NO_READERS_AVAILABLE", None):
        return []
    raise PcscUnavailable(scard.SCardGetErrorMessage(rc))


class Connection:
    """One connection to a card; use as a context manager."""

    def __init__(self, ctx: Any, reader: str) -> None:
        self.reader = reader
        rc, self._card, self._proto = scard.SCardConnect(
            ctx, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        if rc != scard.SCARD_S_SUCCESS:
            if rc in _GONE:
                raise CardGone(scard.SCardGetErrorMessage(rc))
            if rc in SERVICE_GONE:
                raise PcscUnavailable(scard.SCardGetErrorMessage(rc))
            raise TransmitError(rc)

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            scard.SCardDisconnect(self._card, scard.SCARD_LEAVE_CARD)
        except Exception as exc:  # noqa: BLE001 - the card or pcscd may be gone; nothing to undo
            log.debug("SCardDisconnect failed: %s", exc)

    def atr(self) -> str:
        rc, _reader, _state, _proto, atr = scard.SCardStatus(self._card)
        if rc != scard.SCARD_S_SUCCESS:
            return ""
        return hexs(atr)

    def transmit(self, apdu: list[int]) -> tuple[bytes, int]:
        """(data, SW1SW2) for one APDU."""
        rc, response = scard.SCardTransmit(self._card, self._proto, apdu)
        if rc != scard.SCARD_S_SUCCESS:
            if rc in _GONE:
                raise CardGone(scard.SCardGetErrorMessage(rc))
            if rc in SERVICE_GONE:
                raise PcscUnavailable(scard.SCardGetErrorMessage(rc))
            raise TransmitError(rc)
        if len(response) < 2:
            raise TransmitError(-1)
        return bytes(response[:-2]), (response[-2] << 8) | response[-1]

    def uid(self) -> str:
        """The card UID via the pseudo-APDU ``FF CA 00 00 00``; "" when the reader or card does not support it."""
        data, sw = self.transmit(GET_UID)
        return hexs(data) if sw == 0x9000 else ""


def snapshot(reader_filter: str = "") -> list[ReaderSnapshot]:
    """Every reader, with the ATR and UID of the card on it. Raises PcscUnavailable without pcscd."""
    ctx = establish()
    try:
        out: list[ReaderSnapshot] = []
        for name in list_readers(ctx):
            if reader_filter and reader_filter not in name:
                continue
            try:
                with Connection(ctx, name) as conn:
                    out.append(ReaderSnapshot(name, True, conn.atr(), conn.uid()))
            except CardGone:
                out.append(ReaderSnapshot(name, False))
            except TransmitError:
                out.append(ReaderSnapshot(name, True))
        return out
    finally:
        release(ctx)
