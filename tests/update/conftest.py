"""A terminal for the updater without a real package manager or hub: a fake machine whose "packages" are
byte strings, a real state directory, a real SQLite database copied by the real ``SqliteFileCopy``, the app's
files written through the real ``AppChannel``, and a fake clock (no test depends on the date)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from contract import crypto
from contract.clock import BEIJING, FakeClock
from contract.release import ReleaseManifest, ReleaseOffer, sign_release
from kiosk.update.channel import AppChannel
from kiosk.update.ports import FetchError, InstallError
from kiosk.update.updater import Machine, Updater, UpdaterConfig
from terminal.update_system import SqliteFileCopy
from tests.sync.conftest import contract_hub, terminal_factory  # noqa: F401  (the hub double's fixtures, reused)

# Inside the maintenance window (01:00-05:00 Beijing time) and outside it.
NIGHT = datetime(2026, 12, 3, 2, 0, tzinfo=BEIJING)
DAY = datetime(2026, 12, 3, 10, 0, tzinfo=BEIJING)


def package_bytes(version: str, size: int = 300_000) -> bytes:
    """A stand-in .deb: its first line names the package and version (FakePackages reads it)."""
    head = f"community-kiosk {version}\n".encode()
    return head + bytes((i * 7) % 251 for i in range(size - len(head)))


class FakeFetcher:
    """The hub's package endpoint: serves ``files[url]`` from the asked offset, optionally cut after
    ``cut_after`` bytes of a response (a dropped connection) or ignoring ``Range`` (answering 200)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.cut_after: int | None = None
        self.ignore_range = False
        self.offsets: list[int] = []

    def open(self, url: str, offset: int) -> tuple[int, Iterator[bytes]]:
        self.offsets.append(offset)
        data = self.files[url]
        start = 0 if self.ignore_range else offset
        cut = self.cut_after

        def body() -> Iterator[bytes]:
            sent = 0
            for i in range(start, len(data), 65536):
                piece = data[i:i + 65536]
                if cut is not None and sent + len(piece) > cut:
                    yield piece[:cut - sent]
                    raise FetchError("connection reset")
                sent += len(piece)
                yield piece

        return start, body()


@dataclass
class FakePackages:
    installed: str
    installs: list[tuple[str, bool]] = field(default_factory=list)
    fail_install: set[str] = field(default_factory=set)
    cache: dict[str, Path] = field(default_factory=dict)
    on_install: list[object] = field(default_factory=list)  # callables run after each install (a postinst)

    def installed_version(self) -> str | None:
        return self.installed

    def package_version(self, deb: Path) -> tuple[str, str]:
        with deb.open("rb") as f:
            first = f.readline().decode(errors="replace").split()
        if len(first) != 2:
            raise InstallError("not a package")
        return first[0], first[1]

    def install(self, deb: Path, *, downgrade: bool = False) -> None:
        version = self.package_version(deb)[1]
        self.installs.append((version, downgrade))
        if version in self.fail_install:
            raise InstallError(f"dpkg: error processing {version}")
        self.installed = version
        for hook in self.on_install:
            hook(version)  # type: ignore[operator]

    def cached_package(self, version: str) -> Path | None:
        return self.cache.get(version)


@dataclass
class FakeService:
    events: list[str] = field(default_factory=list)

    def stop(self) -> None:
        self.events.append("stop")

    def start(self) -> None:
        self.events.append("start")


class Terminal:
    """Everything a test needs: the updater, its fakes, the release key, the app's channel and database."""

    def __init__(self, tmp: Path, clock: FakeClock) -> None:
        self.tmp = tmp
        self.clock = clock
        self.release_key = crypto.new_signing_key()
        self.kid = "release-2026"
        self.fetcher = FakeFetcher()
        self.packages = FakePackages(installed="1.0")
        self.service = FakeService()
        self.boot = "boot-1"
        self.slept: list[float] = []
        self.db_path = tmp / "data" / "kiosk.sqlite3"
        self.db_path.parent.mkdir(parents=True)
        with sqlite3.connect(self.db_path) as db:
            db.execute("create table outbox (id integer primary key, body text)")
            db.execute("insert into outbox (body) values ('queued before the update')")
        self.channel = AppChannel(tmp / "data" / "update", wall=lambda: clock.now().timestamp())
        self.state_dir = tmp / "state"
        kept = self.state_dir / "kept"
        kept.mkdir(parents=True)
        (kept / "1.0.deb").write_bytes(package_bytes("1.0"))
        self.on_sleep: list[object] = []

    def updater(self, *, keys: dict[str, bytes] | None = None, deadline: float = 300) -> Updater:
        config = UpdaterConfig(state_dir=self.state_dir,
                               release_keys=keys if keys is not None else
                               {self.kid: crypto.public_bytes(self.release_key)},
                               health_deadline_s=deadline)
        machine = Machine(fetcher=self.fetcher, packages=self.packages, service=self.service,
                          database=SqliteFileCopy(self.db_path, self.state_dir / "database"),
                          boot_id=lambda: self.boot)
        return Updater(config, self.channel, machine, self.clock, self._sleep)

    def _sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.advance(seconds)
        for hook in self.on_sleep:
            hook()  # type: ignore[operator]

    def offer(self, version: str, *, force: bool = False, data: bytes | None = None,
              key: object = None, sha256: str | None = None) -> bytes:
        """The hub offers ``version`` (the app received it in a heartbeat answer); the package's bytes."""
        data = data if data is not None else package_bytes(version)
        manifest = ReleaseManifest(version=version, sha256=sha256 or hashlib.sha256(data).hexdigest(), size=len(data))
        url = f"/api/v1/releases/{version}/package"
        self.fetcher.files[url] = data
        record = sign_release(key or self.release_key, manifest, self.kid)  # type: ignore[arg-type]
        self.channel.offer_received(ReleaseOffer(manifest=record, url=url, force=force).as_json())
        return data

    def app_starts(self, *, healthy: bool = True, migrate: bool = True) -> None:
        """What the new version's app does when its service starts: migrate the database, mark its health."""
        self.channel.start_health()
        if migrate:
            with sqlite3.connect(self.db_path) as db:
                db.execute("alter table outbox add column migrated_by_new_version text")
        self.channel.mark("store")
        if healthy:
            self.channel.mark("first_frame")
            self.channel.mark("heartbeat")

    def outbox_columns(self) -> list[str]:
        with sqlite3.connect(self.db_path) as db:
            return [row[1] for row in db.execute("pragma table_info(outbox)")]


@pytest.fixture
def terminal(tmp_path: Path) -> Terminal:
    return Terminal(tmp_path, FakeClock(NIGHT))
