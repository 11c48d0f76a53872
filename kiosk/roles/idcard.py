"""The ID card reader role. A read is a value: a card, no card, a fault, or a disconnected reader.

Watching a card that is already known does not need a read: :meth:`IdCardReader.presence` asks only
whether a card is there (the protocol's find and select, about 50 bytes instead of about 1,450), so the
reader can be watched for the whole visit without re-reading the resident's data on every poll.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol, runtime_checkable

from kiosk.identity import Identity


@dataclass(frozen=True)
class CardRead:
    """A card that was read. ``photo`` is the raw WLT bytes (decoded only in memory by an optional
    plug-in, never written to disk); ``fingerprints`` are the raw templates when asked for."""

    identity: Identity
    photo: bytes = field(default=b"", repr=False, compare=False)
    fingerprints: tuple[bytes, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class NoCard:
    pass


@dataclass(frozen=True)
class ReaderFault:
    """The reader answered but the read failed. ``code`` is for technicians (e.g. ``SW3=41``)."""

    code: str
    detail: str = ""
    retryable: bool = True  # True: the resident should reposition the card and try again


@dataclass(frozen=True)
class ReaderDisconnected:
    detail: str = ""


ReadResult = CardRead | NoCard | ReaderFault | ReaderDisconnected


class Presence(Enum):
    """What one presence probe saw; none of it is personal data."""

    ABSENT = "absent"
    PRESENT = "present"  # the card read (selected) before is still on the reader
    NEW = "new"  # a card that has not been read since it was laid down: only a read says whose it is
    DISCONNECTED = "disconnected"  # the port or the device is gone
    NOT_ANSWERING = "not_answering"  # the port is there but the reader gave no usable answer


@dataclass(frozen=True)
class CardStillThere:
    """A presence probe saw the card already known still on the reader: nothing was read again."""


WatchResult = ReadResult | CardStillThere


@dataclass(frozen=True)
class SamInfo:
    sam_id: str
    status: str  # "ok" or a code for technicians
    connected: bool = True


@runtime_checkable
class IdCardReader(Protocol):
    def read(self, timeout: float = 3.0) -> ReadResult:
        """One find/select/read attempt. Never raises for expected states."""

    def presence(self) -> Presence:
        """Whether a card is on the reader, without reading it. Never raises for expected states."""

    def sam_info(self) -> SamInfo:
        """SAM ID and status; ``connected=False`` when the reader is gone."""

    def close(self) -> None:
        """Release the port or library."""
