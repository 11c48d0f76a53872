"""Where the hub keeps its data, and the limits it enforces.

Processes keep no state of their own: everything that must survive a request
(nonces, rate-limit counters, bundles) lives in the database named here, so
several processes can serve behind one load balancer against one PostgreSQL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "KIOSK_HUB_DATA_DIR"
DB_URL_ENV = "KIOSK_HUB_DB_URL"
PUBLIC_URL_ENV = "KIOSK_HUB_PUBLIC_URL"
TRUSTED_PROXIES_ENV = "KIOSK_HUB_TRUSTED_PROXIES"
API_DOCS_ENV = "KIOSK_HUB_API_DOCS"
RELEASE_KEYS_ENV = "KIOSK_HUB_RELEASE_KEYS"
PUBLISH_APPROVAL_ENV = "KIOSK_HUB_PUBLISH_APPROVAL"

TERMINAL_BODY_LIMIT = 1024 * 1024  # docs/sync-protocol.md: 1 MiB, else 413
ADMIN_BODY_LIMIT = 8 * 1024 * 1024  # forms with many fields, XLSX-converted definitions
MAX_OUTBOX_ITEMS = 100
MAX_BUNDLE_BYTES = 20 * 1024 * 1024


def default_data_dir() -> Path:
    """``KIOSK_HUB_DATA_DIR`` wins (a fixed name, issue 6); else the platformdirs data dir."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("kiosk-hub", appauthor=False))


def default_db_url(data_dir: Path) -> str:
    return os.environ.get(DB_URL_ENV) or f"sqlite:///{data_dir / 'hub.sqlite3'}"


def _env_list(name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class HubConfig:
    """Everything a hub process needs; built once at start from flags and environment."""

    data_dir: Path = field(default_factory=default_data_dir)
    db_url: str = ""
    # base of certificate verify URLs (printed as QR codes); never taken from a request's Host header: without
    # it no certificate is issued (``kiosk-hub serve`` sets it to its own address when bound to loopback)
    public_url: str = field(default_factory=lambda: os.environ.get(PUBLIC_URL_ENV, ""))
    # proxies whose X-Forwarded-For/-Proto the hub believes (addresses or networks); none by default
    trusted_proxies: tuple[str, ...] = field(default_factory=lambda: _env_list(TRUSTED_PROXIES_ENV))
    api_docs: bool = field(default_factory=lambda: os.environ.get(API_DOCS_ENV) == "1")  # /docs, /openapi.json
    # a release from the console waits for a second administrator's approval (issue 23, item 8)
    publish_approval: bool = field(default_factory=lambda: os.environ.get(PUBLISH_APPROVAL_ENV) == "1")
    # per terminal, per minute (heartbeat every 30 s + a sync round every 30 s leaves ample room)
    terminal_rate_per_min: int = field(default_factory=lambda: _env_int("KIOSK_HUB_TERMINAL_RATE", 120))
    # per client address, per minute, for the unauthenticated enrolment endpoint
    enroll_rate_per_min: int = field(default_factory=lambda: _env_int("KIOSK_HUB_ENROLL_RATE", 600))
    replay_window_s: int = 300
    heartbeat_interval_s: int = 30
    enroll_token_ttl_s: int = 7 * 24 * 3600
    # issue 20: a directory of release public keys (``*.pub``, base64 raw Ed25519) uploads are checked against;
    # the hub holds no release private key. Default: ``<data_dir>/release-keys``.
    release_keys_dir: str = field(default_factory=lambda: os.environ.get(RELEASE_KEYS_ENV, ""))
    # a software rollout halts itself when more than this share of the terminals that finished installing it
    # report failed or rolled back, once this many finished (or every terminal it targets, when fewer)
    release_halt_rate: float = field(default_factory=lambda: float(os.environ.get("KIOSK_HUB_RELEASE_HALT_RATE",
                                                                                  "0.2")))
    release_halt_min_reports: int = field(default_factory=lambda: _env_int("KIOSK_HUB_RELEASE_HALT_MIN_REPORTS", 5))

    def resolved_db_url(self) -> str:
        return self.db_url or default_db_url(self.data_dir)

    def resolved_release_keys_dir(self) -> Path:
        return Path(self.release_keys_dir) if self.release_keys_dir else self.data_dir / "release-keys"
