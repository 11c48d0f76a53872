#!/usr/bin/env python3
"""Clear the execute bits of files under a tree that are neither ELF objects nor ``#!`` scripts.

Why: wheels often mark data files (QML, fonts, licences) executable; dpkg would
install them so and lintian reports executable-not-elf-or-script. Run by
packaging/build.sh on the staged environment. Prints how many files it changed.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path


def is_program(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(4)
    return head == b"\x7fELF" or head[:2] == b"#!"


def fix_modes(root: Path) -> int:
    changed = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath, name)
            st = path.lstat()
            if not stat.S_ISREG(st.st_mode) or not st.st_mode & 0o111:
                continue
            if not is_program(path):
                path.chmod(st.st_mode & ~0o111)
                changed += 1
    return changed


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: fix_modes.py TREE")
    print(f"fix_modes: cleared execute bits on {fix_modes(Path(sys.argv[1]))} files")
