"""One check per component: ``ok`` / ``warn`` / ``fail``, a one-line reason and a technician code.

Every check is bounded in time and never raises: a device that cannot be reached is a
``fail`` value with a code such as ``PRN-PAPER-OUT``. The checks read only what they
need from the services (or build short-lived drivers from settings for the CLI) and never
return personal data.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from devices.cups.jobs import CupsQueue
from devices.pcsc.readers import PcscUnavailable, snapshot
from kiosk.documents.cups import CupsError
from kiosk.printing import status_to_dict
from kiosk.storage_faults import as_fault
from sync.service import sync_status
from sync.storage_health import NEXT_STEPS, assess
from terminal.diag.camera import check_camera
from terminal.diag.result import Check, Status

log = logging.getLogger(__name__)


# The overview's order; the CLI names a subset (``kiosk diag network`` covers network and platform).
COMPONENTS = ("settings", "idcard", "pcsc", "printer", "cups", "touchscreen", "network", "platform", "sync", "storage",
              "clock")
# Components whose failure is a device fault (``kiosk diag`` exit code 4).
DEVICES = frozenset({"idcard", "pcsc", "printer", "cups", "touchscreen"})
# A component cannot be checked against an invalid setting of its own section: it fails with SET-INVALID.
SETTING_SECTIONS: dict[str, tuple[str, ...]] = {
    "idcard": ("idcard",), "printer": ("printer",), "document_printer": ("cups",), "pcsc": ("pcsc",),
    "sync": ("platform", "sync"), "data_dir": ("storage", "sync"),
}
CLI_GROUPS: dict[str, tuple[str, ...]] = {
    "all": tuple(c for c in COMPONENTS if c != "touchscreen"), "settings": ("settings",),
    "idcard": ("idcard",), "pcsc": ("pcsc",), "printer": ("printer",), "cups": ("cups",),
    "network": ("network", "platform"), "sync": ("sync",), "storage": ("storage", "clock"),
    "camera": ("camera",),
}

CERT_WARN_DAYS = 30
QUEUE_WARN = 500


@dataclass
class DiagContext:
    """What the checks look at. The GUI passes the running services; the CLI builds its own."""

    settings: Any
    idcard: Any = None
    printer: Any = None
    camera: Any = None  # kiosk.roles.camera.Camera or None
    face_models: Any = None  # kiosk.face.models.Models when the kiosk has loaded them (else the check loads them)
    store: Any = None
    documents: Any = None  # devices.cups.jobs.CupsQueue or None
    pcsc_snapshot: Callable[[], list[Any]] | None = None
    touch_result: dict[str, Any] | None = None
    storage_damage: Any = None  # sync.recovery.Damage when the start-up check failed (the store is then None)
    clock_now: Callable[[], datetime] = lambda: datetime.now().astimezone()
    hub_timeout_s: float = 3.0
    settings_errors: dict[str, str] = field(default_factory=dict)  # key -> message (contract.settings.load_tolerant)
    ntp_synchronised: Callable[[], bool | None] = lambda: ntp_synchronised()


def _safe(name: str, fn: Callable[[DiagContext], Check], ctx: DiagContext) -> Check:
    try:
        return fn(ctx)
    except Exception as exc:
        fault = as_fault(exc)
        if fault is not None:  # the storage failed under the check: say how (STO-FULL, STO-CORRUPT...)
            log.error("check %s: storage fault %s", name, fault.code)
            return Check(name, Status.FAIL, f"storage fault while checking: {fault.fault}", fault.code)
        log.exception("check %s failed", name)
        return Check(name, Status.FAIL, f"check failed: {type(exc).__name__}", "DIAG-CHECK-ERROR")


def _simulated(ctx: DiagContext, section: str, check: Check, code: str) -> Check:
    """A simulator or fake is named as such: never green, whatever it answers."""
    if getattr(ctx.settings, section).driver not in ("simulator", "fake"):
        return check
    data = {**check.data, "simulated": True}
    if check.status == Status.OK:
        return Check(check.name, Status.WARN, f"SIMULATOR, no hardware checked ({check.detail})", code, data=data)
    return Check(check.name, check.status, f"SIMULATOR: {check.detail}", check.code, data=data)


def check_settings(ctx: DiagContext) -> Check:
    if ctx.settings_errors:
        keys = ", ".join(sorted(ctx.settings_errors))
        detail = "; ".join(f"{k}: {m}" for k, m in sorted(ctx.settings_errors.items()))
        return Check("settings", Status.FAIL, f"invalid: {detail}"[:300], "SET-INVALID",
                     data={"keys": sorted(ctx.settings_errors), "summary": keys})
    return Check("settings", Status.OK, "every setting valid", "SET-OK")


# --------------------------------------------------------------------------- devices

def check_idcard(ctx: DiagContext) -> Check:
    return _simulated(ctx, "idcard", _check_idcard(ctx), "IDC-SIMULATED")


def _check_idcard(ctx: DiagContext) -> Check:
    cfg = ctx.settings.idcard
    if cfg.driver == "none" or ctx.idcard is None:
        return Check("idcard", Status.SKIP, "ID card reader disabled in settings", "IDC-DISABLED")
    info = ctx.idcard.sam_info()
    if not info.connected:
        return Check("idcard", Status.FAIL, f"ID card reader not connected ({cfg.port})", "IDC-DISCONNECTED")
    if info.status != "ok":
        code = "IDC-SAM-TIMEOUT" if info.status == "timeout" else "IDC-SAM-ERROR"
        return Check("idcard", Status.FAIL, f"SAM reports {info.status} ({cfg.port})", code)
    return Check("idcard", Status.OK, f"SAM {info.sam_id} on {cfg.port}", "IDC-OK", data={"sam_id": info.sam_id})


def check_pcsc(ctx: DiagContext) -> Check:
    if not ctx.settings.pcsc.enabled:
        return Check("pcsc", Status.SKIP, "staff card reader disabled in settings", "PCSC-DISABLED")

    snap = ctx.pcsc_snapshot or (lambda: snapshot(ctx.settings.pcsc.reader_filter))
    try:
        readers = snap()
    except PcscUnavailable as exc:
        return Check("pcsc", Status.FAIL, f"pcscd not reachable ({exc})", "PCSC-NO-SERVICE")
    if not readers:
        return Check("pcsc", Status.FAIL, "no smart card reader found", "PCSC-NO-READER")
    names = ", ".join(r.name for r in readers)
    ok = Check("pcsc", Status.OK, f"{len(readers)} reader(s): {names}", "PCSC-OK",
               data={"readers": [r.name for r in readers]})
    return _simulated(ctx, "pcsc", ok, "PCSC-SIMULATED")


_PRINTER_ERRORS = {"unreachable": "PRN-UNREACHABLE", "disconnected": "PRN-DISCONNECTED",
                   "no_status_reply": "PRN-NO-STATUS-REPLY", "bad_status_reply": "PRN-BAD-STATUS-REPLY"}


def check_printer(ctx: DiagContext) -> Check:
    return _simulated(ctx, "printer", _check_printer(ctx), "PRN-SIMULATED")


def _check_printer(ctx: DiagContext) -> Check:
    if ctx.printer is None or ctx.settings.printer.driver == "none":
        return Check("printer", Status.FAIL, "no receipt printer configured", "PRN-NONE")

    st = ctx.printer.status()
    data = status_to_dict(st)
    uri = str(getattr(ctx.printer, "uri", "") or ctx.settings.printer.uri)
    if st.error:
        return Check("printer", Status.FAIL, f"printer at {uri} not answering ({st.error})",
                     _PRINTER_ERRORS.get(st.error, "PRN-ERROR"), data=data)
    # paper out and an open cover take a printer offline: name the cause, not the symptom
    if str(st.paper) == "out":
        return Check("printer", Status.FAIL, "out of paper", "PRN-PAPER-OUT", data=data)
    if st.cover_open:
        return Check("printer", Status.FAIL, "printer cover open", "PRN-COVER-OPEN", data=data)
    if not st.online:
        return Check("printer", Status.FAIL, "printer offline", "PRN-OFFLINE", data=data)
    if str(st.paper) == "near_end":
        return Check("printer", Status.WARN, "paper nearly out", "PRN-PAPER-LOW", data=data)
    return Check("printer", Status.OK, f"ready at {uri}, paper ok", "PRN-OK", data=data)


def check_cups(ctx: DiagContext) -> Check:
    queue = ctx.settings.document_printer.queue
    if not queue:
        return Check("cups", Status.SKIP, "no A4 printer configured", "CUPS-NONE")

    try:
        q = ctx.documents or CupsQueue(queue, timeout_s=5.0)
        ready, detail = q.ready()
    except (CupsError, ValueError) as exc:
        return Check("cups", Status.FAIL, str(exc)[:160], "CUPS-UNREACHABLE")
    if not ready:
        return Check("cups", Status.FAIL, f"queue {queue}: {detail[:120]}", "CUPS-NOT-READY")
    return Check("cups", Status.OK, f"queue {queue} ready", "CUPS-OK")


def check_touchscreen(ctx: DiagContext) -> Check:
    r = ctx.touch_result
    if not r:
        return Check("touchscreen", Status.SKIP, "not tested yet (run the target grid)", "TOUCH-UNTESTED")
    misses, total = int(r.get("misses", 0)), int(r.get("targets", 0))
    hits = int(r.get("hits", total))
    if hits < total:
        missed = [str(m) for m in r.get("missed_targets", [])]
        where = f" (not reached: {', '.join(missed)})" if missed else ""
        return Check("touchscreen", Status.FAIL, f"only {hits} of {total} targets reached{where}"[:300],
                     "TOUCH-DEAD-AREA", data=dict(r))
    if misses == 0:
        return Check("touchscreen", Status.OK, f"all {total} targets hit", "TOUCH-OK", data=dict(r))
    status = Status.WARN if misses <= max(1, total // 10) else Status.FAIL
    return Check("touchscreen", status, f"{misses} of {total} targets missed", "TOUCH-MISSES", data=dict(r))


# --------------------------------------------------------------------------- network and platform

def interfaces() -> list[dict[str, str]]:
    """Non-loopback interfaces with their operational state (Linux ``/sys/class/net``)."""
    out = []
    base = Path("/sys/class/net")
    for name in sorted(p.name for p in base.iterdir()) if base.exists() else []:
        if name == "lo":
            continue
        try:
            state = (base / name / "operstate").read_text().strip()
        except OSError:
            state = "unknown"
        out.append({"name": name, "state": state})
    return out


def check_network(ctx: DiagContext) -> Check:
    ifaces = interfaces()
    up = [i["name"] for i in ifaces if i["state"] in ("up", "unknown")]
    if not up:
        return Check("network", Status.FAIL, "no network interface is up", "NET-DOWN", data={"interfaces": ifaces})
    return Check("network", Status.OK, f"up: {', '.join(up)}", "NET-OK", data={"interfaces": ifaces})


def hub_endpoint(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def probe_hub(url: str, ca_file: str = "", timeout_s: float = 3.0) -> dict[str, Any]:
    """TCP connect time, and for https the certificate's expiry (verified against ``ca_file``)."""
    scheme, host, port = hub_endpoint(url)
    t0 = time.monotonic()
    with socket.create_connection((host, port), timeout=timeout_s) as sock:
        latency_ms = (time.monotonic() - t0) * 1000
        info: dict[str, Any] = {"latency_ms": round(latency_ms, 1), "host": host, "port": port}
        if scheme == "https":
            tls = ssl.create_default_context(cafile=ca_file or None)
            with tls.wrap_socket(sock, server_hostname=host) as tsock:
                cert = tsock.getpeercert() or {}
                not_after = cert.get("notAfter")
                if isinstance(not_after, str):
                    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), UTC)
                    info["cert_expires"] = expires.isoformat()
    return info


