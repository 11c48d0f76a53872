"""Printer URIs to python-escpos connections, with timeouts on every read and write.

``tcp://HOST:PORT`` (raw 9100), ``serial:PATH?baud=N``, ``usb:VID:PID`` (hex),
``cups:QUEUE`` (a raw CUPS queue, sent with ``lp -o raw`` and followed to its end)
and ``file:PATH``.
python-escpos supplies the connection classes; the kiosk adds what they lack
for unattended use: bounded timeouts (its USB default waits forever), reads of
a status reply, and errors as one exception type with a reason code.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

from contract.printer_uri import PrinterUri
from devices.cups.jobs import CupsQueue, outcome_reason
from kiosk.documents.cups import CupsError

# How long a receipt's CUPS job is followed: a raw job on a working queue completes in a second or two;
# past this the resident is told it failed (and the job is canceled, so it cannot come out later).
CUPS_RECEIPT_WAIT_S = 20.0

log = logging.getLogger(__name__)


class TransportError(Exception):
    """The connection failed; ``reason`` is a PrintOutcome reason (disconnected, offline, error)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class Transport:
    """One open connection to a printer. ``can_read`` is False for one-way links (file, CUPS)."""

    can_read = True

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def write(self, data: bytes) -> None:
        try:
            self.conn._raw(data)
        except (TimeoutError, OSError) as exc:
            raise TransportError("disconnected", f"write failed: {exc}") from exc
        except Exception as exc:  # pyusb, serial and lp report their own exception types
            raise TransportError("disconnected", f"write failed: {type(exc).__name__}: {exc}") from exc

    def read_reply(self, timeout: float) -> bytes:
        """Whatever the printer sent back within ``timeout``; b"" when nothing came."""
        raise NotImplementedError

    def drain(self) -> bytes:
        """Discard bytes already waiting (a late reply, automatic status messages) before a query."""
        return b""

    def finish(self) -> str:
        """Complete the job once every byte is written; what happened, for the outcome's detail.
        A link that can follow its job (CUPS) raises :class:`TransportError` when it did not print."""
        return ""

    def close(self) -> None:
        # closing a link that already failed raises whatever its library raises; the job's outcome is known
        with contextlib.suppress(Exception):
            self.conn.close()


class _Tcp(Transport):
    def read_reply(self, timeout: float) -> bytes:
        sock: socket.socket = self.conn.device
        sock.settimeout(timeout)
        try:
            data = sock.recv(16)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise TransportError("disconnected", f"connection lost: {exc}") from exc
        if not data:
            raise TransportError("disconnected", "printer closed the connection")
        return data

    def drain(self) -> bytes:
        sock: socket.socket = self.conn.device
        stale = bytearray()
        sock.settimeout(0.0)
        try:
            while len(stale) < 4096:
                chunk = sock.recv(256)
                if not chunk:
                    raise TransportError("disconnected", "printer closed the connection")
                stale += chunk
        except (BlockingIOError, InterruptedError):
            pass
        except OSError as exc:
            raise TransportError("disconnected", f"connection lost: {exc}") from exc
        return bytes(stale)


class _Serial(Transport):
    def read_reply(self, timeout: float) -> bytes:
        dev = self.conn.device
        dev.timeout = timeout
        try:
            first = dev.read(1)
            if not first:
                return b""
            dev.timeout = 0.05
            return first + dev.read(15)
        except Exception as exc:
            raise TransportError("disconnected", f"serial read failed: {exc}") from exc

    def drain(self) -> bytes:
        try:
            self.conn.device.reset_input_buffer()
        except Exception as exc:
            raise TransportError("disconnected", f"serial port failed: {exc}") from exc
        return b""


class _Usb(Transport):
    def __init__(self, conn: Any, timeout_ms: int) -> None:
        super().__init__(conn)
        self.timeout_ms = timeout_ms

    def read_reply(self, timeout: float) -> bytes:
        try:
            return bytes(self.conn.device.read(self.conn.in_ep, 16, int(timeout * 1000)))
        except Exception as exc:
            if "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower():
                return b""
            raise TransportError("disconnected", f"usb read failed: {exc}") from exc


