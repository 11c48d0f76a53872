"""``kiosk settings``: show the effective settings or the documented defaults."""

from __future__ import annotations

import argparse
import json

from kiosk.cli import EXIT_OK, add_config_argument
from kiosk.settings import documented_defaults, load_settings


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("settings", help="show effective settings (--defaults: documented defaults as TOML)")
    add_config_argument(p)
    p.add_argument("--defaults", action="store_true", help="print every setting with its default and meaning")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.defaults:
        print(documented_defaults(), end="")
        return EXIT_OK
    settings = load_settings(args.config)
    print(json.dumps(settings.model_dump(mode="json"), ensure_ascii=False, indent=2))
    return EXIT_OK
