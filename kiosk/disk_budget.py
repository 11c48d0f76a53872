"""What may be deleted from the data directory, and how much of it is kept, so residents' data gets the space.

A terminal's disk is small and shared by things of very different worth. Sealed
submissions, the print journal, keys and a damaged database kept for salvage are never
touched here. What can be made again or is only a convenience is bounded, and evicted
oldest first when space runs low: receipt images of the printer simulator, exported
diagnostics bundles, and the database copies made before migrations (the newest stays).
Logs go to the systemd journal, which bounds itself (``SystemMaxUse``); bundle blobs no
bundle refers to are dropped at activation (:mod:`sync.bundles`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Evictable:
    folder: str  # relative to the data directory ("" for the directory itself)
    pattern: str
    keep: int  # the newest ones kept in normal times
    keep_when_low: int  # ...and when the disk is low


EVICTABLE = (
    Evictable("printer-sim", "*.png", keep=200, keep_when_low=0),
    Evictable("diagnostics", "*.zip", keep=5, keep_when_low=0),
    Evictable("", "kiosk.sqlite3.pre-*.bak", keep=2, keep_when_low=1),
)


def enforce(data_dir: Path, *, low: bool = False) -> int:
    """Delete what is over its bound (tighter when ``low``), oldest first; the bytes freed."""
    freed = 0
    for rule in EVICTABLE:
        folder = Path(data_dir) / rule.folder
        try:
            files = sorted((p for p in folder.glob(rule.pattern) if p.is_file()), key=lambda p: p.stat().st_mtime)
        except OSError:
            continue
        keep = rule.keep_when_low if low else rule.keep
        for path in files[:max(0, len(files) - keep)]:
            try:
                size = path.stat().st_size
                path.unlink()
            except OSError:
                continue
            freed += size
    if freed:
        log.info("disk budget: %d bytes freed (low=%s)", freed, low)
    return freed
