"""``kiosk demo`` and ``kiosk run`` up to the first frame: settings, the display, the attract screen.

Only Qt, the settings and the standard library are imported before the attract screen is drawn (see
``ui.first_frame``); the rest of the terminal (``ui.launch``: store, sync, devices, the full QML scene) is
imported on a worker thread while the resident walks up, then built on the GUI thread.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Signal

from contract.settings import Settings, default_data_dir, load_settings, settings_file
from terminal.cli import EXIT_USAGE
from terminal.logging_setup import configure_logging
from ui import virtual_display
from ui.first_frame import AttractCard, FirstFrame, ensure_qt_app

HEAVY = "ui.launch"


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
        # the face check runs in the demo on the simulated camera (the dock chooses what it sees)
        # and the document camera on its simulator (the dock changes the paper under it)
        overrides = {"mode": "demo", "ui": {"dev_dock": True}, "camera": {"driver": "simulator"},
                     "doccam": {"driver": "simulator"}}
        if args.size:
            overrides["ui"]["size"] = f"{args.size[0]}x{args.size[1]}"
        if args.lang:
            overrides["ui"]["default_language"] = args.lang
        if args.windowed:
            overrides["ui"]["fullscreen"] = False
    return load_settings(config_file(args), overrides=overrides, missing_ok=not args.config)


class _Imported(QObject):
    done = Signal()


def import_in_background(name: str) -> ModuleType:
    """Import ``name`` on a worker thread while the GUI thread keeps drawing (and taking taps); re-raises
    the import's error on the GUI thread. Importing defines classes only: no QObject is created there."""
    loop, signal = QEventLoop(), _Imported()
    signal.done.connect(loop.quit)
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["module"] = importlib.import_module(name)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread below, never swallowed
            box["error"] = exc
        signal.done.emit()

    worker = threading.Thread(target=work, name=f"import {name}", daemon=True)
    worker.start()
    if worker.is_alive() or not box:
        loop.exec()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["module"]  # type: ignore[no-any-return]


def first_frame(settings: Settings, size: tuple[int, int]) -> FirstFrame:
    lang = settings.ui.default_language
    t = settings.terminal
    card = AttractCard.read(Path(settings.data_dir), t.centre_name_zh if lang == "zh_CN" else t.centre_name_en,
                            lang, date.today())
    return FirstFrame(card, size=size, fullscreen=settings.ui.fullscreen)


def run_gui(args: argparse.Namespace) -> int:
    with_hub = bool(getattr(args, "with_hub", False))
    if with_hub:
        # Lazy: the demo hub brings sync and the HTTP client (~1 s of imports measured on this machine),
        # which a terminal never needs before its first frame.
        from ui.demo_hub import HubUnavailable, hub_command
        try:
            hub_command()
        except HubUnavailable as exc:
            print(f"kiosk: {exc}", file=sys.stderr)
            return EXIT_USAGE
    configure_logging()
    settings = _settings(args)
    size: tuple[int, int] = tuple(int(x) for x in settings.ui.size.split("x"))  # type: ignore[assignment]
    vdisplay = None
    if not os.environ.get("QT_QPA_PLATFORM"):
        if not virtual_display.has_display():
            if settings.mode == "production":
                print("kiosk: no display (DISPLAY/WAYLAND_DISPLAY unset); run it under cage", file=sys.stderr)
                return EXIT_USAGE
            vdisplay = virtual_display.start(size)
            os.environ["DISPLAY"] = vdisplay.display
            os.environ["QT_QPA_PLATFORM"] = "xcb"
            where = f"VNC at 127.0.0.1:{vdisplay.vnc_port} (e.g. `vncviewer 127.0.0.1:{vdisplay.vnc_port}`)" \
                if vdisplay.vnc_port else f"X display {vdisplay.display} (install x11vnc to reach it over VNC)"
            print(f"No display found: the kiosk runs on a virtual screen; see and touch it through {where}.",
                  flush=True)
    try:
        ensure_qt_app()
        first = first_frame(settings, size)
        launch = import_in_background(HEAVY)
        return int(launch.run_terminal(settings, size, args, first, with_hub))
    finally:
        if vdisplay is not None:
            vdisplay.stop()
