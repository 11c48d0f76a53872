"""Heartbeats, commands, and the fleet view with its alerts.

Alerts are computed when the view is asked for, from the last heartbeat and
the current releases, so "version lagging behind the rollout" is right the
moment an admin widens a rollout.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Select, Table, bindparam, exists, func, insert, select, update
from sqlalchemy.orm import Session

from contract.timefmt import leading_time
from contract.totp import OTP_STEP_S, totp_now
from hub import audit, faults, scope
from hub.community import calling_terminals
from hub.db import utcnow
from hub.errors import ApiError
from hub.models import Bundle, Command, Terminal, TerminalHistory
from hub.promises import Promises
from hub.publishing import desired_items, iso, items_of, latest_bundles, live_releases
from hub.schemas import CommandResultIn, HeartbeatRequest

OFFLINE_AFTER_S = 3 * 30  # three missed heartbeats
HISTORY_EVERY = timedelta(minutes=10)
CALL_STAFF_FRESH = timedelta(minutes=15)
READER_WORDS = ("idcard", "reader", "pcsc", "scanner", "card")


_TERMINALS = cast(Table, Terminal.__table__)
_COMMANDS = cast(Table, Command.__table__)
_HISTORY = cast(Table, TerminalHistory.__table__)
# The heartbeat's statements, built once (bound per request): it is the hub's most frequent request.
_PENDING = exists().where(_COMMANDS.c.terminal_id == bindparam("tid"), _COMMANDS.c.delivered_at.is_(None))
_KEEP_BEAT = (update(_TERMINALS).where(_TERMINALS.c.id == bindparam("tid"))
              .values(heartbeat=bindparam("heartbeat"), last_heartbeat_at=bindparam("now"),
                      last_seen_at=bindparam("now"), alert_count=bindparam("alert_count"))
              .returning(_PENDING.label("pending")))
_KEEP_BEAT_AND_HISTORY = _KEEP_BEAT.values(history_at=bindparam("now"), history_alerts=bindparam("alerts"))
_ADD_HISTORY = insert(_HISTORY).values(terminal_id=bindparam("tid"), at=bindparam("now"),
                                       alerts=bindparam("alerts"), snapshot=bindparam("heartbeat"))
_CLAIM_COMMANDS = (update(_COMMANDS).where(_COMMANDS.c.terminal_id == bindparam("tid"),
                                           _COMMANDS.c.delivered_at.is_(None))
                   .values(delivered_at=bindparam("now"))
                   .returning(_COMMANDS.c.id, _COMMANDS.c.name, _COMMANDS.c.created_at))
_COMMAND_DONE = (update(_COMMANDS).where(_COMMANDS.c.id == bindparam("cid"), _COMMANDS.c.terminal_id == bindparam("tid"),
                                         _COMMANDS.c.done_at.is_(None))
                 .values(done_at=bindparam("now"), result=bindparam("result"))
                 .returning(_COMMANDS.c.name))
REPORTS = ("command_results", "faults")  # heartbeat fields reported once, kept in their own tables


def record_heartbeat(conn: Connection, session: Session, terminal: Terminal, beat: HeartbeatRequest
                     ) -> list[dict[str, str]]:
    """Keep the latest heartbeat (and a thinned history), the outcomes of earlier commands and the component
    state changes it reports (issue 24); hand out undelivered commands.

    One UPDATE of the terminal's row, whose RETURNING says whether commands wait; a history row
    only when one is due, and the commands claimed (UPDATE ... RETURNING) only when there are any.
    Core statements on the request's connection: no ORM read-modify-write on the hot path; ``session`` (bound
    to ``conn``) only for the rarer reports (command outcomes with their audit lines, fault changes).
    """
    now = utcnow()
    snapshot = beat.model_dump(mode="json", exclude=set(REPORTS))
    alerts = sorted(a["code"] for a in heartbeat_alerts(snapshot))
    params = {"tid": terminal.id, "now": now, "heartbeat": snapshot, "alerts": alerts, "alert_count": len(alerts)}
    keep = _KEEP_BEAT
    if terminal.history_at is None or now - terminal.history_at >= HISTORY_EVERY or alerts != (
            terminal.history_alerts or []):
        conn.execute(_ADD_HISTORY, params)
        keep = _KEEP_BEAT_AND_HISTORY
    pending = conn.execute(keep, params).scalar_one()
    if beat.command_results:
        _record_results(session, terminal.id, beat.command_results, now)
    faults.record(session, terminal.id, beat.faults)
    if not pending:
        return []
    claimed = sorted(conn.execute(_CLAIM_COMMANDS, params), key=lambda c: (c.created_at, c.id))
    return [{"id": c.id, "name": c.name} for c in claimed]


def _record_results(session: Session, terminal_id: str, results: list[CommandResultIn], now: datetime) -> None:
    """Keep each command's outcome on its row (once: a repeated report changes nothing) and audit it."""
    actor = audit.Actor(name=f"terminal {terminal_id}", role="terminal")
    for r in results:
        name = session.connection().execute(_COMMAND_DONE, {"cid": r.id, "tid": terminal_id, "now": now,
                                                            "result": {"ok": r.ok, "detail": r.detail}}).scalar()
        if name is not None:
            audit.record(session, actor, audit.AdminAction.COMMAND_DONE, terminal_id, command=name, ok=r.ok,
                         detail=r.detail[:200])


