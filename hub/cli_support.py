"""What the hub's command-line modules share (``hub.cli`` and ``hub.community_cli``): exit codes, the
database session a command works in, and the two output formats (a table for people, JSON for scripts).
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hub.config import HubConfig
from hub.db import make_engine, make_sessionmaker
from hub.migrate import upgrade

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def config_of(args: argparse.Namespace) -> HubConfig:
    config = HubConfig()
    if getattr(args, "data_dir", None):
        config = replace(config, data_dir=Path(args.data_dir))
    if getattr(args, "db", None):
        config = replace(config, db_url=args.db)
    return config


@contextmanager
def session_of(args: argparse.Namespace) -> Iterator[Session]:
    config = config_of(args)
    config.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = make_engine(config.resolved_db_url())
    upgrade(engine)
    session = make_sessionmaker(engine)()
    try:
        yield session
        session.commit()
    finally:
        session.close()
        engine.dispose()


def _width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def format_table(rows: list[list[str]], headers: list[str]) -> str:
    cols = list(zip(headers, *rows, strict=True))
    widths = [max(_width(str(x)) for x in col) for col in cols]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c) + " " * (w - _width(str(c))) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), *(line(row) for row in rows)])


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