def check_platform(ctx: DiagContext) -> Check:
    sync = ctx.settings.sync
    url = sync.hub_url
    if not url and ctx.store is not None:
        enrollment = ctx.store.keys.enrollment() if getattr(ctx.store, "keys", None) else None
        url = enrollment.hub_url if enrollment else ""
    if not url:
        return Check("platform", Status.SKIP, "no platform configured (offline terminal)", "HUB-NONE")
    try:
        info = probe_hub(url, sync.ca_file, min(ctx.hub_timeout_s, sync.timeout_s))
    except ssl.SSLCertVerificationError as exc:
        return Check("platform", Status.FAIL, f"TLS certificate not trusted: {exc.verify_message}", "HUB-TLS-UNTRUSTED")
    except ssl.SSLError as exc:
        return Check("platform", Status.FAIL, f"TLS failed: {exc.reason}", "HUB-TLS")
    except (OSError, ValueError) as exc:
        return Check("platform", Status.FAIL, f"platform unreachable: {type(exc).__name__} {exc}"[:160], "HUB-UNREACHABLE")
    detail = f"reachable in {info['latency_ms']:.0f} ms"
    if "cert_expires" in info:
        days = (datetime.fromisoformat(info["cert_expires"]) - ctx.clock_now()).days
        info["cert_days_left"] = days
        if days < 0:
            return Check("platform", Status.FAIL, "TLS certificate expired", "HUB-CERT-EXPIRED", data=info)
        detail += f", certificate valid {days} more days"
        if days < CERT_WARN_DAYS:
            return Check("platform", Status.WARN, detail, "HUB-CERT-EXPIRING", data=info)
    return Check("platform", Status.OK, detail, "HUB-OK", data=info)


