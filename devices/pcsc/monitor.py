"""Watch PC/SC readers and cards in a background thread and report changes through callbacks.

No Qt here (layering): ``ui/`` bridges :class:`StaffCardEvent` values to signals. The thread
blocks in ``SCardGetStatusChange`` (with the PnP pseudo-reader, so plugging a reader
wakes it), so it costs nothing while idle and reacts at once. When pcscd is absent,
stops or restarts, the context is dropped and re-established every ``retry_s``; the
change is reported once (``ServiceState``), never as an exception.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from smartcard import scard

from devices.pcsc.readers import (
    PNP_READER,
    CardGone,
    Connection,
    PcscUnavailable,
    TransmitError,
    establish,
    list_readers,
    release,
    snapshot,
)
from devices.pcsc.staff import read_staff_card
from kiosk.roles.staffcard import (
    CardInserted,
    CardRemoved,
    ReaderAdded,
    ReaderRemoved,
    ReaderSnapshot,
    ServiceState,
    StaffCardEvent,
    StaffCardResult,
)

log = logging.getLogger(__name__)


class PcscMonitor:
    """The real :class:`kiosk.roles.staffcard.StaffCardReader`: pcscd's readers, watched on a thread."""

    def __init__(self, on_event: Callable[[StaffCardEvent], None], *, reader_filter: str = "",
                 wait_ms: int = 1000, retry_s: float = 1.0) -> None:
        self.on_event = on_event
        self.reader_filter = reader_filter
        self.wait_ms = wait_ms
        self.retry_s = retry_s
        self._stop = threading.Event()
        self._ctx: Any = None
        self._ctx_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._available: bool | None = None
        self._readers: dict[str, int] = {}  # reader -> last event state
        self._present: set[str] = set()

    @property
    def readers(self) -> list[str]:
        return sorted(self._readers)

    @property
    def cards(self) -> set[str]:
        return set(self._present)

    def start(self) -> PcscMonitor:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="pcsc-monitor", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with self._ctx_lock:
            if self._ctx is not None:
                try:
                    scard.SCardCancel(self._ctx)
                except Exception as exc:  # noqa: BLE001 - stopping must not fail; the thread times out anyway
                    log.debug("SCardCancel failed: %s", exc)
        if self._thread is not None:
            self._thread.join(timeout=self.wait_ms / 1000 + self.retry_s + 2)
            self._thread = None

    def read_staff(self, reader: str, trusted_keys: dict[str, bytes]) -> StaffCardResult:
        return read_staff_card(reader, trusted_keys)

    def snapshot(self) -> list[ReaderSnapshot]:
        return snapshot(self.reader_filter)

    def _emit(self, event: StaffCardEvent) -> None:
        try:
            self.on_event(event)
        except Exception:
            log.exception("PC/SC listener failed")

    def _service(self, available: bool, detail: str = "") -> None:
        if available != self._available:
            self._available = available
            self._emit(ServiceState(available, detail))

    def _drop_context(self, detail: str) -> None:
        with self._ctx_lock:
            ctx, self._ctx = self._ctx, None
        if ctx is not None:
            release(ctx)
        for reader in sorted(self._readers):
            self._forget(reader)
        self._service(False, detail)

    def _forget(self, reader: str) -> None:
        if reader in self._present:
            self._present.discard(reader)
            self._emit(CardRemoved(reader))
        self._readers.pop(reader, None)
        self._emit(ReaderRemoved(reader))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self._ctx is None:
                    ctx = establish()
                    with self._ctx_lock:
                        self._ctx = ctx
                    self._service(True)
                self._round()
            except PcscUnavailable as exc:
                self._drop_context(str(exc))
                self._stop.wait(self.retry_s)
            except Exception as exc:  # noqa: BLE001 - keep watching whatever happens
                log.error("PC/SC monitor error: %s", type(exc).__name__)
                self._drop_context(type(exc).__name__)
                self._stop.wait(self.retry_s)

    def _sync_readers(self) -> None:
        names = [r for r in list_readers(self._ctx) if not self.reader_filter or self.reader_filter in r]
        for reader in sorted(set(self._readers) - set(names)):
            self._forget(reader)
        for reader in names:
            if reader not in self._readers:
                self._readers[reader] = scard.SCARD_STATE_UNAWARE
                self._emit(ReaderAdded(reader))

    def _round(self) -> None:
        self._sync_readers()
        states = [(r, s) for r, s in self._readers.items()]
        states.append((PNP_READER, len(self._readers) << 16))
        rc, new_states = scard.SCardGetStatusChange(self._ctx, self.wait_ms, states)
        if rc in (scard.SCARD_E_TIMEOUT, getattr(scard, "SCARD_E_CANCELLED", -1)):
            return
        if rc == getattr(scard, "SCARD_E_UNKNOWN_READER", -2):
            return  # a reader vanished between list and wait: the next round lists again
        if rc != scard.SCARD_S_SUCCESS:
            raise PcscUnavailable(scard.SCardGetErrorMessage(rc))
        for reader, event_state, atr in new_states:
            if reader == PNP_READER or reader not in self._readers:
                continue
            self._readers[reader] = event_state & ~scard.SCARD_STATE_CHANGED
            present = bool(event_state & scard.SCARD_STATE_PRESENT) and not (event_state & scard.SCARD_STATE_MUTE)
            if present and reader not in self._present:
                self._present.add(reader)
                self._emit(self._inserted(reader, atr))
            elif not present and reader in self._present:
                self._present.discard(reader)
                self._emit(CardRemoved(reader))
            if event_state & (scard.SCARD_STATE_UNAVAILABLE | scard.SCARD_STATE_UNKNOWN) and \
                    event_state & scard.SCARD_STATE_UNKNOWN:
                self._forget(reader)

    def _inserted(self, reader: str, atr: list[int]) -> CardInserted:
        uid = ""
        for attempt in range(5):  # a card just inserted (or just swapped) may still be powering up
            try:
                with Connection(self._ctx, reader) as conn:
                    uid = conn.uid()
                break
            except (CardGone, TransmitError) as exc:
                log.debug("UID attempt %d failed: %s", attempt, exc)
                self._stop.wait(0.2)
        return CardInserted(reader, bytes(atr).hex().upper(), uid)
