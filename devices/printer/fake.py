"""In-memory receipt printer for unit tests and the app fixture."""

from __future__ import annotations

import threading

from kiosk.receipt import Receipt
from kiosk.roles.printer import Paper, PrinterIdentity, PrinterStatus, PrintOutcome
from kiosk.ticket import QueueTicket


class FakeReceiptPrinter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.printed: list[Receipt] = []
        self.tickets: list[QueueTicket] = []
        self.paper = Paper.OK
        self.online = True
        self.cover_open = False

    def status(self) -> PrinterStatus:
        return PrinterStatus(online=self.online, paper=self.paper, cover_open=self.cover_open)

    def print_receipt(self, receipt: Receipt) -> PrintOutcome:
        with self._lock:
            if not self.online:
                return PrintOutcome(False, "offline")
            if self.paper == Paper.OUT:
                return PrintOutcome(False, "paper_out")
            if self.cover_open:
                return PrintOutcome(False, "cover_open")
            self.printed.append(receipt)
            return PrintOutcome(True)

    def print_ticket(self, ticket: QueueTicket) -> PrintOutcome:
        with self._lock:
            if not self.status().can_print:
                return PrintOutcome(False, "paper_out" if self.paper == Paper.OUT else "offline")
            self.tickets.append(ticket)
            return PrintOutcome(True)

    def identify(self) -> PrinterIdentity:
        return PrinterIdentity(maker="Fake", model="in-memory receipt printer")

    def close(self) -> None:
        pass
