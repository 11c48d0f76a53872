"""The update state machine: idle -> downloading -> verifying -> installing -> committed | rolled_back | failed.

Every transition is saved (``state.json``) before the work it starts, so ``run`` after a power cut picks
up where the machine stood: a download resumes from its ``.part`` file, a verification is redone, an
install is finished (the package manager's interrupted run first), a health check gets a fresh deadline
in the new boot, and a rollback is redone from the start (every step of it is idempotent).

Nothing here knows apt, systemd or HTTP: they are ports (``kiosk.update.ports``); time is the injected
clock and ``sleep``, so tests drive every path without a real machine or date.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from contract.clock import Clock
from contract.release import PACKAGE, ReleaseError, ReleaseManifest, UpdateState, verify_release
from kiosk.audit import AuditEvent
from kiosk.update.channel import AppChannel
from kiosk.update.download import VerifyError, download, verify
from kiosk.update.gates import Gate, install_gate
from kiosk.update.ports import (
    DatabaseCopy,
    FetchError,
    InstallError,
    PackageFetcher,
    PackageSystem,
    ServiceControl,
)
from kiosk.update.record import Phase, StateFile, UpdateRecord

log = logging.getLogger(__name__)
HEALTH_POLL_S = 2.0


@dataclass(frozen=True)
class UpdaterConfig:
    state_dir: Path
    release_keys: dict[str, bytes]  # pinned at installation: kid -> raw Ed25519 public key
    window: tuple[str, str] = ("01:00", "05:00")
    health_deadline_s: float = 300
    activity_max_age_s: float = 120  # an activity report older than this means no app is running
    enabled: bool = True


@dataclass(frozen=True)
class Machine:
    """The ports the updater drives."""

    fetcher: PackageFetcher
    packages: PackageSystem
    service: ServiceControl
    database: DatabaseCopy
    boot_id: Callable[[], str]


class Updater:
    def __init__(self, config: UpdaterConfig, channel: AppChannel, machine: Machine, clock: Clock,
                 sleep: Callable[[float], None]) -> None:
        self.config = config
        self.channel = channel
        self.m = machine
        self.clock = clock
        self.sleep = sleep
        self.state_file = StateFile(config.state_dir / "state.json")
        self.downloads = config.state_dir / "download"
        self.kept = config.state_dir / "kept"
        self.lease = channel.session_lease()  # held from the last check before an install until the app stops

    # --- entry points ---------------------------------------------------------------------------------

    def run(self, *, force: bool = False) -> UpdateRecord:
        """Step until the machine rests: nothing offered, a gate closed, a transient error, or a final state.
        While a new version is on trial this waits (``sleep``) for its health check or its deadline.
        ``force`` (a technician's ``kiosk update apply --force``) skips the maintenance window."""
        try:
            while True:
                record = self.state_file.load()
                if self._step(record, force):
                    continue
                if record.state == UpdateState.INSTALLING and record.phase == Phase.HEALTH:
                    self.sleep(HEALTH_POLL_S)
                    continue
                return record
        finally:
            self.lease.release()

    def status(self) -> UpdateRecord:
        record = self.state_file.load()
        record.running = self.m.packages.installed_version() or record.running
        return record

    def gate(self, force: bool) -> Gate:
        return install_gate(self.clock.now(), window=self.config.window, force=force,
                            idle=self.channel.idle(self.config.activity_max_age_s))

    # --- the machine ----------------------------------------------------------------------------------

    def _save(self, record: UpdateRecord, state: UpdateState | None = None, **changes: object) -> None:
        if state is not None:
            record.state = state
        for key, value in changes.items():
            setattr(record, key, value)
        self.state_file.save(record)

    def _event(self, event: AuditEvent, **detail: object) -> None:
        """An audit event for the app's log (written before the state it leads to: at least once)."""
        self.channel.events.write(event, self.clock.now(), detail)

    def _step(self, r: UpdateRecord, force: bool) -> bool:
        """One transition; True when another may follow at once."""
        if r.state == UpdateState.INSTALLING:
            return {Phase.INSTALL: self._install, Phase.HEALTH: self._await_health,
                    Phase.ROLLBACK: self._rollback}.get(r.phase, self._install)(r)
        if r.state in (UpdateState.DOWNLOADING, UpdateState.VERIFYING):
            manifest = self._manifest(r)
            if manifest is None:
                return False
            if r.state == UpdateState.DOWNLOADING:
                return self._download(r, manifest)
            return self._verify(r, manifest, force)
        return self._consider_offer(r, force)

    def _manifest(self, r: UpdateRecord) -> ReleaseManifest | None:
        """The verified manifest of the offer being worked on; a withdrawn or changed offer ends the work."""
        try:
            offer = self.channel.offer()
            manifest = verify_release(offer.manifest, self.config.release_keys) if offer else None
        except ReleaseError as exc:
            manifest, error = None, str(exc)
        else:
            error = "the offer was withdrawn"
        if manifest is not None and manifest.version == r.target:
            return manifest
        log.warning("update to %s abandoned: %s", r.target, error)
        self._discard_download(r.target)
        self._save(r, UpdateState.IDLE, target=None, offered=manifest.version if manifest else None, force=False)
        return None

    def _consider_offer(self, r: UpdateRecord, force: bool) -> bool:
        running = self.m.packages.installed_version() or r.running
        if running != r.running:
            self._save(r, running=running)
        try:
            offer = self.channel.offer()
            manifest = verify_release(offer.manifest, self.config.release_keys) if offer else None
        except ReleaseError as exc:
            if r.last_error != f"offer refused: {exc}":
                log.error("release offer refused: %s", exc)
                self._event(AuditEvent.UPDATE_FAILED, version=None, error=f"offer refused: {exc}"[:300])
                self._save(r, UpdateState.FAILED, offered=None, last_error=f"offer refused: {exc}"[:300])
            return False
        if offer is None or manifest is None:
            if r.offered is not None:
                self._save(r, offered=None)
            return False
        if r.offered != manifest.version:
            self._event(AuditEvent.UPDATE_OFFERED, version=manifest.version, running=running)
            self._save(r, offered=manifest.version, offered_at=self.clock.now().timestamp())
        if not self.config.enabled or manifest.version == running or manifest.version in r.refused:
            return False
        gate = self.gate(force or offer.force)
        if not gate.open:
            log.info("update to %s waits: %s", manifest.version, gate.reason)
            return False
        log.info("update to %s: downloading", manifest.version)
        self._save(r, UpdateState.DOWNLOADING, target=manifest.version, force=force or offer.force,
                   last_error=None, phase=Phase.NONE, db_saved=False)
        return True

    def _download(self, r: UpdateRecord, manifest: ReleaseManifest) -> bool:
        offer = self.channel.offer()
        assert offer is not None  # _manifest checked it
        self.downloads.mkdir(parents=True, exist_ok=True, mode=0o700)
        part = self.downloads / f"{manifest.version}.deb.part"
        try:
            download(self.m.fetcher, offer.url, manifest, part)
        except FetchError as exc:
            log.warning("download of %s interrupted: %s", manifest.version, exc)
            self._save(r, last_error=f"download: {exc}"[:300])
            return False
        except VerifyError as exc:
            return self._refuse(r, str(exc))
        part.replace(self._downloaded(manifest.version))
        self._event(AuditEvent.UPDATE_DOWNLOADED, version=manifest.version, bytes=manifest.size)
        self._save(r, UpdateState.VERIFYING, last_error=None)
        return True

    def _verify(self, r: UpdateRecord, manifest: ReleaseManifest, force: bool) -> bool:
        deb = self._downloaded(manifest.version)
        try:
            verify(deb, manifest, self.m.packages)
        except (VerifyError, InstallError, OSError) as exc:
            return self._refuse(r, str(exc))
        if not self.lease.try_hold():  # a session began after the app's last "idle" report
            log.info("update to %s verified, waits: a resident session is open", manifest.version)
            return False
        gate = self.gate(force or r.force)  # checked again with the lease held: nothing can change it now
        if not gate.open:
            self.lease.release()
            log.info("update to %s verified, waits: %s", manifest.version, gate.reason)
            return False
        running = self.m.packages.installed_version() or r.running
        if self._rollback_package(running) is None:  # waits, verified, until a technician keeps one
            self.lease.release()
            error = f"no package of the running version {running} is kept for a rollback (kiosk update keep)"
            if r.last_error != error:
                log.error("update to %s waits: %s", manifest.version, error)
                self._save(r, last_error=error)
            return False
        self._save(r, UpdateState.INSTALLING, phase=Phase.INSTALL, previous=running, db_saved=False)
        return True

    def _install(self, r: UpdateRecord) -> bool:
        assert r.target is not None
        log.info("update to %s: installing over %s", r.target, r.previous)
        self.m.service.stop()
        self.lease.release()  # the app is stopped: no session can begin until a version of it starts again
        if not r.db_saved:
            self.m.database.save()
            self._save(r, db_saved=True)
        # The package's postinst restarts the service: any start of the app from here on is the new version's.
        began = self.clock.now().timestamp()
        try:
            self.m.packages.install(self._downloaded(r.target))
        except InstallError as exc:
            self._save(r, phase=Phase.ROLLBACK, last_error=f"install failed: {exc}"[:300])
            return True
        self._event(AuditEvent.UPDATE_INSTALLED, version=r.target, previous=r.previous)
        self._save(r, phase=Phase.HEALTH, installed_at=began,
                   deadline_at=self.clock.now().timestamp() + self.config.health_deadline_s, boot_id=self.m.boot_id())
        self.m.service.start()
        return True

    def _await_health(self, r: UpdateRecord) -> bool:
        assert r.target is not None and r.installed_at is not None and r.deadline_at is not None
        now = self.clock.now().timestamp()
        if r.boot_id != self.m.boot_id():  # a power cut during the trial: the new boot gets its own deadline
            self._save(r, boot_id=self.m.boot_id(), deadline_at=now + self.config.health_deadline_s)
        health = self.channel.health()
        missing = ["app start"] if health is None or health.started_at < r.installed_at else health.missing()
        if not missing and self.m.packages.installed_version() == r.target:
            return self._commit(r)
        if now < r.deadline_at:
            return False
        log.error("update to %s failed its health check (%s): rolling back to %s", r.target, missing, r.previous)
        self._save(r, phase=Phase.ROLLBACK,
                   last_error=f"health check failed within {self.config.health_deadline_s:.0f} s: "
                              f"no {', '.join(missing)}")
        return True

    def _commit(self, r: UpdateRecord) -> bool:
        assert r.target is not None
        self.kept.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._downloaded(r.target).replace(self.kept / f"{r.target}.deb")
        for old in self.kept.glob("*.deb"):
            if old.name != f"{r.target}.deb":
                old.unlink()
        self.m.database.discard()
        log.info("update to %s committed", r.target)
        now = self.clock.now().timestamp()
        self._event(AuditEvent.UPDATE_COMMITTED, version=r.target, previous=r.previous,
                    seconds=round(now - r.offered_at, 1) if r.offered_at else None)
        self._save(r, UpdateState.COMMITTED, running=r.target, previous=None, target=None, phase=Phase.NONE,
                   last_error=None, committed_at=now, db_saved=False)
        return False

    def _rollback(self, r: UpdateRecord) -> bool:
        assert r.target is not None and r.previous is not None
        self.m.service.stop()
        package = self._rollback_package(r.previous)
        try:
            if package is None:
                raise InstallError(f"no package of {r.previous} to roll back to")
            # Always (re)installed: a failed or interrupted install leaves files of both versions behind.
            self.m.packages.install(package, downgrade=True)
            self.m.service.stop()  # its postinst started the old version on the migrated database
        except InstallError as exc:
            log.error("rollback to %s failed: %s", r.previous, exc)
            self.m.service.start()
            self._event(AuditEvent.UPDATE_FAILED, version=r.target, error=f"rollback failed: {exc}"[:300])
            self._save(r, UpdateState.FAILED, phase=Phase.NONE,
                       last_error=f"{r.last_error}; rollback failed: {exc}"[:300])
            return False
        if r.db_saved:
            self.m.database.restore()
        self.m.service.start()
        failed = r.target
        r.refuse(failed)
        self._discard_download(failed)
        log.warning("update to %s rolled back to %s", failed, r.previous)
        self._event(AuditEvent.UPDATE_ROLLED_BACK, version=failed, running=r.previous, reason=r.last_error)
        self._save(r, UpdateState.ROLLED_BACK, running=r.previous, target=None, previous=None, phase=Phase.NONE,
                   db_saved=False)
        return False

    # --- files --------------------------------------------------------------------------------------------

    def _refuse(self, r: UpdateRecord, error: str) -> bool:
        log.error("update to %s refused: %s", r.target, error)
        self._event(AuditEvent.UPDATE_FAILED, version=r.target, error=error[:300])
        if r.target:
            r.refuse(r.target)
            self._discard_download(r.target)
        self._save(r, UpdateState.FAILED, target=None, phase=Phase.NONE, last_error=error[:300])
        return False

    def _downloaded(self, version: str) -> Path:
        return self.downloads / f"{version}.deb"

    def _discard_download(self, version: str | None) -> None:
        if version:
            for path in (self._downloaded(version), self.downloads / f"{version}.deb.part"):
                path.unlink(missing_ok=True)

    def _rollback_package(self, version: str) -> Path | None:
        kept = self.kept / f"{version}.deb"
        return kept if kept.exists() else self.m.packages.cached_package(version)

    def keep(self, deb: Path) -> Path:
        """Keep ``deb`` as the running version's package for a rollback (``kiosk update keep``)."""
        name, version = self.m.packages.package_version(deb)
        running = self.m.packages.installed_version()
        if name != PACKAGE or version != running:
            raise InstallError(f"{deb.name} is {name} {version}, the running version is {running}")
        self.kept.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = self.kept / f"{version}.deb"
        shutil.copyfile(deb, target)
        return target
