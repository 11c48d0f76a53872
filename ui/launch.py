"""``kiosk demo`` and ``kiosk run`` after the first frame (``ui.start``): services, content, sync and the window."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from contract.settings import Settings
from kiosk.content import Content, content_from_bundle, load_sample_content
from kiosk.flow.rows import notice_rows
from kiosk.printing import status_to_dict
from kiosk.update.channel import AppChannel
from sync.bundles import ActiveBundle, BundleManager
from sync.service import SyncService
from terminal.bootstrap import ConfigurationError, Services, build_services
from terminal.cli import EXIT_USAGE
from terminal.diag.checks import COMPONENTS, DiagContext, run_checks
from terminal.diag.inventory import inventory
from terminal.update_system import app_channel
from terminal.watchdog import Notifier
from ui.app import KioskApp
from ui.first_frame import AttractCard, FirstFrame, ensure_qt_app
from ui.out_of_service import close_recovery_window, show_out_of_service, show_while_recovering
from ui.start import config_file

log = logging.getLogger(__name__)


def load_content(services: Services) -> Content:
    """The active platform bundle's content when there is one, else the bundled sample content."""
    bundles = services.bundles
    active = bundles.active() if bundles is not None else None
    if active is not None:
        try:
            return content_from_bundle(active)
        except Exception:  # a bad bundle must not stop the terminal: the sample set keeps it useful
            log.exception("active bundle unusable; using sample content")
    return load_sample_content()


class ContentWatch:
    """Applies every activated bundle to the running app, whoever activated it: its own sync thread or
    ``kiosk sync now`` in another process. Both only change the store, so the app compares the store's
    active version with the one its content came from (one indexed query every few seconds); the backend
    takes the new content between sessions, never in the middle of one."""

    INTERVAL_MS = 5000

    def __init__(self, services: Services) -> None:
        self.services = services
        self.version = 0

    def _active_version(self) -> int:
        bundles = self.services.bundles
        return bundles.active_version() if bundles is not None else 0

    def load(self) -> Content:
        """The content now active, remembering which version it came from."""
        self.version = self._active_version()
        return load_content(self.services)

    def changed(self) -> Content | None:
        """The new content when another bundle became active since the last load, else None."""
        if self._active_version() == self.version:
            return None
        return self.load()

    def apply_to(self, backend: Any) -> None:
        """One check (the timer's tick): a changed content goes to the backend, which keeps it for the next
        session when a resident is being served."""
        try:
            content = self.changed()
        except Exception:  # a store fault must not stop the GUI loop; the next tick tries again
            log.exception("could not check the active bundle")
            return
        if content is not None:
            backend.set_content(content)


def run_terminal(settings: Settings, size: tuple[int, int], args: argparse.Namespace, first: FirstFrame,
                 with_hub: bool) -> int:
    """Everything after the first frame (``ui.start``): the demo hub when asked for, then the terminal."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if not with_hub:
        return _run(settings, size, args, first)
    # Lazy: the demo hub's admin calls use requests (6 MB of RSS over the urllib3 the terminal keeps,
    # measured for issue 17), which only ``kiosk demo --with-hub`` needs.
    from ui.demo_hub import HubUnavailable, demo_hub

    try:
        with demo_hub(settings) as (url, admin_token):
            print(f"Platform hub at {url} (admin API token: {admin_token}); web console: {url}/console", flush=True)
            return _run(settings, size, args, first)
    except HubUnavailable as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(settings: Settings, size: tuple[int, int], args: argparse.Namespace, first: FirstFrame) -> int:
    qt = ensure_qt_app()
    try:
        services = build_services(settings, on_recovering=show_while_recovering)
    except ConfigurationError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    services.config_file = config_file(args)  # the technician's settings editor writes here
    updates = app_channel(settings)  # this start's health marks, for the updater's commit (issue 20)
    updates.start_health()
    updates.mark("store")  # opened, checked and migrated by build_services
    updates.events.import_into(services.store.record)  # what the updater did while the app was stopped
    sync = _start_sync(services)
    if sync is not None:
        sync.updates = updates
    watch = ContentWatch(services)
    content = watch.load()
    notifier = Notifier.from_env()
    try:
        try:
            app = KioskApp(services, content, size=size, fullscreen=settings.ui.fullscreen,
                           language=settings.ui.default_language)
        except RuntimeError:
            log.exception("QML failed to load")
            app = show_out_of_service(services)
        close_recovery_window()
        if hasattr(app, "backend"):
            app.backend.flow.lease = updates.session_lease()  # sessions and software installs exclude each other
            first.hand_over(app.window, lambda language: start_session(app, language))
            keep_attract_card(app)
            app.backend.contentRefreshed.connect(lambda: keep_attract_card(app))
            content_timer = QTimer()
            content_timer.setInterval(ContentWatch.INTERVAL_MS)
            content_timer.timeout.connect(lambda: watch.apply_to(app.backend))
            content_timer.start()
            if sync is not None:
                _attach_sync(app, sync, services)
            _mark_first_frame(app.window, updates)
        else:
            first.hand_over(app.window, lambda _language: None)
        keepalive = QTimer()
        interval = notifier.watchdog_interval_s()
        if interval:
            keepalive.setInterval(int(interval * 1000))
            keepalive.timeout.connect(notifier.keepalive)  # only fires while the GUI loop is alive
            keepalive.start()
        notifier.ready("kiosk running")
        print(f"kiosk {settings.mode}: {settings.terminal.centre_name_zh}; data in {settings.data_dir}", flush=True)
        return int(qt.exec())
    finally:
        notifier.stopping()
        if sync is not None:
            sync.stop()
        services.close()


def start_session(app: KioskApp, language: str) -> None:
    """A tap on the first frame, handed over: the session starts as the attract screen would start it."""
    app.backend.start()
    if language:
        app.backend.setLanguage(language)


def keep_attract_card(app: KioskApp) -> None:
    """What the next start's first frame shows: the centre's name and today's notices, in the default language."""
    settings = app.services.settings
    lang = settings.ui.default_language
    today = app.services.clock.now().date()
    rows = notice_rows(app.resident.content.notices, today, lang)
    t = settings.terminal
    card = AttractCard(t.centre_name_zh if lang == "zh_CN" else t.centre_name_en, lang, today.isoformat(),
                       [{"title": r["title"], "body": r["body"]} for r in rows])
    try:
        card.write(Path(settings.data_dir))
    except OSError:  # a full or read-only disk costs the next start its notices, nothing else
        log.warning("could not keep the attract card for the next start", exc_info=True)


