"""The card guard: which card is on the reader, and what its coming and going means for the session.

A card identifies only the person who lays it down. It is wiped from the session the moment it leaves
the reader; a card still there when the session ends is "left behind" and identifies nobody until it
has been taken off (the next person must never inherit it); a second card while one is in use replaces
nothing without the resident choosing to change cards. The guard only interprets reader results; the
flow decides what the screens do with its verdicts.
"""

from __future__ import annotations

from kiosk.identity import Identity
from kiosk.roles.idcard import CardRead, CardStillThere, NoCard, WatchResult

# verdicts of :meth:`CardGuard.seen`
PLACED = "placed"  # a card arrived on an empty reader
SAME = "same"  # the card already known is still there
SWAPPED = "swapped"  # a different card than the one known
REMOVED = "removed"  # the reader is empty after a card was on it
LEFT_BEHIND = "left_behind"  # the previous session's card is still there: it identifies nobody


def _card_key(identity: Identity) -> tuple[str, str]:
    return str(identity.card_type), identity.id_number


class CardGuard:
    """What the reader last said, across screens. Faults and a disconnected reader change nothing:
    they say nothing about whether a card is there."""

    def __init__(self) -> None:
        self._on_reader: tuple[str, str] | None = None
        self.left_behind = False

    @property
    def card_present(self) -> bool:
        return self._on_reader is not None

    def seen(self, result: WatchResult) -> str:
        """The verdict on one read or presence probe ("" when it tells nothing)."""
        if isinstance(result, CardStillThere):
            return LEFT_BEHIND if self.left_behind else SAME if self._on_reader is not None else ""
        if isinstance(result, NoCard):
            was = self._on_reader is not None or self.left_behind
            self._on_reader, self.left_behind = None, False
            return REMOVED if was else ""
        if not isinstance(result, CardRead):
            return ""
        if self.left_behind:
            return LEFT_BEHIND
        key, previous = _card_key(result.identity), self._on_reader
        self._on_reader = key
        if previous is None:
            return PLACED
        return SAME if previous == key else SWAPPED

    def is_on_reader(self, identity: Identity | None) -> bool:
        return identity is not None and self._on_reader == _card_key(identity)

    def end_session(self) -> bool:
        """The session ends: a card still on the reader is left behind (True) until it is taken off."""
        self.left_behind = self._on_reader is not None
        return self.left_behind
