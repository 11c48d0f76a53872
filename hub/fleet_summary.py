"""The fleet at a glance, for the console's home page: terminals, how many are online, how many alerts,
and the first terminals with alerts.

The full fleet view builds every terminal in Python (0.4 s at 4,000 terminals). This summary is read
from what each heartbeat keeps on its terminal's row (``alert_count``, set by the heartbeat's one
UPDATE) with SQL aggregation: one aggregate query, one query for the few terminals listed, and the
fleet view of those few. Neither the statements nor the Python work grow with the fleet.

Alerts are counted per terminal as the fleet view counts them:
- a revoked terminal has its one alert;
- any other terminal adds up offline, its heartbeat's alerts, a bundle behind the newest one issued
  to it (``version_lagging``), a bundle never issued to it (``bundle_unknown``) and an open staff call.

Two checks need each terminal's rollout evaluated release by release, so they stay with the fleet
page's rows: forms behind a release the terminal has not yet fetched a bundle for (it fetches one at
its next sync, and then the bundle lag counts here), and the certificate printer a catalog promises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, select
from sqlalchemy.orm import Session

from hub import audit, scope
from hub.community_models import CallStaffAck
from hub.db import utcnow
from hub.fleet import OFFLINE_AFTER_S, fleet_view
from hub.models import Bundle, OutboxItem, Terminal

LISTED = 10  # terminals with alerts named on the home page


@dataclass(frozen=True)
class Overview:
    terminals: int
    online: int
    alerts: int
    alerting: list[dict[str, Any]]  # the first LISTED terminals with alerts, as the fleet view shows them


def _online(now: datetime) -> ColumnElement[bool]:
    return Terminal.last_heartbeat_at >= now - timedelta(seconds=OFFLINE_AFTER_S)


def alerts_of_terminal(now: datetime) -> ColumnElement[int]:
    """Per terminal row, the number of alerts the fleet view would give it (bar the two rollout checks)."""
    reported = func.coalesce(Terminal.heartbeat["bundle_version"].as_integer(), 0)
    latest = (select(func.max(Bundle.bundle_version)).where(Bundle.terminal_id == Terminal.id)
              .scalar_subquery())
    issued = exists().where(Bundle.terminal_id == Terminal.id, Bundle.bundle_version == reported)
    calling = (select(OutboxItem.terminal_id).outerjoin(CallStaffAck, CallStaffAck.item_id == OutboxItem.id)
               .where(OutboxItem.kind == "call_staff", CallStaffAck.item_id.is_(None)))
    beat = Terminal.last_heartbeat_at.is_not(None)
    live = (case((_online(now), 0), else_=1) + Terminal.alert_count
            + case((and_(beat, latest.is_not(None), reported < latest), 1), else_=0)
            + case((and_(beat, reported != 0, ~issued), 1), else_=0)
            + case((Terminal.id.in_(calling), 1), else_=0))
    return case((Terminal.revoked_at.is_not(None), 1), else_=live)


def overview(session: Session, actor: audit.Actor = audit.CLI_ACTOR, now: datetime | None = None) -> Overview:
    """The terminals ``actor`` may see, summed by the database."""
    now = now or utcnow()
    visible = scope.condition(actor, Terminal.district, Terminal.community)
    alerts = alerts_of_terminal(now)
    total, online, alert_sum = session.execute(
        select(func.count(), func.coalesce(func.sum(case((_online(now), 1), else_=0)), 0),
               func.coalesce(func.sum(alerts), 0)).select_from(Terminal).where(visible)).one()
    first = list(session.scalars(select(Terminal.id).where(visible, alerts > 0)
                                 .order_by(Terminal.terminal_no).limit(LISTED)))
    alerting = [t for t in fleet_view(session, terminal_ids=first, actor=actor) if t["alerts"]] if first else []
    return Overview(terminals=int(total), online=int(online), alerts=int(alert_sum), alerting=alerting)
