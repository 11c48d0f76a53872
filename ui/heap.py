"""Give the start-up's freed memory back to the system once the terminal is up (glibc's ``malloc_trim``).

Starting the terminal allocates and frees a lot: the first frame's QML engine, the imports' temporaries,
the full scene's compilation. glibc keeps freed blocks in its arenas for reuse, so they stay counted in the
kiosk's RSS for good. One ``malloc_trim(0)`` after the hand-over returns what is free at the top of each
arena and the unused pages inside them (issue 17, measured: 1-1.5 MB, see benchmarks/bench_ui.py).
Elsewhere than glibc (musl, macOS) there is nothing to call and nothing is done.
"""

from __future__ import annotations

import ctypes
import logging

log = logging.getLogger(__name__)


def trim() -> bool:
    """Return freed heap memory to the system; False where the C library has no ``malloc_trim``."""
    try:
        malloc_trim = ctypes.CDLL(None).malloc_trim  # the process's own symbols: the C library it runs on
    except (OSError, AttributeError):
        log.debug("no malloc_trim in this C library")
        return False
    malloc_trim.argtypes = [ctypes.c_size_t]
    malloc_trim.restype = ctypes.c_int
    malloc_trim(0)
    return True
