"""What the technician screen does, without Qt: checks, self-tests, the readiness report, the settings
editor's rows, the audit log view and the diagnostics bundle.

``ui/technician*.py`` only keeps screen state and runs these on worker threads, so everything
here is plain and blocking (call it off the GUI thread unless it says it is cheap). It lives in
the composition root because it reaches the store, the sync service and the concrete printers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

from devices.cups.jobs import CupsQueue
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.roles.staffcard import StaffCardReader
from sync.remote_state import RemoteState
from terminal.diag import bundle, selftest
from terminal.diag.checks import COMPONENTS, Check, DiagContext, Status, run_checks, worst
from terminal.diag.codes import CATALOGUE, describe
from terminal.diag.inventory import inventory
from terminal.diag.readiness import Site, build_report, print_a4_checklist, print_report, upload_report
from terminal.diag.selftest import ResultBook, TestResult
from terminal.diag.terminal import terminal_id
from terminal.settings_edit import EDITABLE, LIVE_KEYS, SettingsEditor, get_key

log = logging.getLogger(__name__)

AUDIT_SCAN = 100_000  # audit rows searched by the log filter
AUDIT_ROWS = 200  # rows the log page shows
REMOTE_TESTS = ("idcard", "pcsc", "cups", "network", "storage")  # the printer's test prints paper: on site only


def shown(value: Any) -> str:
    """A setting as the settings page shows and compares it (lists joined, booleans in lower case)."""
    if isinstance(value, list):
        return ", ".join(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def with_remedy(row: dict[str, Any]) -> dict[str, Any]:
    """A component row plus its code's catalogue entry in both languages (the screen picks its own)."""
    entry = describe(str(row.get("code", "")))
    return {**row, **({k: v for k, v in entry.as_json().items() if k != "code"} if entry else {})}


def overall_status(components: list[dict[str, Any]]) -> str:
    """The worst status of the shown component rows ("" before the first check)."""
    if not components:
        return ""
    return str(worst([Check(c["name"], Status(c["status"]), c.get("detail", "")) for c in components]))


def code_catalogue() -> list[dict[str, Any]]:
    return [c.as_json() for c in CATALOGUE.values()]


