"""The real receipt printer driver: kiosk-built ESC/POS bytes over a python-escpos connection.

Each job opens the connection, asks ``DLE EOT`` 1/2/4 first, sends the job in
chunks with a status check between chunks and after the last one, then closes.
So a printer that runs out of paper, opens its cover or drops the link part-way
through is reported as a failure, never as success; and every wait is bounded
by a timeout, so a silent printer cannot hang the kiosk.
"""

from __future__ import annotations

import logging
import threading

from contract.printer_uri import parse_uri
from devices.printer import commands as cmd
from devices.printer.decoder import next_token
from devices.printer.profile import PrinterProfile
from devices.printer.render import render_receipt, render_test_page, render_ticket
from devices.printer.status import QUERIES, interpret, is_status_byte
from devices.printer.transport import (
    Transport,
    TransportError,
    cups_queue_ready,
    file_target_ready,
    open_transport,
)
from kiosk.receipt import Receipt
from kiosk.roles.printer import (
    BAD_REPLY,
    DISCONNECTED,
    NO_REPLY,
    Paper,
    PrinterIdentity,
    PrinterStatus,
    PrintOutcome,
    error_status,
    outcome_reason,
)
from kiosk.ticket import QueueTicket

log = logging.getLogger(__name__)

INFO_MAX_BYTES = 128  # a GS I answer longer than this is not one (garbage on the line)


def split_at_commands(data: bytes, size: int) -> list[bytes]:
    """Chunks of about ``size`` bytes that end on command boundaries.

    A ``DLE EOT`` sent between chunks must never land inside a raster or QR
    command's data, where the printer would take it as image bytes (or worse).
    """
    chunks: list[bytes] = []
    start = pos = 0
    while pos < len(data):
        nxt = next_token(data, pos)
        if nxt is None:  # malformed tail: send it as it is
            pos = len(data)
            break
        pos = nxt[1]
        if pos - start >= size:
            chunks.append(data[start:pos])
            start = pos
    if start < len(data):
        chunks.append(data[start:])
    return chunks


