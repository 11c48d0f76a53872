"""What the updater needs from the machine, as ports; the real adapters are in ``terminal/update_system.py``
(apt and dpkg, systemctl, the signed hub download, the SQLite file copy) and tests use in-memory ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol


class FetchError(Exception):
    """The download stopped (network, hub): keep what was received and try again at the next run."""


class InstallError(Exception):
    """The package manager refused or failed; the text is its last lines."""


class PackageFetcher(Protocol):
    def open(self, url: str, offset: int) -> tuple[int, Iterator[bytes]]:
        """The package's bytes from ``offset`` (``Range: bytes=offset-``): the offset the body really starts
        at (0 when the hub ignored the range) and its chunks; FetchError when the transfer fails."""


class PackageSystem(Protocol):
    def installed_version(self) -> str | None:
        """The version of the terminal's package the package manager has installed."""

    def package_version(self, deb: Path) -> tuple[str, str]:
        """(package name, version) a .deb file declares; InstallError when it is not a package."""

    def install(self, deb: Path, *, downgrade: bool = False) -> None:
        """Install the file with the real package manager (finishing any interrupted run first); ``downgrade``
        also allows an older version and reinstalls the same one (a rollback)."""

    def cached_package(self, version: str) -> Path | None:
        """The package manager's own cached .deb of ``version`` (/var/cache/apt/archives), if any."""


class ServiceControl(Protocol):
    def stop(self) -> None:
        """Stop the terminal's service (and wait until it has stopped)."""

    def start(self) -> None:
        """(Re)start it."""


class DatabaseCopy(Protocol):
    def save(self) -> None:
        """Copy the stopped app's database aside, before the new version can migrate it."""

    def restore(self) -> None:
        """Put that copy back (the app is stopped)."""

    def discard(self) -> None:
        """The update is committed: the copy is no longer needed."""

