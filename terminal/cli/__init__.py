"""Command-line subcommands that need no GUI.

Each ``terminal/cli/cmd_*.py`` module defines ``register(subparsers)`` and is found
automatically, so adding a command never touches a shared file. The entry point
(``ui.main``) adds the GUI commands (``demo``, ``run``, ``screenshot``).

Exit codes: 0 ok, 1 unhealthy/failed check, 2 bad arguments or settings,
3 expected absence (no card), 4 device fault.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from pathlib import Path

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2
EXIT_NO_CARD = 3
EXIT_DEVICE_FAULT = 4


class UsageError(Exception):
    """Bad arguments or settings: exit code 2 with the message."""


def register_core_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    package_dir = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(package_dir)]), key=lambda i: i.name):
        if info.name.startswith("cmd_"):  # each keeps its command's imports lazy: see the note in cmd_print.py
            module = importlib.import_module(f"terminal.cli.{info.name}")
            module.register(subparsers)


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None,
                        help="settings file (default $KIOSK_DATA_DIR/kiosk.toml when set, else /etc/kiosk/kiosk.toml)")