# --------------------------------------------------------------------------- sync, storage, clock

def check_sync(ctx: DiagContext) -> Check:
    if ctx.store is None:
        return Check("sync", Status.FAIL, "no local store", "SYNC-NO-STORE")

    st = sync_status(ctx.store)
    data = {k: st[k] for k in ("queue_depth", "quarantined", "last_success", "last_error", "bundle_version", "enrolled")}
    if not st["enrolled"] and not ctx.settings.sync.hub_url:
        return Check("sync", Status.SKIP, f"offline terminal (not enrolled); {st['queue_depth']} item(s) waiting",
                     "SYNC-NOT-ENROLLED", data=data)
    if not st["enrolled"]:
        return Check("sync", Status.WARN, f"not enrolled; {st['queue_depth']} item(s) waiting", "SYNC-NOT-ENROLLED",
                     data=data)
    if st["quarantined"]:
        return Check("sync", Status.WARN, f"{st['quarantined']} item(s) quarantined, {st['queue_depth']} queued",
                     "SYNC-QUARANTINE", data=data)
    if st["last_error"] and (not st["last_success"] or str(st["last_error"]) > str(st["last_success"])):
        return Check("sync", Status.WARN, f"last round failed; {st['queue_depth']} queued", "SYNC-ERROR", data=data)
    if st["queue_depth"] > QUEUE_WARN:
        return Check("sync", Status.WARN, f"{st['queue_depth']} items queued", "SYNC-BACKLOG", data=data)
    return Check("sync", Status.OK, f"{st['queue_depth']} queued, bundle {st['bundle_version']}", "SYNC-OK", data=data)


