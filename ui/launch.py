"""``kiosk demo`` and ``kiosk run``: settings, services, content, sync and the window, in one place."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from contract.settings import Settings, default_data_dir, load_settings, settings_file
from kiosk.content import Content, content_from_bundle, load_sample_content
from kiosk.printing import status_to_dict
from sync.bundles import ActiveBundle, BundleManager
from sync.service import SyncService
from terminal.bootstrap import ConfigurationError, Services, build_services
from terminal.cli import EXIT_USAGE
from terminal.diag.checks import COMPONENTS, DiagContext, run_checks
from terminal.diag.inventory import inventory
from terminal.logging_setup import configure_logging
from terminal.watchdog import Notifier
from ui import virtual_display
from ui.app import KioskApp, ensure_qt_app
from ui.demo_hub import HubUnavailable, demo_hub, hub_command
from ui.out_of_service import close_recovery_window, show_out_of_service, show_while_recovering

log = logging.getLogger(__name__)


def config_file(args: argparse.Namespace) -> Path:
    """The settings file this run reads and the technician screen saves to: ``--config``, else the demo's
    own file in its data directory, else :func:`contract.settings.settings_file`. The demo never touches /etc."""
    if args.config:
        return Path(args.config)
    if args.gui_mode == "demo":
        return default_data_dir() / "kiosk.toml"
    return settings_file()


def _settings(args: argparse.Namespace) -> Settings:
    demo = args.gui_mode == "demo"
    overrides: dict[str, Any] = {}
    if demo:
        overrides = {"mode": "demo", "ui": {"dev_dock": True}}
        if args.size:
            overrides["ui"]["size"] = f"{args.size[0]}x{args.size[1]}"
        if args.lang:
            overrides["ui"]["default_language"] = args.lang
        if args.windowed:
            overrides["ui"]["fullscreen"] = False
    return load_settings(config_file(args), overrides=overrides, missing_ok=not args.config)


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


def run_gui(args: argparse.Namespace) -> int:
    with_hub = bool(getattr(args, "with_hub", False))
    if with_hub:
        try:
            hub_command()
        except HubUnavailable as exc:
            print(f"kiosk: {exc}", file=sys.stderr)
            return EXIT_USAGE
    configure_logging()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    settings = _settings(args)
    size = tuple(int(x) for x in settings.ui.size.split("x"))
    vdisplay = None
    if not os.environ.get("QT_QPA_PLATFORM"):
        if not virtual_display.has_display():
            if settings.mode == "production":
                print("kiosk: no display (DISPLAY/WAYLAND_DISPLAY unset); run it under cage", file=sys.stderr)
                return EXIT_USAGE
            vdisplay = virtual_display.start(size)  # type: ignore[arg-type]
            os.environ["DISPLAY"] = vdisplay.display
            os.environ["QT_QPA_PLATFORM"] = "xcb"
            where = f"VNC at 127.0.0.1:{vdisplay.vnc_port} (e.g. `vncviewer 127.0.0.1:{vdisplay.vnc_port}`)" \
                if vdisplay.vnc_port else f"X display {vdisplay.display} (install x11vnc to reach it over VNC)"
            print(f"No display found: the kiosk runs on a virtual screen; see and touch it through {where}.",
                  flush=True)
    try:
        if with_hub:
            with demo_hub(settings) as (url, admin_token):
                print(f"Platform hub at {url} (admin API token: {admin_token}); web console: {url}/console",
                      flush=True)
                return _run(settings, size, args)  # type: ignore[arg-type]
        return _run(settings, size, args)  # type: ignore[arg-type]
    except HubUnavailable as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if vdisplay is not None:
            vdisplay.stop()


def _run(settings: Settings, size: tuple[int, int], args: argparse.Namespace) -> int:
    qt = ensure_qt_app()
    try:
        services = build_services(settings, on_recovering=show_while_recovering)
    except ConfigurationError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    services.config_file = config_file(args)  # the technician's settings editor writes here
    sync = _start_sync(services)
    content = load_content(services)
    notifier = Notifier.from_env()
    try:
        try:
            app = KioskApp(services, content, size=size, fullscreen=settings.ui.fullscreen,
                           language=settings.ui.default_language)
        except RuntimeError:
            log.exception("QML failed to load")
            app = show_out_of_service(services)
        close_recovery_window()
        if sync is not None and hasattr(app, "backend"):
            _bridge_sync(app, sync, services)
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


def _device_status(services: Services) -> dict[str, Any]:
    """The heartbeat's device part: every component the technician overview shows except the platform (the
    hub sees that itself), so a fault on the terminal is a fault at the hub. The technician backend lends its
    context (the staff card monitor's readers, the last touch test) when it runs."""
    make_context = services.diag_context
    ctx = make_context() if make_context is not None else DiagContext(
        settings=services.settings, idcard=services.idcard, printer=services.printer, store=services.store)
    printer = status_to_dict(services.printer.status())
    checks = run_checks(ctx, tuple(c for c in COMPONENTS if c != "platform"))
    return {
        "printer": {k: printer[k] for k in ("online", "paper", "cover_open")},
        "devices": {c.name: c.row() for c in checks},
        "inventory": inventory(ctx),
    }


class _Bridge(QObject):
    """Carries "a bundle was activated" from the sync thread to the GUI thread."""

    activated = Signal()


def _bridge_sync(app: Any, sync: SyncService, services: Services) -> None:
    """A newly activated bundle becomes the content of the next session (never the current one)."""
    bridge = _Bridge()
    app._sync_bridge = bridge

    def on_event(name: str, data: dict[str, Any]) -> None:
        if name == "bundle_activated":
            bridge.activated.emit()

    def reload() -> None:
        app.backend.set_content(load_content(services))

    bridge.activated.connect(reload)
    sync.subscribe(on_event)
    sync.is_idle = lambda: app.backend.screen == "attract"