def commands_of(session: Session, terminal_id: str, limit: int = 20) -> list[Command]:
    """The terminal's latest commands, newest first, with their outcome once reported."""
    return list(session.scalars(select(Command).where(Command.terminal_id == terminal_id)
                                .order_by(Command.created_at.desc(), Command.id).limit(limit)))


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
    clock = hb.get("clock")
    if isinstance(clock, dict) and clock.get("ok") is False:  # issue 22: the terminal refuses dated documents
        alerts.append({"code": "clock_wrong",
                       "detail": f"{str(clock.get('code', ''))[:24]} {str(clock.get('detail', ''))[:200]}".strip()})
    storage = hb.get("storage")
    if isinstance(storage, dict) and storage.get("state") not in (None, "ok"):  # issue 22: damaged, full, recovered...
        alerts.append({"code": f"storage_{str(storage['state'])[:16]}",
                       "detail": f"{str(storage.get('code', ''))[:24]} {str(storage.get('detail', ''))[:200]}".strip()})
    software = hb.get("software")
    if isinstance(software, dict) and software.get("state") in ("failed", "rolled_back"):  # issue 20
        alerts.append({"code": "update_failed",
                       "detail": f"{str(software.get('offered') or '')[:40]} {software['state']}: "
                                 f"{str(software.get('last_error') or '')[:200]}".strip()})
    return alerts


def sync_failing(hb: dict[str, Any]) -> bool:
    """The last error is newer than the last success (terminals keep their last error after recovering).

    ``last_error`` may start with its ISO time (``"2026-11-26T10:14:39+00:00 timed out"``); without
    one, the terminal is failing when it has not synced for three heartbeat periods.
    """
    error = hb.get("last_error")
    if not error:
        return False
    last_sync = leading_time(hb.get("last_sync"))
    if last_sync is None:
        return True
    error_at = leading_time(error)
    if error_at is not None:
        return error_at > last_sync
    return (utcnow() - last_sync).total_seconds() > OFFLINE_AFTER_S


def _call_staff(session: Session, since: datetime) -> set[str]:
    return calling_terminals(session)


def issued(version: Any, latest: Bundle | None, known: set[tuple[str, int]], terminal_id: str) -> bool:
    """Did this hub issue bundle ``version`` to this terminal? (0, the empty start, always counts.) A terminal
    running a version never issued was made to accept a bundle signed by another key (issue 16, finding 3).
    ``known`` holds the older issued versions looked up by :func:`_issued_versions`."""
    if not version:
        return True
    if not isinstance(version, int) or isinstance(version, bool):
        return False
    if latest is not None and latest.bundle_version == version:
        return True
    return (terminal_id, version) in known


def _issued_versions(session: Session, terminals: list[Terminal], latest: dict[str, Bundle]) -> set[tuple[str, int]]:
    """Of the versions the terminals report that are not their latest bundle, those the hub did issue: one
    query for the whole page (a lagging fleet made it one query per terminal)."""
    wanted = set()
    for t in terminals:
        version = (t.heartbeat or {}).get("bundle_version")
        bundle = latest.get(t.id)
        if (version and isinstance(version, int) and not isinstance(version, bool)
                and (bundle is None or bundle.bundle_version != version)):
            wanted.add((t.id, version))
    if not wanted:
        return set()
    rows = session.execute(select(Bundle.terminal_id, Bundle.bundle_version).where(
        Bundle.terminal_id.in_({tid for tid, _v in wanted}), Bundle.bundle_version.in_({v for _t, v in wanted})))
    return {(tid, version) for tid, version in rows if (tid, version) in wanted}


def _filtered(query: Select[Any], actor: audit.Actor, district: str | None, community: str | None,
              terminal_id: str | None = None) -> Select[Any]:
    """The terminals ``actor`` may see (one scope check for every staff-facing query), narrowed further."""
    query = query.where(scope.condition(actor, Terminal.district, Terminal.community))
    if district:
        query = query.where(Terminal.district == district)
    if community:
        query = query.where(Terminal.community == community)
    if terminal_id:
        query = query.where(Terminal.id == terminal_id)
    return query


