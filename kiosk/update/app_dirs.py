"""Directories in the app's data dir that the updater (root) may be the first to need.

Why: a directory root created would be root's, and the app (unprivileged) could then neither write its
update files there nor remove the event files the updater left; so a missing directory is created with the
owner of its nearest existing ancestor, whoever creates it.
"""

from __future__ import annotations

import os
from pathlib import Path


def make_app_dirs(path: Path) -> None:
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    owner = probe.stat()
    for directory in reversed(missing):
        directory.mkdir(mode=0o755, exist_ok=True)
        if os.geteuid() == 0:
            os.chown(directory, owner.st_uid, owner.st_gid)
