"""Fixtures for the sync tests: the contract hub in-process, the real hub (``hub.testing.run_hub``)
as a session-wide subprocess on 127.0.0.1, fault proxies, and enrolled terminals."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from contract.clock import SystemClock
from contract.settings import Settings, SyncSettings
from sync.service import SyncService, enroll
from sync.store import Store

from .contract_hub import ContractHub
from .faultproxy import FaultProxy


@pytest.fixture
def contract_hub() -> Iterator[ContractHub]:
    hub = ContractHub().start()
    yield hub
    hub.stop()


class RealHub:
    """The real hub in its own process: URL, admin token, and its database for exactly-once checks."""

    def __init__(self, base_url: str, admin_token: str, db_path: Path) -> None:
        self.url = base_url
        self.admin_token = admin_token
        self.db_path = db_path
        self.port = int(base_url.rsplit(":", 1)[1])

    def new_token(self) -> str:
        from hub.testing import make_enroll_token

        return make_enroll_token(self.url, self.admin_token)

    def publish(self, kind: str, content: dict[str, Any], content_id: str | None = None) -> dict[str, Any]:
        from hub.testing import publish

        return publish(self.url, self.admin_token, kind, content, content_id=content_id)

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        con = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=30)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()


@pytest.fixture(scope="session")
def real_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealHub]:
    from hub.testing import run_hub

    tmp = tmp_path_factory.mktemp("realhub")
    # the SIGKILL worker and the fault soak make many rounds a minute: lift the per-terminal rate limit
    # (429 handling itself is covered by the injected-fault tests)
    with run_hub(tmp, env={"KIOSK_HUB_TERMINAL_RATE": "1000000"}) as running:
        yield RealHub(running.base_url, running.admin_token, tmp / "hub" / "hub.sqlite3")


@pytest.fixture
def proxy_factory() -> Iterator[Callable[[int], FaultProxy]]:
    proxies: list[FaultProxy] = []

    def make(upstream_port: int, slow_s: float = 2.5) -> FaultProxy:
        p = FaultProxy(upstream_port, slow_s=slow_s).start()
        proxies.append(p)
        return p

    yield make
    for p in proxies:
        p.stop()


class Terminal:
    """A kiosk's sync side: settings, store and service, all on a temporary data dir."""

    def __init__(self, data_dir: Path, hub_url: str, *, mode: str = "demo", timeout_s: float = 2.0,
                 clock: Any = None) -> None:
        self.settings = Settings(data_dir=data_dir, mode=mode,
                                 sync=SyncSettings(hub_url=hub_url, timeout_s=timeout_s, interval_s=0.2,
                                                   heartbeat_s=0.2))
        self.store = Store(self.settings.db_path, clock=clock or SystemClock(), keys_dir=data_dir / "keys",
                           allow_local_seal=mode == "demo")
        self.service = SyncService(self.settings, self.store, clock=self.store.clock)

    def enroll(self, url: str, token: str, **kw: Any) -> Any:
        kw.setdefault("trust_on_first_use", self.settings.mode == "demo")
        return enroll(self.store, url, token, timeout_s=self.settings.sync.timeout_s, **kw)

    def close(self) -> None:
        self.service.close()
        self.store.close()


@pytest.fixture
def terminal_factory(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    made: list[Terminal] = []

    def make(hub_url: str, name: str = "kiosk", **kw: Any) -> Terminal:
        t = Terminal(tmp_path / name, hub_url, **kw)
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()