class EscposReceiptPrinter:
    """Implements :class:`kiosk.roles.printer.ReceiptPrinter` for ESC/POS printers."""

    def __init__(
        self,
        uri: str,
        profile: PrinterProfile | None = None,
        *,
        timeout_s: float = 3.0,
        status_timeout_s: float = 1.5,
        chunk_size: int = 2048,
    ) -> None:
        self.uri = parse_uri(uri)
        self.profile = profile or PrinterProfile()
        self.timeout_s = timeout_s
        self.status_timeout_s = status_timeout_s
        self.chunk_size = max(64, chunk_size)
        self._lock = threading.Lock()
        self.last_status: PrinterStatus | None = None
        # Asked once per connection to the printer, not per heartbeat: a swapped printer first drops the link,
        # which forgets the answer (see ``status``).
        self._identity: PrinterIdentity | None = None

    # status
    def _query(self, t: Transport) -> PrinterStatus:
        replies: list[int] = []
        stale = t.drain()
        if stale:
            log.info("discarded %d unsolicited byte(s) from the printer before a status query", len(stale))
        for n in QUERIES:
            t.write(cmd.status_query(n))
            reply = t.read_reply(self.status_timeout_s)
            if not reply:
                return error_status(NO_REPLY)
            if len(reply) != 1 or not is_status_byte(reply[0]):
                log.warning("printer answered DLE EOT %d with %s, not a status byte", n, reply[:8].hex())
                return error_status(BAD_REPLY)
            replies.append(reply[0])
        return interpret(*replies)

    def _one_way_status(self) -> PrinterStatus:
        if self.uri.scheme == "cups":
            ready, detail = cups_queue_ready(self.uri.target, self.timeout_s)
        else:
            ready, detail = file_target_ready(self.uri.target)
        if ready:
            return PrinterStatus(online=True, paper=Paper.OK)
        log.warning("one-way printer target not ready: %s", detail)
        return PrinterStatus(online=False, paper=Paper.OK, error="unreachable")

    def status(self) -> PrinterStatus:
        """Real-time status; never raises, never waits longer than the timeouts."""
        with self._lock:
            st = self._status_locked()
            self.last_status = st
            if st.error:
                self._identity = None
            return st

    def _status_locked(self) -> PrinterStatus:
        if self.uri.scheme in ("cups", "file"):
            return self._one_way_status()
        try:
            t = open_transport(self.uri, self.timeout_s)
        except TransportError as exc:
            log.info("printer %s unreachable: %s", self.uri.scheme, exc.detail)
            return error_status("unreachable")
        try:
            return self._query(t)
        except TransportError:
            return error_status(DISCONNECTED)
        finally:
            t.close()

    def identify(self) -> PrinterIdentity:
        """``GS I`` 65..68 over a two-way connection; a printer that does not answer one leaves it ""."""
        if self.uri.scheme in ("cups", "file"):
            return PrinterIdentity()
        with self._lock:
            if self._identity is not None:
                return self._identity
            try:
                t = open_transport(self.uri, self.timeout_s)
            except TransportError as exc:
                log.info("printer %s unreachable for GS I: %s", self.uri.scheme, exc.detail)
                return PrinterIdentity()
            try:
                t.drain()
                found = {name: self._info(t, n) for name, n in cmd.INFO_QUERIES.items()} if t.can_read else {}
            except TransportError:  # the link dropped part-way: ask again next time
                return PrinterIdentity()
            finally:
                t.close()
            self._identity = PrinterIdentity(**found)
            return self._identity

    def _info(self, t: Transport, n: int) -> str:
        """One ``GS I n`` answer: 5Fh, printable text, 00h within the status timeout; anything else is ""."""
        t.write(cmd.info_query(n))
        reply = b""
        while b"\x00" not in reply and len(reply) < INFO_MAX_BYTES:
            part = t.read_reply(self.status_timeout_s)
            if not part:
                break
            reply += part
        text, nul, _ = reply.partition(b"\x00")
        if not nul or text[:1] != bytes([cmd.INFO_HEADER]):
            return ""
        return text[1:].decode("ascii", errors="replace")[:100].strip()

    # printing
    def print_receipt(self, receipt: Receipt) -> PrintOutcome:
        return self.print_bytes(render_receipt(receipt, self.profile))

    def print_ticket(self, ticket: QueueTicket) -> PrintOutcome:
        return self.print_bytes(render_ticket(ticket, self.profile))

    def print_test_page(self) -> PrintOutcome:
        return self.print_bytes(render_test_page(self.profile))

    def print_bytes(self, data: bytes) -> PrintOutcome:
        """Send one complete job; ``ok`` only when every byte went out and the printer stayed fine."""
        with self._lock:
            return self._print_locked(data)

    def _fail(self, status: PrinterStatus, when: str) -> PrintOutcome:
        self.last_status = status
        return PrintOutcome(False, outcome_reason(status), f"{when}: {status.error or 'printer not ready'}")

    def _print_locked(self, data: bytes) -> PrintOutcome:
        if self.uri.scheme in ("cups", "file"):
            st = self._one_way_status()
            if not st.can_print:
                return self._fail(st, "before the job")
        try:
            t = open_transport(self.uri, self.timeout_s)
        except TransportError as exc:
            return PrintOutcome(False, exc.reason, exc.detail)
        try:
            if t.can_read:
                st = self._query(t)
                self.last_status = st
                if not st.can_print:
                    return self._fail(st, "before the job")
            sent = 0
            for chunk in split_at_commands(data, self.chunk_size):
                t.write(chunk)
                sent += len(chunk)
                if t.can_read:
                    st = self._query(t)
                    self.last_status = st
                    if not st.can_print:
                        return self._fail(st, f"after {sent} of {len(data)} bytes")
            done = t.finish()
            return PrintOutcome(True, None, f"{len(data)} bytes {done}".strip())
        except TransportError as exc:
            self.last_status = error_status(DISCONNECTED)
            return PrintOutcome(False, exc.reason, exc.detail)
        finally:
            t.close()

    def close(self) -> None:
        pass