def count_terminals(session: Session, district: str | None = None, community: str | None = None,
                    actor: audit.Actor = audit.CLI_ACTOR) -> int:
    if community:
        community = scope.community(session, actor, community)
    query = _filtered(select(func.count()).select_from(Terminal), actor, district, community)
    return int(session.scalar(query) or 0)


def fleet_view(session: Session, district: str | None = None, community: str | None = None,
               terminal_id: str | None = None, limit: int | None = None, offset: int = 0,
               actor: audit.Actor = audit.CLI_ACTOR, terminal_ids: Collection[str] | None = None
               ) -> list[dict[str, Any]]:
    """The terminals ``actor`` may see in terminal-number order; ``limit``/``offset`` take one page of it,
    ``terminal_ids`` only those (the overview's few terminals with alerts).

    One query per table whatever the page's size: the terminals, the live releases, the page's latest
    bundles (and the older versions some report), the open staff calls; the rest is computed here.
    """
    if community:
        community = scope.community(session, actor, community)
    now = utcnow()
    query = _filtered(select(Terminal).order_by(Terminal.terminal_no), actor, district, community, terminal_id)
    if terminal_ids is not None:
        query = query.where(Terminal.id.in_(terminal_ids))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    terminals = list(session.scalars(query))
    if not terminals:
        return []
    releases = live_releases(session)
    some = limit is not None or terminal_id or terminal_ids is not None
    bundles = latest_bundles(session, [t.id for t in terminals] if some else None)
    calling = _call_staff(session, now - CALL_STAFF_FRESH)
    known = _issued_versions(session, terminals, bundles)
    promises = Promises(session)
    out = []
    for t in terminals:
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
            if hb and not issued(hb.get("bundle_version"), bundle, known, t.id):
                alerts.append({"code": "bundle_unknown",
                               "detail": f"reports bundle {hb.get('bundle_version')}, which this hub never issued to it"})
            if t.id in calling:
                alerts.append({"code": "call_staff", "detail": "a resident pressed call staff"})
            alerts.extend(promises.alerts(expected_items, hb))
        out.append({
            "terminal_id": t.id, "terminal_no": t.terminal_no, "district": t.district, "community": t.community,
            "display_name": t.display_name or "",
            "hostname": t.hostname, "enrolled_at": iso(t.enrolled_at), "revoked": t.revoked_at is not None,
            "online": online, "last_heartbeat_at": iso(t.last_heartbeat_at),
            "app_version": hb.get("app_version"), "bundle_version": hb.get("bundle_version"),
            "expected_bundle_version": bundle.bundle_version if bundle else None,
            "forms": hb.get("forms") or {}, "expected_forms": expected_forms, "devices": hb.get("devices") or {},
            "printer": hb.get("printer"), "outbox_depth": hb.get("outbox_depth"),
            "quarantined": hb.get("quarantined"), "last_sync": hb.get("last_sync"),
            "last_error": hb.get("last_error"), "disk_free_mb": hb.get("disk_free_mb"),
            "uptime_s": hb.get("uptime_s"), "alerts": alerts,
            "maintenance": bool((hb.get("maintenance") or {}).get("on")) and online,
            "maintenance_by": (hb.get("maintenance") or {}).get("by") or "",
            "inventory": hb.get("inventory") or {},
            "software": hb.get("software"),
        })
    return out


def rename(session: Session, actor: audit.Actor, terminal_id: str, display_name: str) -> Terminal:
    """The name people know a terminal by (where it stands), next to its id everywhere in the console."""
    name = " ".join(display_name.split())[:100]
    terminal = scope.terminal(session, actor, terminal_id)
    terminal.display_name = name or None
    audit.record(session, actor, audit.AdminAction.TERMINAL_RENAMED, terminal_id, display_name=name)
    return terminal


def history(session: Session, terminal_id: str, limit: int = 200) -> list[TerminalHistory]:
    return list(session.scalars(select(TerminalHistory).where(TerminalHistory.terminal_id == terminal_id)
                                .order_by(TerminalHistory.id.desc()).limit(limit)))


def technician_code(session: Session, actor: audit.Actor, terminal_id: str, now: float) -> dict[str, Any]:
    """The current one-time code for a terminal whose card reader is broken (RFC 6238 over its ``otp_secret``).

    Handing one out is an audited action; the code itself is not logged.
    """

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
            "valid_until": iso(datetime.fromtimestamp(valid_until, UTC))}
