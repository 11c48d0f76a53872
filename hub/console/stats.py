"""Figures behind the fleet charts: submissions per day and per service, terminal uptime.

Uptime comes from the heartbeat history the hub already keeps: it stores a
snapshot at least every ten minutes while a terminal heartbeats (more often
when alerts change), so a terminal was up in a 15-minute slot exactly when the
slot holds a snapshot (gaps between snapshots are at most ~10.5 minutes). The
figure is the share of slots with one.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from contract.clock import BEIJING
from hub import audit, scope
from hub.db import utcnow
from hub.models import Case, Terminal, TerminalHistory

SLOT = timedelta(minutes=15)
# Beijing time: days and hours in the charts are the staff's own.
LOCAL = BEIJING


def _cases(db: Session, since: datetime, district: str | None, community: str | None,
           actor: audit.Actor) -> list[tuple[datetime, str]]:
    query = select(Case.received_at, Case.service_id).where(Case.received_at >= since,
                                                             scope.condition(actor, Case.district, Case.community))
    if district:
        query = query.where(Case.district == district)
    if community:
        query = query.where(Case.community == community)
    return [(at, service) for at, service in db.execute(query)]


def submissions_per_day(db: Session, days: int = 14, district: str | None = None,
                        community: str | None = None, now: datetime | None = None,
                        actor: audit.Actor = audit.CLI_ACTOR) -> list[tuple[str, float]]:
    now = (now or utcnow()).astimezone(LOCAL)
    first = (now - timedelta(days=days - 1)).date()
    counts = Counter(at.astimezone(LOCAL).date() for at, _s in _cases(
        db, datetime.combine(first, datetime.min.time(), LOCAL), district, community, actor))
    return [((first + timedelta(days=i)).strftime("%m-%d"), float(counts.get(first + timedelta(days=i), 0)))
            for i in range(days)]


def submissions_per_service(db: Session, days: int = 30, district: str | None = None,
                            community: str | None = None, actor: audit.Actor = audit.CLI_ACTOR
                            ) -> list[tuple[str, float]]:
    counts = Counter(service for _at, service in _cases(db, utcnow() - timedelta(days=days), district, community,
                                                        actor))
    return [(service, float(n)) for service, n in counts.most_common(15)]


def _slot(at: datetime) -> int:
    return int(at.timestamp() // SLOT.total_seconds())


def _up_slots(db: Session, terminal_ids: list[str], since: datetime) -> dict[str, set[int]]:
    slots: dict[str, set[int]] = {t: set() for t in terminal_ids}
    if not terminal_ids:
        return slots
    rows = db.execute(select(TerminalHistory.terminal_id, TerminalHistory.at)
                      .where(TerminalHistory.at >= since, TerminalHistory.terminal_id.in_(terminal_ids)))
    for terminal_id, at in rows:
        slots[terminal_id].add(_slot(at))
    for terminal_id, last in db.execute(select(Terminal.id, Terminal.last_heartbeat_at)
                                        .where(Terminal.id.in_(terminal_ids))):
        if last is not None and last >= since:
            slots[terminal_id].add(_slot(last))
    return slots


def _slot_sql(db: Session) -> Any:
    """The 15-minute slot number of ``TerminalHistory.at``, computed by the database."""
    seconds = int(SLOT.total_seconds())
    if db.get_bind().dialect.name == "postgresql":
        return func.floor(func.extract("epoch", TerminalHistory.at) / seconds)
    # SQLite keeps UTC text; unixepoch() (SQLite 3.38) parses it at half the cost of strftime('%s'). Integer
    # division by a literal: ``//`` renders FLOOR(x / ?), a float per row, and cost four times as much
    return func.unixepoch(TerminalHistory.at).op("/")(literal_column(str(seconds)))


def uptime_percent(db: Session, terminal_ids: list[str], hours: int = 24,
                   now: datetime | None = None) -> dict[str, float]:
    """Per terminal, the share of the last ``hours`` (in 15-minute slots) with a heartbeat, since enrolment.

    The slots are counted in the database (a fleet has ~150 snapshots per terminal a day).
    """
    if not terminal_ids:
        return {}
    now = now or utcnow()
    since = now - timedelta(hours=hours)
    slot = _slot_sql(db)
    counted = {tid: (int(n), int(last)) for tid, n, last in db.execute(
        select(TerminalHistory.terminal_id, func.count(func.distinct(slot)), func.max(slot))
        .where(TerminalHistory.at >= since, TerminalHistory.terminal_id.in_(terminal_ids))
        .group_by(TerminalHistory.terminal_id))}
    out = {}
    for tid, enrolled_at, last_beat in db.execute(select(Terminal.id, Terminal.enrolled_at, Terminal.last_heartbeat_at)
                                                  .where(Terminal.id.in_(terminal_ids))):
        n, last = counted.get(tid, (0, -1))
        if last_beat is not None and last_beat >= since and _slot(last_beat) > last:
            n += 1  # the newest heartbeat, not (yet) in the thinned history
        start = max(since, enrolled_at or since)
        possible = max(1, _slot(now) - _slot(start) + 1)
        out[tid] = round(100.0 * min(n, possible) / possible, 1)
    return out


def uptime_by_hour(db: Session, terminal_id: str, hours: int = 24, now: datetime | None = None
                   ) -> list[tuple[str, float]]:
    """The share of each of the last ``hours`` hours with a heartbeat, counting only the 15-minute slots the
    terminal could have been up in: since its enrolment and up to now (the current hour is not 25% up at
    quarter past just because three of its quarters have not happened yet); 0 before enrolment."""
    now = (now or utcnow()).astimezone(LOCAL)
    start = (now - timedelta(hours=hours - 1)).replace(minute=0, second=0, microsecond=0)
    slots = _up_slots(db, [terminal_id], start)[terminal_id]
    enrolled = db.scalar(select(Terminal.enrolled_at).where(Terminal.id == terminal_id))
    earliest, latest = _slot(max(start, enrolled or start)), _slot(now)
    points = []
    for i in range(hours):
        hour = start + timedelta(hours=i)
        possible = range(max(_slot(hour), earliest), min(_slot(hour) + 4, latest + 1))
        up = sum(1 for s in possible if s in slots)
        points.append((hour.strftime("%H"), round(100.0 * up / len(possible), 1) if possible else 0.0))
    return points