class _OneWay(Transport):
    can_read = False

    def read_reply(self, timeout: float) -> bytes:
        return b""


class _CupsJob(Transport):
    """``cups:QUEUE``: the bytes go to CUPS as one raw job when the receipt is finished, and the job is
    followed until CUPS says it completed, or why not (the printer's state reasons)."""

    can_read = False

    def __init__(self, queue: CupsQueue, wait_s: float = CUPS_RECEIPT_WAIT_S) -> None:
        super().__init__(None)
        self.queue = queue
        self.wait_s = wait_s
        self.data = bytearray()

    def write(self, data: bytes) -> None:
        self.data += data

    def read_reply(self, timeout: float) -> bytes:
        return b""

    def finish(self) -> str:
        try:
            job_id = self.queue.submit_raw(bytes(self.data), "kiosk-receipt")
            state = self.queue.wait(job_id, self.wait_s)
            if state.ok:
                return f"CUPS job {job_id} completed"
            printer, reasons = self.queue.printer_state()
            if not state.final:
                self.queue.cancel(job_id)
        except CupsError as exc:
            raise TransportError("offline", str(exc)) from exc
        why = f"CUPS job {job_id} {state.state} {state.reasons}; printer {printer} {','.join(reasons)}"
        raise TransportError(outcome_reason(state, reasons), why.strip())

    def close(self) -> None:
        self.data.clear()


def open_transport(uri: PrinterUri, timeout: float) -> Transport:
    """Open a connection; :class:`TransportError` when the printer cannot be reached."""
    from escpos.exceptions import DeviceNotFoundError  # lazy: python-escpos costs 0.67 s and 15 MB at import

    try:
        if uri.scheme == "tcp":
            from escpos.printer import Network  # lazy: as above

            conn = Network(uri.target, uri.port, timeout=timeout)
            # Network.open() leaks its socket when the connect fails; connect here and hand it over
            conn.device = socket.create_connection((uri.target, uri.port), timeout=timeout)
            # status queries are 3-byte writes awaiting a reply: Nagle would hold them back
            conn.device.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return _Tcp(conn)
        if uri.scheme == "serial":
            from escpos.printer import Serial  # lazy: as above

            conn = Serial(devfile=uri.target, baudrate=uri.baud, timeout=timeout, dsrdtr=False)
            conn.open()
            conn.device.write_timeout = timeout
            return _Serial(conn)
        if uri.scheme == "usb":
            from escpos.printer import Usb  # lazy: as above

            if not Usb.is_usable():
                raise TransportError("error", "usb printers need the pyusb package (pip install pyusb) and libusb-1.0")
            conn = Usb(uri.vid, uri.pid, timeout=int(timeout * 1000))
            conn.open()
            return _Usb(conn, int(timeout * 1000))
        if uri.scheme == "cups":
            return _CupsJob(CupsQueue(uri.target, timeout_s=max(timeout, 5.0)))
        if uri.scheme == "file":
            from escpos.printer import File  # lazy: as above

            conn = File(devfile=uri.target)
            conn.open()
            return _OneWay(conn)
    except TransportError:
        raise
    except DeviceNotFoundError as exc:
        raise TransportError("offline", str(exc).replace("\n", " ")) from exc
    except (OSError, subprocess.SubprocessError) as exc:
        raise TransportError("offline", f"{uri}: {exc}") from exc
    except Exception as exc:  # e.g. pyusb's NoBackendError when libusb is missing
        raise TransportError("error", f"{uri}: {type(exc).__name__}: {exc}") from exc
    raise TransportError("error", f"unsupported printer URI {uri}")


def cups_queue_ready(queue: str, timeout: float = 5.0) -> tuple[bool, str]:
    """Whether a CUPS queue exists and is enabled (``lpstat -p``); the one status a one-way queue has."""
    try:
        return CupsQueue(queue, timeout_s=timeout).ready()
    except (CupsError, ValueError) as exc:
        return False, str(exc)


def file_target_ready(path: str) -> tuple[bool, str]:
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if p.exists():
        return os.access(p, os.W_OK), str(p)
    return parent.is_dir() and os.access(parent, os.W_OK), str(p)
