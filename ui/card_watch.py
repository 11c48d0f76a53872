"""The card guard's eyes: polls the ID card reader whenever the resident flow needs it, not only on the
identify screen, so a card that leaves the reader takes its identity with it (issue 15, item 2)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.flow import ResidentFlow
from kiosk.flow.reader_poll import look
from ui.workers import CardPoller


class CardWatch(QObject):
    """Hands every read to :meth:`ResidentFlow.card_result` on the GUI thread and says what it made of it."""

    changed = Signal(str)  # "changed", "identified", "removed" (the identity left with its card) or "taken"

    def __init__(self, flow: ResidentFlow, reader: Any, interval_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flow = flow
        # a presence probe per poll; the card is read only when one is there that the guard does not know
        self._poller = CardPoller(reader, interval_s, self, look=lambda: look(reader, flow.guard.card_present))
        self._poller.result.connect(self._on_result)

    def follow(self, restart: bool = False) -> None:
        """Poll while the flow wants the reader watched; ``restart`` drops reads begun for an earlier screen."""
        if restart or (self._flow.wants_reader and not self._poller.running):
            self._poller.start()
        elif not self._flow.wants_reader:
            self._poller.stop()

    def stop(self) -> None:
        self._poller.stop()

    def change_card(self) -> None:
        """'End / change card' on an identified screen: the identity goes, like a card taken off."""
        self._flow.change_card()
        self.changed.emit("removed")
        self.follow()

    def use_card_on_hold(self) -> None:
        """The resident confirms the other card now on the reader."""
        self.changed.emit(self._flow.use_card_on_hold() or "changed")

    def _on_result(self, generation: int, result: Any) -> None:
        if generation != self._poller.generation:
            return  # a read started for a screen the resident has left
        change = self._flow.card_result(result)
        if change:
            self.changed.emit(change)
        self.follow()
