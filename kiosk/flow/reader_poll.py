"""One look at the ID card reader for the card watcher: a presence probe, and a read only when it is needed.

The watcher looks every ``poll_interval_s`` for the whole visit. Re-reading the card each time put
about 1,450 bytes on the wire and moved the resident's data through the driver and the parser every
second; the probe is the protocol's find and select (about 50 bytes). A read happens only when a card
is there that the guard does not know yet: one laid down since the last look (``NEW``), or one that
was on the reader before anyone looked (``PRESENT`` with nothing known, e.g. after a restart).
"""

from __future__ import annotations

from kiosk.roles.idcard import (
    CardStillThere,
    IdCardReader,
    NoCard,
    Presence,
    ReaderDisconnected,
    ReaderFault,
    WatchResult,
)

READ_TIMEOUT_S = 3.0


def look(reader: IdCardReader, card_known: bool, timeout: float = READ_TIMEOUT_S) -> WatchResult:
    """What the reader says now, as the card guard understands it; never raises for expected states."""
    seen = reader.presence()
    if seen is Presence.ABSENT:
        return NoCard()
    if seen is Presence.DISCONNECTED:
        return ReaderDisconnected("presence probe: reader disconnected")
    if seen is Presence.NOT_ANSWERING:
        return ReaderFault("not_answering", "no usable answer to the presence probe", retryable=False)
    if seen is Presence.PRESENT and card_known:
        return CardStillThere()
    return reader.read(timeout=timeout)
