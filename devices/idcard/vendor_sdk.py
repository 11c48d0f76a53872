"""ID card readers reached through the vendor's native SDK (ctypes), for readers without a serial SAM port.

The SDK is never shipped by us; its path is configured (``idcard.library``). Two naming
styles are common and both are supported (``idcard.sdk_style``):

- ``cvr``:   ``CVR_InitComm(int port)``, ``CVR_Authenticate()``, ``CVR_Read_Content(int active)``,
  ``CVR_ReadBaseMsg(uchar *text, uint *text_len, uchar *photo, uint *photo_len, int mode)``,
  ``CVR_CloseComm()``;
- ``plain``: the same without the ``CVR_`` prefix (``InitComm``/``Authenticate``/``Read_Content``...).

All return 1 on success. A read is ``Authenticate`` (find + select), ``Read_Content``
(card into the SDK's memory) and ``ReadBaseMsg`` (the raw 256-byte text block and the
1024-byte photo copied into our buffers), so the text goes through the same parser as
the serial driver and nothing is written to disk by us.

Presence: neither SDK style has a call that tells the card already read from a new one
(``Authenticate`` is find and select in one, and its answer for a card left on the reader
differs between vendors). So :meth:`VendorSdkReader.presence` is an honest fallback: it runs
``Authenticate`` only, says ``DISCONNECTED`` for the port-gone codes and ``ABSENT`` for a
plain failure, and reports a success as ``NEW``, so the card watcher reads the card again as
it did before the probe existed; only an empty reader is cheaper to watch than with reads.

A missing library, one that cannot be loaded, or one without these symbols is a
:class:`SdkLibraryError` at construction, which bootstrap turns into a configuration
error naming the setting. Native calls cannot be interrupted, so they run on one worker
thread and a read that overruns its timeout is reported as a fault (the reader is then
``busy`` until the call returns) instead of freezing the kiosk.
"""

from __future__ import annotations

import ctypes
import logging
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from typing import Any

from devices.idcard.cardparse import ParseError, parse_text_block
from kiosk.roles.idcard import (
    CardRead,
    NoCard,
    Presence,
    ReaderDisconnected,
    ReaderFault,
    ReadResult,
    SamInfo,
)

log = logging.getLogger(__name__)

STYLES = {"cvr": "CVR_", "plain": ""}
REQUIRED = ("InitComm", "Authenticate", "Read_Content", "ReadBaseMsg", "CloseComm")
DEFAULT_USB_PORT = 1001  # SDK convention: 1..16 serial COM ports, 1001..1016 USB


class SdkLibraryError(Exception):
    """The configured SDK library is missing, cannot be loaded, or lacks the entry points."""


def port_number(port: str | int) -> int:
    """The SDK's integer port: a number as configured, ``/dev/ttyS<n>``/``ttyUSB<n>`` mapped, else USB 1001."""
    if isinstance(port, int):
        return port
    text = str(port).strip()
    if text.isdigit():
        return int(text)
    base = os.path.basename(text)
    for prefix, offset in (("ttyS", 1), ("ttyUSB", 1)):
        if base.startswith(prefix) and base[len(prefix):].isdigit():
            return int(base[len(prefix):]) + offset
    return DEFAULT_USB_PORT


def load_library(path: str, style: str, loader: Callable[[str], Any] = ctypes.CDLL) -> dict[str, Any]:
    """Load the library and bind the entry points with their C signatures."""
    if style not in STYLES:
        raise SdkLibraryError(f"unknown SDK style {style!r} (cvr or plain)")
    if not path:
        raise SdkLibraryError("no SDK library configured (set idcard.library to the vendor's .so)")
    if not os.path.exists(path):
        raise SdkLibraryError(f"SDK library {path} does not exist")
    try:
        lib = loader(path)
    except OSError as exc:
        raise SdkLibraryError(f"SDK library {path} cannot be loaded: {exc}") from exc
    prefix = STYLES[style]
    missing = [prefix + name for name in REQUIRED if not hasattr(lib, prefix + name)]
    if missing:
        other = "plain" if style == "cvr" else "cvr"
        hint = ""
        if all(hasattr(lib, STYLES[other] + n) for n in REQUIRED):
            hint = f"; it has the {other!r} style entry points: set idcard.sdk_style={other!r}"
        raise SdkLibraryError(f"SDK library {path} is incompatible: missing {', '.join(missing)}{hint}")
    fns = {name: getattr(lib, prefix + name) for name in REQUIRED}
    fns["InitComm"].argtypes = [ctypes.c_int]
    fns["Authenticate"].argtypes = []
    fns["Read_Content"].argtypes = [ctypes.c_int]
    fns["ReadBaseMsg"].argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint), ctypes.c_char_p,
                                   ctypes.POINTER(ctypes.c_uint), ctypes.c_int]
    fns["CloseComm"].argtypes = []
    for fn in fns.values():
        fn.restype = ctypes.c_int
    fns["_lib"] = lib
    return fns