def _mark_first_frame(window: Any, updates: AppChannel) -> None:
    """The health mark "first frame drawn": the resident screens reached the display (the out-of-service
    screen never marks it). frameSwapped comes from the render thread; the flag makes it one write."""
    drawn: list[bool] = []

    def once() -> None:
        if not drawn:
            drawn.append(True)
            updates.mark("first_frame")

    window.frameSwapped.connect(once)
    window.update()  # a frame after the connection, even if the first one was drawn before it


def _check_bundle(bundle: ActiveBundle) -> None:
    """A bundle the app cannot turn into content is rolled back at activation, never shown."""
    content_from_bundle(bundle)


def _start_sync(services: Services) -> SyncService | None:
    bundles = BundleManager(services.store, validator=_check_bundle)
    services.bundles = bundles
    enrolled = services.store.keys.enrollment() is not None
    if not (services.settings.sync.hub_url or enrolled):
        return None  # an offline terminal: everything queues in the outbox until it is enrolled
    sync = SyncService(services.settings, services.store, clock=services.clock, bundles=bundles,
                       clock_guard=services.clock_guard,
                       status_provider=lambda: _device_status(services))
    services.sync = sync
    sync.start()
    return sync


def _device_status(services: Services, content: Content | None = None) -> dict[str, Any]:
    """The heartbeat's device part: every component the technician overview shows except the platform (the
    hub sees that itself), so a fault on the terminal is a fault at the hub. The technician backend lends its
    context (the staff card monitor's readers, the last touch test) when it runs. ``content`` (what residents
    are offered) adds a failing "services" row when a service names a form the content lacks, so the fleet
    view alerts instead of staying green."""
    make_context = services.diag_context
    ctx = make_context() if make_context is not None else DiagContext(
        settings=services.settings, idcard=services.idcard, printer=services.printer, store=services.store)
    printer = status_to_dict(services.printer.status())
    checks = run_checks(ctx, tuple(c for c in COMPONENTS if c != "platform"))
    devices = {c.name: c.row() for c in checks}
    if content is not None and content.unoffered:
        devices["services"] = services_row(content)
    return {
        "printer": {k: printer[k] for k in ("online", "paper", "cover_open")},
        "devices": devices,
        "inventory": inventory(ctx),
    }


def services_row(content: Content) -> dict[str, Any]:
    """The heartbeat row of services shown without "apply here" because their form is not in the content."""
    missing = ", ".join(f"{sid} -> {fid}" for sid, fid in sorted(content.unoffered.items()))
    return {"name": "services", "status": "fail", "code": "CONTENT-FORM-MISSING",
            "detail": f"services naming a form this terminal does not have: {missing}"}


def _attach_sync(app: Any, sync: SyncService, services: Services) -> None:
    """Sync activates bundles only between sessions, and its heartbeat tells what residents are offered."""
    sync.is_idle = lambda: app.backend.screen == "attract"
    sync.status_provider = lambda: _device_status(services, app.resident.content)
