"""Heartbeats, commands, and the fleet view with its alerts.

Alerts are computed when the view is asked for, from the last heartbeat and
the current releases, so "version lagging behind the rollout" is right the
moment an admin widens a rollout.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hub import audit
from hub.db import utcnow
from hub.errors import ApiError
from hub.models import Command, Terminal, TerminalHistory
from hub.publishing import desired_items, iso, items_of, latest_bundles, live_releases
from hub.schemas import HeartbeatRequest

OFFLINE_AFTER_S = 3 * 30  # three missed heartbeats
HISTORY_EVERY = timedelta(minutes=10)
CALL_STAFF_FRESH = timedelta(minutes=15)
READER_WORDS = ("idcard", "reader", "pcsc", "scanner", "card")


def record_heartbeat(session: Session, terminal: Terminal, beat: HeartbeatRequest) -> list[dict[str, str]]:
    """Keep the latest heartbeat (and a thinned history); hand out undelivered commands."""
    now = utcnow()
    snapshot = beat.model_dump(mode="json")
    terminal.heartbeat = snapshot
    terminal.last_heartbeat_at = now
    terminal.last_seen_at = now
    alerts = sorted(a["code"] for a in heartbeat_alerts(snapshot))
    if terminal.history_at is None or now - terminal.history_at >= HISTORY_EVERY or alerts != (
            terminal.history_alerts or []):
        session.add(TerminalHistory(terminal_id=terminal.id, at=now, alerts=alerts, snapshot=snapshot))
        terminal.history_at = now
        terminal.history_alerts = alerts
    commands = list(session.scalars(select(Command).where(Command.terminal_id == terminal.id,
                                                          Command.delivered_at.is_(None))
                                    .order_by(Command.created_at)))
    if commands:
        session.execute(update(Command).where(Command.id.in_([c.id for c in commands])).values(delivered_at=now))
    return [{"id": c.id, "name": c.name} for c in commands]


def queue_command(session: Session, actor: audit.Actor, terminal_id: str, name: str) -> Command:
    if session.get(Terminal, terminal_id) is None:
        raise ApiError(404, "not_found", "no such terminal")
    command = Command(id="c-" + secrets.token_hex(8), terminal_id=terminal_id, name=name, created_at=utcnow(),
                      created_by=actor.name)
    session.add(command)
    audit.record(session, actor, audit.AdminAction.COMMAND_QUEUED, terminal_id, command=name)
    return command


def heartbeat_alerts(hb: dict[str, Any] | None) -> list[dict[str, str]]:
    """Alerts that follow from one heartbeat alone."""
    if not hb:
        return []
    alerts: list[dict[str, str]] = []
    printer = hb.get("printer") or {}
    paper = printer.get("paper")
    if paper == "out":
        alerts.append({"code": "paper_out", "detail": "receipt printer is out of paper"})
    elif paper in ("low", "near_end"):
        alerts.append({"code": "paper_low", "detail": "receipt paper is running low"})
    if printer.get("online") is False:
        alerts.append({"code": "printer_offline", "detail": "receipt printer does not answer"})
    if printer.get("cover_open"):
        alerts.append({"code": "printer_cover_open", "detail": "printer cover is open"})
    for name, device in sorted((hb.get("devices") or {}).items()):
        status = (device or {}).get("status")
        if status != "fail":
            continue
        code = "reader_offline" if any(w in name.lower() for w in READER_WORDS) else "device_fault"
        alerts.append({"code": code, "detail": f"{name}: {(device or {}).get('detail') or 'failed'}"})
    if sync_failing(hb):
        alerts.append({"code": "sync_failing", "detail": str(hb["last_error"])[:200]})
    if hb.get("quarantined"):
        alerts.append({"code": "outbox_quarantined", "detail": f"{hb['quarantined']} items quarantined"})
    return alerts


def _time(text: Any) -> datetime | None:
    if not isinstance(text, str) or len(text) < 19:
        return None
    head = text.split(" ", 1)[0].replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(head)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def sync_failing(hb: dict[str, Any]) -> bool:
    """The last error is newer than the last success (terminals keep their last error after recovering).

    ``last_error`` may start with its ISO time (``"2026-11-26T10:14:39+00:00 timed out"``); without
    one, the terminal is failing when it has not synced for three heartbeat periods.
    """
    error = hb.get("last_error")
    if not error:
        return False
    last_sync = _time(hb.get("last_sync"))
    if last_sync is None:
        return True
    error_at = _time(error)
    if error_at is not None:
        return error_at > last_sync
    return (utcnow() - last_sync).total_seconds() > OFFLINE_AFTER_S


def _call_staff(session: Session, since: datetime) -> set[str]:
    from hub.community import calling_terminals  # issue 11: the alert lasts until staff acknowledge the call

    return calling_terminals(session)


def fleet_view(session: Session, district: str | None = None, community: str | None = None,
               terminal_id: str | None = None) -> list[dict[str, Any]]:
    now = utcnow()
    releases = live_releases(session)
    bundles = latest_bundles(session)
    calling = _call_staff(session, now - CALL_STAFF_FRESH)
    query = select(Terminal).order_by(Terminal.terminal_no)
    if district:
        query = query.where(Terminal.district == district)
    if community:
        query = query.where(Terminal.community == community)
    if terminal_id:
        query = query.where(Terminal.id == terminal_id)
    out = []
    for t in session.scalars(query):
        hb = t.heartbeat or {}
        bundle = bundles.get(t.id)
        expected_items = desired_items(t, releases, items_of(bundle.manifest if bundle else None))
        expected_forms = {i["id"]: i["version"] for i in expected_items if i["kind"] == "form"}
        online = t.last_heartbeat_at is not None and (now - t.last_heartbeat_at).total_seconds() <= OFFLINE_AFTER_S
        alerts = heartbeat_alerts(hb)
        if t.revoked_at is not None:
            alerts = [{"code": "revoked", "detail": "terminal revoked"}]
        else:
            if not online:
                seen = iso(t.last_heartbeat_at) or "never"
                alerts.insert(0, {"code": "offline", "detail": f"no heartbeat since {seen}"})
            forms = hb.get("forms") or {}
            lagging = sorted(f"{fid} {forms.get(fid, '-')}→{v}" for fid, v in expected_forms.items()
                             if forms.get(fid) != v)
            if hb and lagging:
                alerts.append({"code": "version_lagging", "detail": "forms behind the rollout: " + ", ".join(lagging)})
            elif hb and bundle is not None and (hb.get("bundle_version") or 0) < bundle.bundle_version:
                alerts.append({"code": "version_lagging",
                               "detail": f"bundle {hb.get('bundle_version')} of {bundle.bundle_version}"})
            if t.id in calling:
                alerts.append({"code": "call_staff", "detail": "a resident pressed call staff"})
        out.append({
            "terminal_id": t.id, "terminal_no": t.terminal_no, "district": t.district, "community": t.community,
            "hostname": t.hostname, "enrolled_at": iso(t.enrolled_at), "revoked": t.revoked_at is not None,
            "online": online, "last_heartbeat_at": iso(t.last_heartbeat_at),
            "app_version": hb.get("app_version"), "bundle_version": hb.get("bundle_version"),
            "expected_bundle_version": bundle.bundle_version if bundle else None,
            "forms": hb.get("forms") or {}, "expected_forms": expected_forms, "devices": hb.get("devices") or {},
            "printer": hb.get("printer"), "outbox_depth": hb.get("outbox_depth"),
            "quarantined": hb.get("quarantined"), "last_sync": hb.get("last_sync"),
            "last_error": hb.get("last_error"), "disk_free_mb": hb.get("disk_free_mb"),
            "uptime_s": hb.get("uptime_s"), "alerts": alerts,
        })
    return out


def history(session: Session, terminal_id: str, limit: int = 200) -> list[TerminalHistory]:
    return list(session.scalars(select(TerminalHistory).where(TerminalHistory.terminal_id == terminal_id)
                                .order_by(TerminalHistory.id.desc()).limit(limit)))


def technician_code(session: Session, actor: audit.Actor, terminal_id: str, now: float) -> dict[str, Any]:
    """The current one-time code for a terminal whose card reader is broken (RFC 6238 over its ``otp_secret``).

    Handing one out is an audited action; the code itself is not logged.
    """
    from kiosk.staff import OTP_STEP_S, totp_now

    terminal = session.get(Terminal, terminal_id)
    if terminal is None:
        raise ApiError(404, "not_found", "no such terminal")
    if terminal.revoked_at is not None:
        raise ApiError(409, "terminal_revoked", "this terminal has been revoked")
    audit.record(session, actor, audit.AdminAction.TECHNICIAN_CODE_ISSUED, terminal_id)
    # the terminal takes a code one step either side of its own (kiosk.staff.match_totp): valid until the
    # end of the next step, 30 to 60 s away, not the few seconds left of the current one
    valid_until = (int(now // OTP_STEP_S) + 2) * OTP_STEP_S
    return {"terminal_id": terminal_id, "code": totp_now(terminal.otp_secret, now),
            "valid_until": iso(datetime.fromtimestamp(valid_until, timezone.utc))}