class TechnicianTools:
    """The terminal's services as the technician pages use them; one per running app."""

    def __init__(self, services: Any, *, config_file: Path, overrides: dict[str, Any]) -> None:
        self.services = services
        self.settings = services.settings
        self.store = services.store
        self.clock = services.clock
        self.monitor: StaffCardReader | None = None  # the staff card reader, once the screen started it
        self.config_file = config_file
        self.overrides = overrides
        self.results = ResultBook(Path(self.settings.data_dir))
        self.remote = RemoteState(self.store.state)
        self.restart: Callable[[], None] = lambda: None  # the screen hands the app's restart over (GUI thread)

    def terminal_id(self) -> str:
        """The enrolled id once enrolled (what the hub knows), else the settings' id (reads a file)."""
        return terminal_id(self.settings, self.store)

    # ------------------------------------------------------------------ checks
    def context(self) -> DiagContext:
        """Cheap: what the checks need. The staff card reader's own readers, never a second PC/SC probe."""
        touch = self.results.get("touchscreen")
        monitor = self.monitor
        return DiagContext(settings=self.settings, idcard=self.services.idcard, printer=self.services.printer,
                           store=self.store, documents=self.document_queue(),
                           pcsc_snapshot=monitor.snapshot if monitor is not None else None,
                           touch_result=(touch or {}).get("data"), clock_now=self.clock.now)

    def document_queue(self) -> CupsQueue | None:
        queue = self.settings.document_printer.queue
        if not queue:
            return None
        try:
            return CupsQueue(queue)
        except ValueError:
            return None

    def components(self, ctx: DiagContext) -> tuple[list[dict[str, Any]], str]:
        """The overview's rows (with remedies) and the terminal id."""
        return [with_remedy(c.row()) for c in run_checks(ctx, COMPONENTS)], self.terminal_id()

    # ------------------------------------------------------------------ self-tests
    def simulated(self, section: str) -> bool:
        return str(getattr(self.settings, section).driver) in ("simulator", "fake")

    def self_test(self, device: str) -> Callable[[], TestResult] | None:
        """The blocking test of ``device`` (None for an unknown one); its context is taken now."""
        services, settings, store = self.services, self.settings, self.store
        sim, ctx = self.simulated, self.context()
        fns: dict[str, Callable[[], TestResult]] = {
            "idcard": lambda: selftest.selftest_idcard(services.idcard, is_simulated=sim("idcard")),
            "printer": lambda: selftest.print_test_page(services.printer),
            "pcsc": lambda: selftest.selftest_pcsc(ctx),
            "cups": lambda: selftest.selftest_cups(self.document_queue()),
            "network": lambda: selftest.selftest_network(settings, store),
            "sync": lambda: selftest.selftest_sync(store),
            "storage": lambda: selftest.selftest_storage(settings, store),
        }
        return fns.get(device)

    def confirm_print(self, device: str, printed_ok: bool) -> TestResult:
        return selftest.confirm_print(self.results.get(device), printed_ok, device,
                                      simulated=device == "printer" and self.simulated("printer"))

    @staticmethod
    def touch(targets: int, hits: int, misses: int, missed: list[str]) -> TestResult:
        return selftest.selftest_touch(targets, hits, misses, missed=[str(m)[:8] for m in missed[:100]])

    def sync_test(self, *, force: bool, retry: bool) -> Callable[[], TestResult]:
        store, sync = self.store, self.services.sync
        return lambda: selftest.selftest_sync(store, sync, force=force, retry_quarantined=retry)

    def site(self) -> Site:
        """The site checklist's header: the centre, and the terminal as the hub numbers it (reads a file)."""
        enrollment = self.store.keys.enrollment()
        number = f"{enrollment.terminal_no}号终端 " if enrollment is not None else ""
        return Site(self.settings.terminal.centre_name_zh, f"{number}{self.terminal_id()}")

    def readiness(self, staff_id: str) -> Callable[[], dict[str, Any]]:
        """All checks in one run, printed as the site checklist (receipt, and A4 when there is a document
        printer) and queued for the hub."""
        ctx, printer, store, clock = self.context(), self.services.printer, self.store, self.clock
        results = self.results.all()

        def work() -> dict[str, Any]:
            report = build_report(ctx, terminal_id=self.terminal_id(), staff_id=staff_id, results=results,
                                  now=clock.now())
            site = self.site()
            outcome = print_report(printer, report, site)
            a4 = print_a4_checklist(ctx.documents, report, site)
            item = upload_report(store, report)
            return {"overall": report["overall"], "printed": bool(outcome.ok), "print_reason": outcome.reason or "",
                    "queued": bool(item), "components": report["components"], "at": report["at"], "a4": a4}

        return work

    # ------------------------------------------------------------------ settings
    def settings_rows(self, pending: dict[str, Any], saved: dict[str, str],
                      errors: dict[str, Any]) -> list[dict[str, Any]]:
        """One row per editable key: the value shown (pending, else saved, else running) and its choices."""
        rows = []
        for key, kind in EDITABLE.items():
            value = pending.get(key, saved.get(key, get_key(self.settings, key)))
            section, name = key.split(".", 1)
            field = type(getattr(self.settings, section)).model_fields[name]
            choices = [str(c) for c in get_args(field.annotation)] if kind == "choice" else []
            if kind == "int" and get_args(field.annotation):
                choices = [str(c) for c in get_args(field.annotation)]
            rows.append({"key": key, "kind": kind, "value": shown(value), "choices": choices,
                         "changed": key in pending, "restart": key in saved, "error": str(errors.get(key, ""))})
        return rows

    def shown_setting(self, key: str, saved: dict[str, str]) -> str:
        return shown(saved.get(key, get_key(self.settings, key)))

    def settings_job(self, changes: dict[str, Any], staff_id: str, *, save: bool) -> Callable[[], dict[str, Any]]:
        """Test (``save=False``) or save the pending changes; the result as the settings page shows it."""
        editor = SettingsEditor(self.config_file, self.store, self.clock, overrides=self.overrides or None)
        current = self.settings

        def work() -> dict[str, Any]:
            if save:
                res = editor.apply(changes, staff_id, current=current)
                return {"ok": res.ok, "saved": res.ok, "errors": res.errors, "restart": res.restart_needed,
                        "tests": [{"key": t.key, "ok": t.ok, "detail": t.detail} for t in res.tests]}
            cand, errors = editor.validate(changes)
            tests = editor.test(cand, changes) if cand is not None else []
            return {"ok": cand is not None and all(t.ok for t in tests), "saved": False, "errors": errors,
                    "restart": False, "tests": [{"key": t.key, "ok": t.ok, "detail": t.detail} for t in tests]}

        return work

    @staticmethod
    def needs_restart(changes: dict[str, Any]) -> dict[str, str]:
        """The saved changes the running app only takes at the next start."""
        return {k: str(v) for k, v in changes.items() if k not in LIVE_KEYS}

    # ------------------------------------------------------------------ logs
    def audit_rows(self, event_prefix: str, staff_id: str) -> list[dict[str, Any]]:
        """The newest audit events first, filtered by event prefix and staff id."""
        rows = []
        for event, at, detail, staff in reversed(self.store.audit_events(limit=AUDIT_SCAN)):
            if event_prefix and not event.startswith(event_prefix):
                continue
            if staff_id and (staff or "") != staff_id:
                continue
            text = ", ".join(f"{k}={v}" for k, v in sorted(detail.items()))
            rows.append({"event": event, "at": at[:19].replace("T", " "), "staff": staff or "", "detail": text[:160]})
            if len(rows) >= AUDIT_ROWS:
                break
        return rows

    # ------------------------------------------------------------------ fault history (issue 24)
    def fault_rows(self) -> list[dict[str, Any]]:
        """The kept component state changes, newest first, each with its code's catalogue entry, so the
        technician on site sees what the hub's timeline shows: when it broke, how often, what it was."""
        return [with_remedy({**f, "at": str(f.get("at", ""))[:19].replace("T", " ")})
                for f in reversed(self.remote.fault_history())]

    # ------------------------------------------------------------------ diagnostics bundle
    def export_bundle(self, target: str, staff_id: str) -> Callable[[], dict[str, Any]]:
        """``usb``: write to the first mounted stick (none mounted: a plain failure, never the internal disk);
        ``hub``: queue it for the hub (the screen then follows the outbox item).

        ``state`` of the result: ``written``, ``queued``, ``no_usb``, ``too_big``."""
        ctx, results, clock, store = self.context(), self.results.all(), self.clock, self.store
        bundles = self.services.bundles

        def work() -> dict[str, Any]:
            tid = self.terminal_id()
            mounts = bundle.usb_mounts() if target == "usb" else []
            if target == "usb" and not mounts:
                return {"ok": False, "target": target, "state": "no_usb", "detail": "no USB stick mounted"}
            now = clock.now()
            data = bundle.build_bundle(ctx, results=results, now=now, bundles=bundles)
            name = bundle.bundle_name(tid, now)
            out: dict[str, Any] = {"target": target, "bytes": len(data), "name": name}
            if target == "hub":
                try:
                    item = bundle.queue_for_hub(store, data, tid, name)
                except ValueError as exc:
                    return {**out, "ok": False, "state": "too_big", "detail": str(exc)}
                out.update(ok=False, state="queued", item=item, path="hub")
            else:
                out.update(ok=True, state="written", path=str(bundle.write_bundle(mounts[0] / name, data)))
            store.record(AuditRecord(AuditEvent.DIAG_BUNDLE_EXPORTED, now, {"target": target, "bytes": len(data)},
                                     staff_id=staff_id))
            return out

        return work

    # ------------------------------------------------------------------ remote help (issue 24)
    def maintenance(self, on: bool, staff_id: str) -> None:
        """The technician mode opened (``on``) or closed: the heartbeat says "in maintenance" meanwhile."""
        self.remote.set_maintenance(on, "technician", self.clock.now())  # one whole value: no lock to share
        log.info("maintenance %s (%s)", "on" if on else "off", staff_id or "-")

    def inventory(self) -> dict[str, dict[str, Any]]:
        return inventory(self.context())

    def on_sync_event(self, name: str, data: dict[str, Any]) -> None:
        """On the sync thread: carry out the hub's commands that need the terminal's devices, and report back."""
        if name != "command":
            return
        handlers: dict[str, Callable[[], tuple[bool, str]]] = {
            "upload_diagnostics": self._upload_for_hub, "run_selftests": self._remote_self_tests,
            "restart_app": self._remote_restart}
        handler = handlers.get(str(data.get("name")))
        if handler is None:
            return
        try:
            ok, detail = handler()
        except Exception as exc:
            log.exception("hub command %s failed", data.get("name"))
            ok, detail = False, f"{type(exc).__name__}: {exc}"[:300]
        if self.services.sync is not None:
            self.services.sync.report_command(str(data.get("id", "")), str(data["name"]), ok, detail)

    def _upload_for_hub(self) -> tuple[bool, str]:
        now = self.clock.now()
        tid = self.terminal_id()
        archive = bundle.build_bundle(self.context(), results=self.results.all(), now=now,
                                      bundles=self.services.bundles)
        name = bundle.bundle_name(tid, now)
        bundle.queue_for_hub(self.store, archive, tid, name)
        self.store.record(AuditRecord(AuditEvent.DIAG_BUNDLE_EXPORTED, now,
                                      {"target": "hub_command", "bytes": len(archive)}))
        return True, f"{name} queued ({len(archive)} bytes)"

    def _remote_self_tests(self) -> tuple[bool, str]:
        """The self-tests that need nobody on site, kept like the screen's (they show there and in the bundle)."""
        outcomes = []
        for device in REMOTE_TESTS:
            fn = self.self_test(device)
            if fn is None:
                continue
            result = self.results.put(fn())
            outcomes.append(f"{device} {result.status}")
        return not any(o.endswith(" fail") for o in outcomes), ", ".join(outcomes)

    def _remote_restart(self) -> tuple[bool, str]:
        self.store.record(AuditRecord(AuditEvent.TECH_ACTION, self.clock.now(), {"action": "restart_app"},
                                      staff_id="hub"))
        self.restart()
        return True, "restarting"