def check_storage(ctx: DiagContext) -> Check:
    """Damage found at start, a failed statement, a full or low disk, a recent rebuild: in words with a next step."""

    data_dir = Path(ctx.settings.data_dir)
    if not (data_dir if data_dir.exists() else data_dir.parent).exists():
        return Check("storage", Status.FAIL, "data directory missing", "STO-UNUSABLE")
    health = assess(data_dir, store=ctx.store, damage=ctx.storage_damage, now=ctx.clock_now())
    data: dict[str, Any] = {"free_mb": health.free_mb, "state": health.state}
    if health.recovery is not None:
        data["recovery"] = health.recovery
    db = Path(ctx.settings.db_path)
    if db.exists():
        data["db_mb"] = round(db.stat().st_size / 2**20, 2)
    if health.failing:
        return Check("storage", Status.FAIL, f"{health.detail}. Next: {health.next_step}", health.code, data=data)
    if ctx.store is not None:
        result = ctx.store.integrity_check()
        data["integrity"] = result
        if result != "ok":
            return Check("storage", Status.FAIL, f"database integrity: {result[:100]}. Next: {NEXT_STEPS['damaged']}",
                         "STO-CORRUPT", data=data)
    if not os.access(data_dir, os.W_OK):
        return Check("storage", Status.FAIL, f"data directory not writable. Next: {NEXT_STEPS['readonly']}",
                     "STO-READONLY", data=data)
    if not health.ok:
        return Check("storage", Status.WARN, f"{health.detail}. Next: {health.next_step}", health.code, data=data)
    return Check("storage", Status.OK, f"{(health.free_mb or 0) / 1024:.1f} GB free, database {data.get('db_mb', 0)} MB",
                 "STO-OK", data=data)


