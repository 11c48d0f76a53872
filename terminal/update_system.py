"""The machine under the updater (``kiosk.update``): apt and dpkg, systemctl, the signed download from the
hub, the SQLite file copy, the pinned release keys; and ``make_updater``, which assembles them from settings.

These run as root in ``kiosk-update.service``. The app's database is never opened here (files SQLite would
create as root would lock the app out): it is copied as files while the app is stopped, owners kept.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from contract import crypto
from contract.clock import Clock, SystemClock
from contract.release import PACKAGE
from contract.settings import Settings
from kiosk.update.channel import AppChannel
from kiosk.update.ports import FetchError, InstallError
from kiosk.update.updater import Machine, Updater, UpdaterConfig
from sync.client import HubClient, HubError
from sync.keys import KeyRing

log = logging.getLogger(__name__)
APT_ARCHIVES = Path("/var/cache/apt/archives")
INSTALL_TIMEOUT_S = 1800
ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
       "DEBIAN_FRONTEND": "noninteractive"}


def _run(argv: list[str], timeout: float) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False, env=ENV)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InstallError(f"{argv[0]}: {exc}") from exc
    if out.returncode != 0:
        tail = (out.stderr or out.stdout).strip().splitlines()[-3:]
        raise InstallError(f"{' '.join(argv[:2])} exited {out.returncode}: {' / '.join(tail)}"[:300])
    return out.stdout


class AptPackages:
    """The terminal's package through dpkg and apt-get (offline: a release's dependencies are already there)."""

    def installed_version(self) -> str | None:
        try:
            return _run(["dpkg-query", "-W", "-f=${Version}", PACKAGE], 30).strip() or None
        except InstallError:
            return None

    def package_version(self, deb: Path) -> tuple[str, str]:
        name, version = (_run(["dpkg-deb", "-f", str(deb), "Package", "Version"], 60).splitlines() + ["", ""])[:2]
        return name.split(": ", 1)[-1], version.split(": ", 1)[-1]

    def install(self, deb: Path, *, downgrade: bool = False) -> None:
        try:  # an install a power cut interrupted; a half-unpacked package is put right by the install below
            _run(["dpkg", "--configure", "-a"], INSTALL_TIMEOUT_S)
        except InstallError as exc:
            log.warning("dpkg --configure -a: %s", exc)
        _run(["apt-get", "install", "-y", "-q", "-o", "Dpkg::Options::=--force-confold",
              *(["--allow-downgrades", "--reinstall"] if downgrade else []), str(deb.resolve())], INSTALL_TIMEOUT_S)

    def cached_package(self, version: str) -> Path | None:
        found = sorted(APT_ARCHIVES.glob(f"{PACKAGE}_{version.replace(':', '%3a')}_*.deb"))
        return found[0] if found else None


class SystemdService:
    def __init__(self, unit: str) -> None:
        self.unit = unit

    def stop(self) -> None:
        _run(["systemctl", "stop", self.unit], 120)

    def start(self) -> None:
        # Not waited for: whether the new version comes up is the health check's question (a version that
        # cannot start must lead to a rollback, not to an updater stopped by a failed start job).
        _run(["systemctl", "start", "--no-block", self.unit], 60)


class SqliteFileCopy:
    """The database and its WAL copied aside as files (the app is stopped, so they are consistent)."""

    SUFFIXES = ("", "-wal", "-shm")

    def __init__(self, db_path: Path, backup_dir: Path) -> None:
        self.db_path = db_path
        self.backup_dir = backup_dir

    def _files(self, directory: Path) -> list[tuple[Path, Path]]:
        return [(self.db_path.with_name(self.db_path.name + s), directory / (self.db_path.name + s))
                for s in self.SUFFIXES]

    def save(self) -> None:
        partial = self.backup_dir.with_name(self.backup_dir.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True, mode=0o700)
        for live, copy in self._files(partial):
            if live.exists():
                shutil.copy2(live, copy)
                with copy.open("rb") as f:
                    os.fsync(f.fileno())
        shutil.rmtree(self.backup_dir, ignore_errors=True)
        partial.replace(self.backup_dir)  # whole or not at all

    def restore(self) -> None:
        if not self.backup_dir.is_dir():
            raise InstallError(f"no database copy in {self.backup_dir}")
        for live, copy in self._files(self.backup_dir):
            live.unlink(missing_ok=True)
            if copy.exists():
                owner = self.db_path.parent.stat()
                shutil.copy2(copy, live)
                os.chown(live, owner.st_uid, owner.st_gid)  # the app's, whoever runs this

    def discard(self) -> None:
        shutil.rmtree(self.backup_dir, ignore_errors=True)


class HubFetcher:
    """The release package from the hub the terminal is enrolled with, signed with the terminal's key."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def open(self, url: str, offset: int) -> tuple[int, Iterator[bytes]]:
        keys = KeyRing(self.settings.data_dir / "keys")
        enrollment, key = keys.enrollment(), keys.terminal_key()
        if enrollment is None or key is None:
            raise FetchError("this terminal is not enrolled")
        client = HubClient(self.settings.sync.hub_url or enrollment.hub_url, ca_file=self.settings.sync.ca_file,
                           timeout_s=self.settings.sync.timeout_s, terminal_id=enrollment.terminal_id,
                           signing_key=key)
        try:
            start, body = client.download(url, offset)
        except HubError as exc:
            client.close()
            raise FetchError(str(exc)) from exc
        return start, self._closing(client, body)

    @staticmethod
    def _closing(client: HubClient, body: Iterator[bytes]) -> Iterator[bytes]:
        try:
            yield from body
        except HubError as exc:
            raise FetchError(str(exc)) from exc
        finally:
            client.close()


def release_keys(directory: Path) -> dict[str, bytes]:
    """The pinned release keys: ``<kid>.pub`` files holding a base64 raw Ed25519 public key each."""
    keys: dict[str, bytes] = {}
    for path in sorted(directory.glob("*.pub"))[:16]:
        raw = crypto.b64d(path.read_text(encoding="ascii")[:200].strip())
        crypto.verify_key_from_bytes(raw)
        keys[path.stem] = raw
    return keys


def boot_id() -> str:
    return Path("/proc/sys/kernel/random/boot_id").read_text().strip()


def app_channel(settings: Settings) -> AppChannel:
    return AppChannel(settings.data_dir / "update")


def make_updater(settings: Settings, clock: Clock | None = None) -> Updater:
    cfg = settings.update
    config = UpdaterConfig(state_dir=cfg.state_dir, release_keys=release_keys(cfg.release_keys_dir),
                           window=(cfg.window_start, cfg.window_end), health_deadline_s=cfg.health_deadline_s,
                           activity_max_age_s=3 * settings.sync.interval_s + 30, enabled=cfg.enabled)
    machine = Machine(fetcher=HubFetcher(settings), packages=AptPackages(), service=SystemdService(cfg.service),
                      database=SqliteFileCopy(settings.db_path, cfg.state_dir / "database"), boot_id=boot_id)
    return Updater(config, app_channel(settings), machine, clock or SystemClock(), time.sleep)
