"""The fault history (issue 24): every component state change a terminal reports, a per-terminal
timeline and the fleet's recurring faults.

Terminals keep their own bounded history and send the changes since their last heartbeat; the hub
keeps them as rows, so "which printers jam every week" is one grouped query, not a scan of snapshots.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, case, func, insert, or_, select
from sqlalchemy.orm import Session

from hub import audit, scope
from hub.db import utcnow
from hub.models import FaultEvent, Terminal
from hub.schemas import FaultChangeIn

_EVENTS = cast(Table, FaultEvent.__table__)


def _at(text: str, fallback: datetime) -> datetime:
    """The terminal's time of the change; the hub's own when it is unreadable or in the future."""
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return fallback
    if parsed.tzinfo is None:
        return fallback
    return min(parsed, fallback)


def record(session: Session, terminal_id: str, changes: Sequence[FaultChangeIn]) -> None:
    """Store the changes one heartbeat carries (at most 200, the schema's bound), in one INSERT."""
    if not changes:
        return
    now = utcnow()
    session.connection().execute(insert(_EVENTS), [
        {"terminal_id": terminal_id, "at": _at(c.at, now), "component": c.component, "status": c.status,
         "previous": c.previous, "code": c.code, "detail": c.detail} for c in changes])


def timeline(session: Session, terminal_id: str, limit: int = 100) -> list[FaultEvent]:
    """The terminal's latest state changes, newest first."""
    return list(session.scalars(select(FaultEvent).where(FaultEvent.terminal_id == terminal_id)
                                .order_by(FaultEvent.at.desc(), FaultEvent.id.desc()).limit(limit)))


def recurring(session: Session, actor: audit.Actor = audit.CLI_ACTOR, limit: int = 100) -> list[dict[str, Any]]:
    """Per terminal and component: how often it went wrong in the last 7 and 30 days, most first.

    Going wrong is a change to ``fail``, or from ``ok`` to ``warn``: a simulator's or an untested device's
    standing warning, and a fault easing to a warning, are not new faults. Only components that went
    wrong at least twice in 30 days: one fault is an incident, two are a pattern.
    """
    now = utcnow()
    week, month = now - timedelta(days=7), now - timedelta(days=30)
    in_week = func.sum(case((FaultEvent.at >= week, 1), else_=0))
    count = func.count()
    rows = session.execute(
        select(Terminal.id, Terminal.terminal_no, Terminal.community, FaultEvent.component, in_week, count,
               func.max(FaultEvent.at))
        .join(Terminal, Terminal.id == FaultEvent.terminal_id)
        .where(FaultEvent.at >= month,
               or_(FaultEvent.status == "fail", and_(FaultEvent.status == "warn", FaultEvent.previous == "ok")),
               scope.condition(actor, Terminal.district, Terminal.community))
        .group_by(Terminal.id, Terminal.terminal_no, Terminal.community, FaultEvent.component)
        .having(count >= 2)
        .order_by(count.desc(), Terminal.terminal_no, FaultEvent.component).limit(limit))
    return [{"terminal_id": tid, "terminal_no": no, "community": community, "component": component,
             "last_7_days": int(week_n or 0), "last_30_days": int(month_n), "last_at": last}
            for tid, no, community, component, week_n, month_n, last in rows]