def ntp_synchronised() -> bool | None:
    """Whether the system clock is synchronised to a time server (systemd's view); ``None`` when unknown."""
    if Path("/run/systemd/timesync/synchronized").exists():
        return True
    if shutil.which("timedatectl") is None:
        return None

    try:
        res = subprocess.run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"], capture_output=True,
                             text=True, timeout=3, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    answer = res.stdout.strip()
    return {"yes": True, "no": False}.get(answer) if res.returncode == 0 else None


def check_clock(ctx: DiagContext) -> Check:
    now = ctx.clock_now()
    if now.year < 2025:
        return Check("clock", Status.FAIL, f"clock not set ({now:%Y-%m-%d})", "CLK-UNSET")
    synced = ctx.ntp_synchronised()
    detail = f"{now:%Y-%m-%d %H:%M %Z}".strip()
    data = {"ntp_synchronised": synced}
    if not synced:
        why = "not synchronised to a time server" if synced is False else "time sync state unknown"
        return Check("clock", Status.WARN, f"{detail}, {why}", "CLK-NOT-SYNCED", data=data)
    return Check("clock", Status.OK, detail + ", NTP synchronised", "CLK-OK", data=data)


def _check_camera(ctx: DiagContext) -> Check:
    return check_camera(ctx)


CHECKS: dict[str, Callable[[DiagContext], Check]] = {
    "settings": check_settings, "idcard": check_idcard, "pcsc": check_pcsc, "printer": check_printer, "cups": check_cups,
    "touchscreen": check_touchscreen, "network": check_network, "platform": check_platform,
    "sync": check_sync, "storage": check_storage, "clock": check_clock,
    "camera": _check_camera,
}


def run_checks(ctx: DiagContext, names: tuple[str, ...] | list[str] = COMPONENTS) -> list[Check]:
    """Each named check; one whose settings are invalid fails with SET-INVALID and the rest still run."""
    blocked: dict[str, str] = {}
    for key, msg in ctx.settings_errors.items():
        for component in SETTING_SECTIONS.get(key.split(".", 1)[0], ()):
            blocked.setdefault(component, f"invalid setting {key}: {msg}")
    return [Check(n, Status.FAIL, blocked[n][:300], "SET-INVALID") if n in blocked else _safe(n, CHECKS[n], ctx)
            for n in names]


def exit_code(checks: list[Check]) -> int:
    """``kiosk diag``'s exit code: 2 invalid settings, 4 a device fault, 1 anything else not ok, 0 healthy
    (``skip``: not configured or not tested, never a fault)."""
    if any(c.code == "SET-INVALID" for c in checks):
        return 2
    if any(c.status == Status.FAIL and c.name in DEVICES for c in checks):
        return 4
    return 1 if any(c.status in (Status.WARN, Status.FAIL) for c in checks) else 0


def worst(checks: list[Check]) -> Status:
    if any(c.status == Status.FAIL for c in checks):
        return Status.FAIL
    if any(c.status == Status.WARN for c in checks):
        return Status.WARN
    return Status.OK if any(c.status == Status.OK for c in checks) or not checks else Status.SKIP
