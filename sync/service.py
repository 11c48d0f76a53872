"""The sync service: enrolment, and sync rounds on a plain background thread (never Qt, never the UI thread).

A round: re-seal anything sealed before enrolment, drain the outbox, fetch and stage a
newer bundle (activating it only if the app says it is idle), pull statuses
incrementally, purge old stubs, and send a heartbeat whose reply may carry commands.
Each step's failure is recorded and the next step still runs, so a broken status
endpoint never stops submissions from leaving.

The UI learns what happens through :meth:`SyncService.subscribe` callbacks, called on
the sync thread with ``(event, data)``; a Qt UI re-posts them to its own thread.
Events: ``round_started``, ``round_done`` (data: the :class:`SyncReport` as a dict),
``bundle_staged``, ``bundle_activated``, ``bundle_refused``, ``bundle_rolled_back``,
``command`` (data: ``{"id", "name"}``), ``enrolled``.

Commands (issue 24): the service itself answers ``sync_now`` and ``maintenance_on``/``maintenance_off``;
the others reach their listeners through the ``command`` event, and whoever acts on one reports its
outcome with :meth:`SyncService.report_command`. Outcomes, the maintenance state and the component state
changes (:mod:`sync.remote_state`) ride on the next heartbeat, and are audited here.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from contract import crypto
from contract.clock import Clock, SystemClock
from kiosk import __version__ as APP_VERSION
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.clock_guard import ClockGuard
from kiosk.disk_budget import enforce
from kiosk.storage_faults import StorageFault
from kiosk.update.channel import AppChannel
from kiosk.update.record import status_of
from sync.bundles import BundleManager, BundleRefused
from sync.client import AuthError, HubClient, HubError, PermanentError, TransientError
from sync.keys import Enrollment
from sync.outbox import OutboxSender
from sync.recovery import INTEGRITY_FAILED_KEY
from sync.remote_state import RemoteState
from sync.status_cache import STATUS_CURSOR_KEY
from sync.storage_health import assess
from sync.store import Store

log = logging.getLogger(__name__)

EventListener = Callable[[str, dict[str, Any]], None]
StatusProvider = Callable[[], dict[str, Any]]
_STARTED = time.monotonic()
QUIET_HOUR = 3  # local time: the full integrity check runs in this hour, once a day


class EnrollmentError(Exception):
    """Enrolment failed; the message says why (bad token, fingerprint mismatch, hub unreachable)."""


def _keys_named(listed: Any, what: str) -> dict[str, bytes]:
    """``[{"kid", "public_key"}]`` as ``{kid: raw Ed25519 key}``; EnrollmentError when malformed."""
    try:
        keys = {str(k["kid"]): crypto.b64d(str(k["public_key"])) for k in listed}
        if not keys or any(len(v) != 32 for v in keys.values()):
            raise ValueError("empty or wrong length")
        for raw in keys.values():
            crypto.verify_key_from_bytes(raw)
    except (KeyError, TypeError, ValueError, crypto.CryptoError) as exc:
        raise EnrollmentError(f"the hub's {what} carries malformed keys") from exc
    return keys


def _fingerprinted(keys: dict[str, bytes], wanted: str) -> dict[str, bytes]:
    return {kid: raw for kid, raw in keys.items() if crypto.fingerprint(raw).lower() == wanted}


def enroll(store: Store, hub_url: str, token: str, *, ca_file: str = "", timeout_s: float = 10.0,
           bundle_key_fingerprint: str = "", hostname: str | None = None,
           trust_on_first_use: bool = False) -> Enrollment:
    """Make this terminal's key pair, register it with the hub, pin the bundle key, re-seal pending payloads.

    The bundle key decides which content the terminal will run, so it is never taken on trust from the
    enrolment answer (issue 16, finding 3): the hub's public keys are fetched first and must include the
    one ``bundle_key_fingerprint`` names, so a wrong hub is refused before the one-time token is spent;
    only that key is pinned. Without a fingerprint only a demo terminal (``trust_on_first_use``) enrols.
    """
    keys = store.keys
    wanted = bundle_key_fingerprint.strip().lower()
    if not wanted and not trust_on_first_use:
        raise EnrollmentError("no bundle key fingerprint: set sync.bundle_key_fingerprint (or --fingerprint) to "
                              "the one `kiosk-hub keys` shows; only a demo terminal may trust the hub's first answer")
    client = HubClient(hub_url, ca_file=ca_file, timeout_s=timeout_s)
    try:
        signing_key = crypto.new_signing_key()
        try:
            if wanted and not _fingerprinted(_keys_named(client.bundle_keys(), "key list"), wanted):
                raise EnrollmentError("no bundle key the hub lists matches sync.bundle_key_fingerprint; "
                                      "not enrolled, and the token was not used")
            answer = client.enroll(token, crypto.public_bytes(signing_key), hostname or socket.gethostname())
        except AuthError as exc:
            raise EnrollmentError(f"the hub refused the enrolment token ({exc.code or exc.status})") from exc
        except PermanentError as exc:
            raise EnrollmentError(f"the hub refused the enrolment: {exc}") from exc
        except TransientError as exc:
            raise EnrollmentError(f"the hub could not be reached: {exc}") from exc
    finally:
        client.close()
    try:
        sealing_key = crypto.b64d(str(answer["sealing_key"]))
        terminal_id = str(answer["terminal_id"])
        terminal_no = int(answer["terminal_no"])
        listed = answer["bundle_keys"]
    except (KeyError, TypeError, ValueError, crypto.CryptoError) as exc:
        raise EnrollmentError("the hub's enrolment answer is malformed") from exc
    bundle_keys = _keys_named(listed, "enrolment answer")
    if len(sealing_key) != 32:
        raise EnrollmentError("the hub's enrolment answer carries malformed keys")
    if wanted:
        bundle_keys = _fingerprinted(bundle_keys, wanted)
        if not bundle_keys:
            raise EnrollmentError("no bundle key the hub sent matches sync.bundle_key_fingerprint; not enrolled")
    keys.save_terminal_key(signing_key)
    if answer.get("otp_secret"):
        keys.save_otp_secret(str(answer["otp_secret"]))
    enrollment = Enrollment(
        hub_url=client.base_url, terminal_id=terminal_id, terminal_no=terminal_no,
        district=str(answer.get("district", "")), community=str(answer.get("community", "")),
        sealing_key=sealing_key, bundle_keys=bundle_keys, enrolled_at=datetime.now(UTC).isoformat(),
    )
    keys.save_enrollment(enrollment)
    store.outbox.reseal_pending()
    store.audit_log.record(AuditRecord(AuditEvent.ENROLLED, store.clock.now(), {"terminal_id": terminal_id}))
    return enrollment


@dataclass
class SyncReport:
    started_at: str
    ok: bool = True
    delivered: int = 0
    quarantined: int = 0
    queue_depth: int = 0
    bundle_version: int = 0
    bundle_current: bool = False
    statuses: int = 0
    commands: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class SyncService:
    """Owns the hub client and runs sync rounds, on demand or on a background thread."""

    def __init__(self, settings: Any, store: Store, *, clock: Clock | None = None,
                 bundles: BundleManager | None = None, status_provider: StatusProvider | None = None,
                 is_idle: Callable[[], bool] = lambda: True, clock_guard: ClockGuard | None = None) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock or SystemClock()
        self.clock_guard = clock_guard or ClockGuard(self.clock, store.submissions.latest_record_at)
        self.bundles = bundles or BundleManager(store)
        self.status_provider = status_provider
        self.is_idle = is_idle
        self._listeners: list[EventListener] = []
        self._client: HubClient | None = None
        self._client_key: tuple[Any, ...] | None = None
        self._round_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen_commands: list[str] = []
        self.remote = RemoteState(store.state)
        # The software update (issue 20): the heartbeat reports it and hands the hub's release offer and this
        # start's health marks to the updater (kiosk.update.channel); None in the CLI.
        self.updates: AppChannel | None = None
        self.bundles.subscribe(lambda ev, data: self._emit(f"bundle_{ev}", data))

    # --- events ---------------------------------------------------------------------------------------

    def subscribe(self, listener: EventListener) -> None:
        self._listeners.append(listener)

    def _emit(self, event: str, data: dict[str, Any]) -> None:
        for fn in list(self._listeners):
            try:
                fn(event, data)
            except Exception:  # a UI callback's bug must not stop sync
                log.exception("sync listener failed")

    # --- client -----------------------------------------------------------------------------------------

    def client(self) -> HubClient | None:
        """The hub client for the current enrolment, or None when not enrolled / no hub configured."""
        enrollment = self.store.keys.enrollment()
        key = self.store.keys.terminal_key()
        if enrollment is None or key is None:
            return None
        url = self.settings.sync.hub_url or enrollment.hub_url
        if not url:
            return None
        ident = (url, enrollment.terminal_id, crypto.public_bytes(key), self.settings.sync.ca_file)
        if self._client is None or self._client_key != ident:
            if self._client is not None:
                self._client.close()
            self._client = HubClient(url, ca_file=self.settings.sync.ca_file, timeout_s=self.settings.sync.timeout_s,
                                     terminal_id=enrollment.terminal_id, signing_key=key,
                                     wall_clock=lambda: self.clock.now().timestamp())
            self._client_key = ident
        return self._client

    def close(self) -> None:
        self.stop()
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- one round ---------------------------------------------------------------------------------------

    def run_once(self, *, heartbeat: bool = True) -> SyncReport:
        with self._round_lock:
            return self._round(heartbeat)

    def _round(self, heartbeat: bool) -> SyncReport:
        report = SyncReport(started_at=self.clock.now().isoformat())
        self._emit("round_started", {})
        updates = self.updates
        if updates is not None:  # the updater installs only while no resident session runs
            self._step(report, "activity", lambda: updates.report_activity(self.is_idle()))
            self._step(report, "update events", lambda: updates.events.import_into(self.store.audit_log.record))
        client = self.client()
        if client is None:
            report.ok = False
            report.errors.append("not enrolled")
        else:
            self._step(report, "reseal", self.store.outbox.reseal_pending)
            self._step(report, "outbox", lambda: self._drain(client, report))
            self._step(report, "bundle", lambda: self._bundle(client, report))
            self._step(report, "statuses", lambda: self._statuses(client, report))
            self._step(report, "purge", lambda: self.store.purge(self.settings.sync.stub_retention_days))
            if heartbeat:
                self._step(report, "heartbeat", lambda: self._heartbeat(client, report))
        self._step(report, "disk", self._disk_budget)
        self._step(report, "integrity", self._quiet_hour_integrity_check)
        report.queue_depth = self.store.outbox.depth()
        report.bundle_version = self.bundles.active_version()
        now = self.clock.now().isoformat()
        if report.errors:
            report.ok = False
        try:
            if report.errors:
                self.store.state.set("last_error", f"{now} {report.errors[0]}"[:500])
            else:
                self.store.state.set("last_success", now)
        except StorageFault as exc:  # a full disk: the round's outcome is still reported (heartbeat, UI)
            report.ok = False
            report.errors.append(f"state: {exc.code}")
        self._emit("round_done", asdict(report))
        return report

    def deliver_now(self, kind: str, body: dict[str, Any]) -> bool:
        """Send one item straight to the hub, not through the outbox: for alerts when the store cannot take them.

        Used for a call-staff alert on a full or broken disk. True when the hub holds it.
        """
        client = self.client()
        if client is None:
            return False
        item = {"id": str(uuid.uuid4()), "kind": kind, "created_at": self.clock.now().isoformat(), "body": body}
        with self._round_lock:
            try:
                answers = client.post_outbox([item])
            except HubError as exc:
                log.warning("direct delivery of %s failed: %s", kind, exc)
                return False
        return any(a.get("id") == item["id"] and a.get("status") in ("accepted", "duplicate") for a in answers)

    def _step(self, report: SyncReport, name: str, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except AuthError as exc:
            if exc.code == "stale_request":  # even signed with the hub's time: say "clock", not "bad signature"
                report.errors.append(f"{name}: this terminal's clock is wrong (CLK-WRONG): {exc}")
            else:
                report.errors.append(f"{name}: {exc}")
        except HubError as exc:
            report.errors.append(f"{name}: {exc}")
        except BundleRefused as exc:
            report.errors.append(f"{name}: refused: {exc}")
        except StorageFault as exc:
            report.errors.append(f"{name}: storage {exc.fault} ({exc.code})")
        except Exception as exc:
            log.exception("sync step %s failed", name)
            report.errors.append(f"{name}: {type(exc).__name__}")

    def _drain(self, client: HubClient, report: SyncReport) -> None:
        result = OutboxSender(self.store.outbox, client).drain()
        report.delivered += result.delivered
        report.quarantined += result.quarantined
        if result.error:
            raise TransientError(result.error)

    def _bundle(self, client: HubClient, report: SyncReport) -> None:
        have = self.bundles.active_version()
        staged = self.bundles.pending()
        manifest = client.get_bundle(staged or have)
        if manifest is None:
            report.bundle_current = True
        else:
            try:
                self.bundles.stage(manifest, lambda sha, size: client.get_item(sha, max_bytes=size))
            except BundleRefused as exc:
                self.store.audit_log.record(AuditRecord(AuditEvent.BUNDLE_REFUSED, self.clock.now(),
                                              {"reason": str(exc)[:200]}))
                raise
        if self.bundles.pending() is not None:
            before = self.bundles.active_version()
            if self.bundles.activate_if_idle(self.is_idle):
                self.store.audit_log.record(AuditRecord(AuditEvent.BUNDLE_ACTIVATED, self.clock.now(),
                                              {"version": self.bundles.active_version(), "previous": before}))
                report.bundle_current = True
            elif self.bundles.pending() is None:  # it was tried and rolled back
                self.store.audit_log.record(AuditRecord(AuditEvent.BUNDLE_ROLLED_BACK, self.clock.now(),
                                              {"active": before}))
                raise BundleRefused("the new bundle failed to activate; the previous one stays")
            if self.bundles.pending() is not None:  # staged, waiting for a pause between sessions
                report.bundle_current = False

    def _disk_budget(self) -> None:
        data_dir = self.store.path.parent
        enforce(data_dir, low=not assess(data_dir, store=self.store, now=self.clock.now()).ok)

    def _quiet_hour_integrity_check(self) -> None:
        """Once a day in the quiet hour, between sessions: the full ``PRAGMA integrity_check``.

        The start-up check is the quick one (it skips the index cross-checks); this one reads
        everything. A failure is kept in the store (``integrity_failed``): the heartbeat shows the
        database damaged, and the next start recovers it (:func:`sync.recovery.check` reads it).
        """
        now = self.clock.now()
        if now.hour != QUIET_HOUR or self.store.state.get("integrity_checked_on") == now.date().isoformat():
            return
        if not self.is_idle():
            return
        result = self.store.db.integrity_check()
        self.store.state.set("integrity_checked_on", now.date().isoformat())
        if result != "ok":
            self.store.state.set(INTEGRITY_FAILED_KEY, f"{now.isoformat()} {result[:300]}")
            log.error("quiet-hour integrity check failed; the database is recovered at the next start")

    def _statuses(self, client: HubClient, report: SyncReport) -> None:
        for _ in range(100):  # bounded: 100 pages a round
            cursor = self.store.state.get(STATUS_CURSOR_KEY)
            page = client.get_statuses(cursor)
            statuses = page["statuses"]
            new_cursor = page.get("cursor")
            report.statuses += self.store.statuses.apply(statuses, str(new_cursor) if new_cursor is not None else None)
            if not statuses or new_cursor is None or str(new_cursor) == cursor:
                return

    def heartbeat_body(self) -> dict[str, Any]:
        extra = self.status_provider() if self.status_provider else {}
        active = self.bundles.active()
        storage = assess(self.store.path.parent, store=self.store, now=self.clock.now())
        disk = storage.free_mb
        body: dict[str, Any] = {
            "at": self.clock.now().isoformat(),
            "app_version": APP_VERSION,
            "schema_version": int(self.store.schema_version),
            "bundle_version": active.version if active else 0,
            "forms": active.versions("form") if active else {},
            "devices": extra.get("devices", {}),
            "printer": extra.get("printer"),
            "outbox_depth": self.store.outbox.depth(),
            "quarantined": len(self.store.outbox.quarantined()),
            "last_sync": self.store.state.get("last_success"),
            "last_error": self.store.state.get("last_error"),
            "disk_free_mb": round(disk, 1) if disk is not None else None,
            "uptime_s": round(time.monotonic() - _STARTED, 1),
            "storage": {k: v for k, v in storage.as_json().items() if k != "next_step"},
            "clock": self.clock_guard.state().as_json(),
            "maintenance": self.remote.maintenance(),
            "command_results": self.remote.results(),
            "software": status_of(self.settings.update.state_dir / "state.json", APP_VERSION),
        }
        self.remote.observe(body["devices"], self.clock.now())
        body["faults"] = self.remote.unreported_faults()
        for key in ("devices", "printer"):
            extra.pop(key, None)
        body.update({k: v for k, v in extra.items() if k not in body})
        return body

    def report_command(self, command_id: str, name: str, ok: bool, detail: str) -> None:
        """Keep a command's outcome for the next heartbeat (in the store: a restart does not lose it), audited."""
        now = self.clock.now()
        self.remote.add_result(command_id, name, ok, detail, now)
        self.store.audit_log.record(AuditRecord(AuditEvent.TECH_ACTION, now, {
            "action": f"hub_command:{name}"[:60], "command_id": command_id[:40], "ok": ok, "detail": detail[:200]},
            staff_id="hub"))

    def _own_command(self, command_id: str, name: str) -> None:
        """The commands the sync service answers itself."""
        if name == "sync_now":
            self._wake.set()
            self.report_command(command_id, name, True, "a sync round follows at once")
        elif name in ("maintenance_on", "maintenance_off"):
            self.remote.set_maintenance(name == "maintenance_on", "console", self.clock.now())
            self.report_command(command_id, name, True, "in maintenance" if name == "maintenance_on"
                                else "maintenance ended")

    def _heartbeat(self, client: HubClient, report: SyncReport) -> None:
        if client.clock_offset:  # learnt from a stale_request answer this round
            self.clock_guard.observe_offset(client.clock_offset)
        body = self.heartbeat_body()
        reply = client.heartbeat(body)
        self.remote.results_reported({str(r["id"]) for r in body["command_results"]})
        if body["faults"]:
            self.remote.faults_reported(max(int(f["seq"]) for f in body["faults"]))
        try:
            self.clock_guard.observe_hub_time(datetime.fromisoformat(str(reply.get("server_time"))))
        except ValueError:
            pass
        commands = reply.get("commands") or []
        for cmd in commands if isinstance(commands, list) else []:
            if not isinstance(cmd, dict) or "name" not in cmd:
                continue
            cid = str(cmd.get("id", ""))
            if cid and cid in self._seen_commands:
                continue
            self._seen_commands = (self._seen_commands + [cid])[-200:]
            name = str(cmd["name"])
            report.commands.append(name)
            self._own_command(cid, name)
            self._emit("command", {"id": cid, "name": name})
        if self.updates is not None:  # last: the answer's other parts are handled even if the disk is full
            self.updates.offer_received(reply.get("release"))
            self.updates.mark("heartbeat")

    # --- status for the CLI and the technician screen ------------------------------------------------------

    def status(self) -> dict[str, Any]:
        return sync_status(self.store, self.bundles)

    # --- background thread -----------------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="kiosk-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def sync_now(self) -> None:
        """Ask the background thread for a round as soon as possible (returns at once)."""
        self._wake.set()

    def _loop(self) -> None:
        last_heartbeat = 0.0
        while not self._stop.is_set():
            due_heartbeat = time.monotonic() - last_heartbeat >= self.settings.sync.heartbeat_s
            try:
                self.run_once(heartbeat=due_heartbeat)
            except Exception:
                log.exception("sync round failed")
            if due_heartbeat:
                last_heartbeat = time.monotonic()
            wait = min(self.settings.sync.interval_s, self.settings.sync.heartbeat_s)
            nxt = self.store.outbox.next_due_at()
            if nxt is not None:
                wait = max(0.5, min(wait, nxt - self.clock.now().timestamp()))
            self._wake.wait(wait)
            self._wake.clear()


def sync_status(store: Store, bundles: BundleManager | None = None) -> dict[str, Any]:
    """The five figures ``kiosk sync status`` prints, plus a few more for the technician."""
    bundles = bundles or BundleManager(store)
    enrollment = store.keys.enrollment()
    storage = assess(store.path.parent, store=store, now=store.clock.now())
    return {
        "queue_depth": store.outbox.depth(),
        "quarantined": len(store.outbox.quarantined()),
        "last_success": store.state.get("last_success"),
        "last_error": store.state.get("last_error"),
        "bundle_version": bundles.active_version(),
        "bundle_pending": bundles.pending(),
        "schema_version": store.schema_version,
        "enrolled": enrollment is not None,
        "terminal_id": enrollment.terminal_id if enrollment else None,
        "storage": storage.as_json(),
    }
