"""Tables of the community services (issue 11): the counters' queue, staff-call acknowledgements, votes.

They live on the same declarative ``Base`` (``hub.db``) as the rest of the hub (``hub.models``
imports this module), so the one Alembic history describes them
(``hub/migrations/versions/0002_community_services.py``). Ratings and opinions
need no table of their own: they are outbox items, aggregated when asked for.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base


class QueueTicket(Base):
    """A number taken at a terminal (possibly offline), in its community's queue for one business type.

    ``number`` carries the terminal's number, so tickets from several terminals never clash;
    the queue orders them by the time they were issued, whenever they arrive.
    """

    __tablename__ = "queue_tickets"
    __table_args__ = (UniqueConstraint("terminal_id", "day", "number"),
                      Index("ix_queue_tickets_queue", "community", "day", "business_type", "status"))
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    community: Mapped[str] = mapped_column(String(100))
    business_type: Mapped[str] = mapped_column(String(8))
    number: Mapped[str] = mapped_column(String(20))
    day: Mapped[str] = mapped_column(String(8))  # YYYYMMDD, the centre's local day
    issued_at: Mapped[datetime]
    received_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(12))  # waiting | called | served | skipped
    counter: Mapped[str | None] = mapped_column(String(40))
    called_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    handled_by: Mapped[str | None] = mapped_column(String(200))


class CallStaffAck(Base):
    """A staff member acknowledged a resident's call (the fleet alert ends with it)."""

    __tablename__ = "call_staff_acks"
    item_id: Mapped[str] = mapped_column(ForeignKey("outbox_items.id"), primary_key=True)
    acked_at: Mapped[datetime]
    acked_by: Mapped[str] = mapped_column(String(200))


class Vote(Base):
    """One counted vote; ``voter_key`` is an HMAC of the voter's ID number under a hub secret, nothing more."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("topic_id", "voter_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    topic_id: Mapped[str] = mapped_column(String(100), index=True)
    voter_key: Mapped[str] = mapped_column(String(64))
    option: Mapped[str] = mapped_column(String(100))
    item_id: Mapped[str] = mapped_column(String(64), unique=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    community: Mapped[str] = mapped_column(String(100))
    cast_at: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime]


class OpinionAuthor(Base):
    """Who wrote an opinion, as ``HMAC(opinion secret, topic id + ID number)`` only: enough to count a person's
    opinions on a topic across terminals (issue 16: a per-person limit), never enough to name them."""

    __tablename__ = "opinion_authors"
    __table_args__ = (Index("ix_opinion_authors_author", "topic_id", "author_key"),)
    item_id: Mapped[str] = mapped_column(ForeignKey("outbox_items.id"), primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(100))
    author_key: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(12))  # kept | over_limit | refused
    received_at: Mapped[datetime]


class VoteReceipt(Base):
    """What became of each vote item: counted, duplicate (the person had voted) or refused (and why)."""

    __tablename__ = "vote_receipts"
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    topic_id: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(200), default="")
    received_at: Mapped[datetime]
