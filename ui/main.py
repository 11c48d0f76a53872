"""The ``kiosk`` console script: core subcommands plus the GUI ones.

This module imports no Qt at import time, so ``kiosk card read`` stays light;
``demo``, ``run`` and ``screenshot`` import the UI when they run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from contract.settings import SettingsError
from kiosk import __version__
from terminal.cli import EXIT_USAGE, UsageError, add_config_argument, register_core_commands
from ui import qt_env


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = text.lower().split("x")
        size = int(w), int(h)
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must be WIDTHxHEIGHT, e.g. 1080x1920, not {text!r}") from None
    if not (320 <= size[0] <= 8192 and 320 <= size[1] <= 8192):
        raise argparse.ArgumentTypeError("size must be between 320 and 8192 pixels each way")
    return size


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Community self-service terminal")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="run the kiosk on simulated devices with sample content")
    demo.add_argument("--size", type=_size, default=None, help="window size WxH (default 1080x1920)")
    demo.add_argument("--lang", choices=["zh_CN", "en_US"], default=None)
    demo.add_argument("--windowed", action="store_true", help="a normal window instead of fullscreen")
    demo.add_argument("--with-hub", action="store_true",
                      help="also run the platform hub on 127.0.0.1, publish the sample content and enrol")
    add_config_argument(demo)
    demo.set_defaults(func=_run_gui, gui_mode="demo")

    run = sub.add_parser("run", help="run the kiosk as configured (production)")
    add_config_argument(run)
    run.set_defaults(func=_run_gui, gui_mode="run", size=None, lang=None, windowed=False, with_hub=False)

    shot = sub.add_parser("screenshot", help="render a screen offscreen to a PNG")
    shot.add_argument("--list", action="store_true", help="print the screen names, one a line")
    shot.add_argument("--screen", help="screen name (see --list)")
    shot.add_argument("--out", type=Path, help="PNG file to write")
    shot.add_argument("--size", type=_size, default=(1080, 1920))
    shot.add_argument("--lang", choices=["zh_CN", "en_US"], default="zh_CN")
    shot.add_argument("--large-text", action="store_true")
    shot.add_argument("--form", type=Path, default=None, help="form definition to render (screen 'form')")
    shot.add_argument("--page", type=int, default=1, help="form page, from 1 (screen 'form')")
    shot.set_defaults(func=_run_screenshot)

    warm = sub.add_parser("qml-cache", help="compile the QML into the disk cache (the package runs it at installation)")
    warm.set_defaults(func=_run_qml_cache)

    register_core_commands(sub)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    # Lazy on purpose: ui.start and ui.screenshot bring Qt (ui.start the rest of the UI, the store and sync
    # after the first frame); `import ui.main` (all `kiosk card ...` needs) stays at ~0.5 s without them.
    qt_env.prepare()  # before Qt loads (ui.qt_env)
    from ui.start import run_gui

    return run_gui(args)


def _run_screenshot(args: argparse.Namespace) -> int:
    qt_env.prepare()  # before Qt loads (ui.qt_env)
    from ui.screenshot import run_screenshot  # lazy: see _run_gui

    return run_screenshot(args)


def _run_qml_cache(args: argparse.Namespace) -> int:
    qt_env.prepare()  # before Qt loads (ui.qt_env)
    from ui.qml_cache import run  # lazy: see _run_gui

    return run(args)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args) or 0)
    except (SettingsError, UsageError) as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
