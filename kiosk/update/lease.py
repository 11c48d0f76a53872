"""The session lease (issue 20): while a resident's session is open the app holds an exclusive ``flock`` on
``data_dir/update/session.lock``; the updater takes the same lock, without waiting, before it installs.

Why a lock and not only the app's "idle" report: a session can begin between the app's last report and
the install. With the lock exactly one side wins: if the app holds it, the updater waits for the next
run; if the updater holds it, the app does not begin the session (the updater stops the app a moment
later). The kernel drops the lock with its holder, so a crashed app never blocks an update.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from kiosk.update.app_dirs import make_app_dirs


class SessionLease:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_hold(self) -> bool:
        """Take the lock if free (True, also when already held here); False when the other side has it."""
        if self._fd is not None:
            return True
        make_app_dirs(self.path.parent)
        # Read-only, so the app can open the file whichever side created it (root's is 0644).
        fd = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the only descriptor drops the lock