class VendorSdkReader:
    """:class:`kiosk.roles.idcard.IdCardReader` over a vendor SDK."""

    def __init__(self, library: str, *, style: str = "cvr", port: str | int = DEFAULT_USB_PORT,
                 today: Callable[[], date] = date.today, loader: Callable[[str], Any] = ctypes.CDLL) -> None:
        self._fn = load_library(library, style, loader)
        self.library = library
        self.style = style
        self.port = port_number(port)
        self._today = today
        self._opened = False
        self._jobs: queue.Queue[tuple[Callable[[], Any], Future[Any]] | None] = queue.Queue()
        self._busy: Future[Any] | None = None
        self._worker = threading.Thread(target=self._work, name="idcard-sdk", daemon=True)
        self._worker.start()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            fn, fut = job
            try:
                fut.set_result(fn())
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller
                fut.set_exception(exc)

    def _call(self, fn: Callable[[], Any], timeout: float) -> Any:
        """Run native calls on the worker; raises TimeoutError if they overrun (the worker stays busy)."""
        if self._busy is not None and not self._busy.done():
            raise TimeoutError("the SDK is still busy with an earlier call")
        fut: Future[Any] = Future()
        self._busy = fut
        self._jobs.put((fn, fut))
        return fut.result(timeout=timeout)

    def _ensure_open(self) -> bool:
        if self._opened:
            return True
        rc = self._fn["InitComm"](self.port)
        self._opened = rc == 1
        if not self._opened:
            log.warning("vendor SDK InitComm failed (rc=%s)", rc)
        return self._opened

    def _authenticate(self) -> ReadResult | None:
        """Find and select through the SDK: None when a card is selected, else what the reader is."""
        if not self._ensure_open():
            return ReaderDisconnected(f"InitComm({self.port}) failed")
        rc = self._fn["Authenticate"]()
        if rc in (-1, -2):  # the common codes for "port/device gone"
            self._close_native()
            return ReaderDisconnected(f"Authenticate returned {rc}")
        return None if rc == 1 else NoCard()

    def _read_native(self) -> ReadResult:
        not_selected = self._authenticate()
        if not_selected is not None:
            return not_selected
        rc = self._fn["Read_Content"](1)
        if rc != 1:
            if rc in (-1, -2):  # the common codes for "port/device gone"
                self._close_native()
                return ReaderDisconnected(f"Read_Content returned {rc}")
            return ReaderFault(f"sdk:{rc}", "Read_Content failed", retryable=True)
        text = ctypes.create_string_buffer(512)
        photo = ctypes.create_string_buffer(4096)
        tlen, plen = ctypes.c_uint(len(text)), ctypes.c_uint(len(photo))
        rc = self._fn["ReadBaseMsg"](text, ctypes.byref(tlen), photo, ctypes.byref(plen), 0)
        if rc != 1:
            return ReaderFault(f"sdk:{rc}", "ReadBaseMsg failed", retryable=True)
        if tlen.value != 256 or plen.value > len(photo):
            return ReaderFault("length", f"text {tlen.value} bytes", retryable=True)
        block = text.raw[:256]
        photo_bytes = photo.raw[: plen.value]
        try:
            identity = parse_text_block(block, today=self._today())
        except ParseError as exc:
            return ReaderFault(f"parse:{exc.code}", exc.field or "", retryable=True)
        return CardRead(identity, photo=photo_bytes)

    def read(self, timeout: float = 3.0) -> ReadResult:
        try:
            return self._call(self._read_native, timeout)
        except TimeoutError:
            return ReaderFault("timeout", "the SDK did not answer in time", retryable=True)
        except Exception as exc:  # noqa: BLE001 - nothing escapes the driver
            log.error("vendor SDK read failed: %s", type(exc).__name__)
            return ReaderFault("internal", type(exc).__name__)

    def presence(self) -> Presence:
        """``Authenticate`` only (see the module's note: a selected card is ``NEW``, so it is read)."""
        try:
            seen = self._call(self._authenticate, 1.0)
        except TimeoutError:
            return Presence.NOT_ANSWERING
        except Exception as exc:  # noqa: BLE001 - nothing escapes the driver
            log.error("vendor SDK presence probe failed: %s", type(exc).__name__)
            return Presence.NOT_ANSWERING
        if seen is None:
            return Presence.NEW
        return Presence.DISCONNECTED if isinstance(seen, ReaderDisconnected) else Presence.ABSENT

    def sam_info(self) -> SamInfo:
        try:
            ok = self._call(self._ensure_open, 3.0)
        except Exception:  # noqa: BLE001
            return SamInfo(sam_id="", status="timeout", connected=False)
        # the SDKs expose the SAM ID through differing, optional calls; the status is what matters here
        return SamInfo(sam_id="", status="ok" if ok else "disconnected", connected=bool(ok))

    def _close_native(self) -> None:
        if self._opened:
            self._opened = False
            self._fn["CloseComm"]()

    def close(self) -> None:
        try:
            self._call(self._close_native, 2.0)
        except Exception:  # noqa: BLE001 - closing down: the SDK's worker is stopped below either way
            log.debug("closing the vendor SDK reader failed", exc_info=True)
        self._jobs.put(None)
