"""A software release as terminal and hub both speak of it (issue 20).

A release is the terminal's .deb with a manifest signed by the *release key*, which is not the hub's
key: the hub stores and offers releases but cannot make one, so a compromised hub cannot push code.
The terminal pins the release key's public half at installation and verifies every offered manifest
against it, then the downloaded package's size and SHA-256 against the manifest.

The wire shapes live here too: what the hub offers in a heartbeat response (``ReleaseOffer``) and what
the terminal reports of its software in a heartbeat (``SoftwareStatus``, also the exact JSON of
``kiosk update status --json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contract.crypto import CryptoError, sign_record, verify_record

PACKAGE = "community-kiosk"
RECORD_TYPE = "kiosk-release"
# A package larger than this is refused before a byte of it is stored or downloaded (the .deb is ~130 MB).
MAX_PACKAGE_BYTES = 1024 * 1024 * 1024
_VERSION = re.compile(r"^[0-9][0-9A-Za-z.+~-]{0,39}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ARCH = re.compile(r"^[a-z0-9-]{1,20}$")


class ReleaseError(ValueError):
    """A manifest or offer that is not a valid, trusted release (the text says which check failed)."""


class UpdateState(StrEnum):
    """Where the terminal's software update stands; the names are the contract of ``kiosk update status``."""

    IDLE = "idle"
    DOWNLOADING = "downloading"
    INSTALLING = "installing"
    VERIFYING = "verifying"
    COMMITTED = "committed"
    ROLLED_BACK = "rolled_back"
    FAILED = "failed"


@dataclass(frozen=True)
class ReleaseManifest:
    """What the release key vouches for: this package, this version, exactly these bytes."""

    version: str
    sha256: str
    size: int
    architecture: str = "amd64"
    package: str = PACKAGE
    notes: str = ""

    def __post_init__(self) -> None:
        if self.package != PACKAGE:
            raise ReleaseError(f"release is for package {self.package!r}, not {PACKAGE!r}")
        if not isinstance(self.version, str) or not _VERSION.match(self.version):
            raise ReleaseError(f"release version {self.version!r} is not a package version")
        if not isinstance(self.sha256, str) or not _SHA256.match(self.sha256):
            raise ReleaseError("release sha256 is not 64 lowercase hex digits")
        if not isinstance(self.size, int) or isinstance(self.size, bool) or not 0 < self.size <= MAX_PACKAGE_BYTES:
            raise ReleaseError(f"release size must be 1..{MAX_PACKAGE_BYTES} bytes")
        if not isinstance(self.architecture, str) or not _ARCH.match(self.architecture):
            raise ReleaseError(f"release architecture {self.architecture!r} is not valid")
        if not isinstance(self.notes, str) or len(self.notes) > 2000:
            raise ReleaseError("release notes must be text of at most 2000 characters")

    def as_record(self) -> dict[str, Any]:
        return {"type": RECORD_TYPE, "package": self.package, "version": self.version, "sha256": self.sha256,
                "size": self.size, "architecture": self.architecture, "notes": self.notes}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ReleaseManifest:
        if not isinstance(record, dict) or record.get("type") != RECORD_TYPE:
            raise ReleaseError("not a release manifest")
        try:
            return cls(version=record["version"], sha256=record["sha256"], size=record["size"],
                       architecture=record.get("architecture", "amd64"), package=record.get("package", ""),
                       notes=record.get("notes", ""))
        except KeyError as exc:
            raise ReleaseError(f"release manifest lacks {exc.args[0]!r}") from exc


def sign_release(key: Ed25519PrivateKey, manifest: ReleaseManifest, kid: str) -> dict[str, Any]:
    """The signed manifest record (done offline, where the release key is kept; never on the hub)."""
    return sign_record(key, manifest.as_record(), kid)


def verify_release(record: dict[str, Any], release_keys: dict[str, bytes]) -> ReleaseManifest:
    """The manifest of a record signed by one of the pinned release keys, or ``ReleaseError``."""
    try:
        body = verify_record(record, release_keys)
    except CryptoError as exc:
        raise ReleaseError(f"release signature: {exc}") from exc
    return ReleaseManifest.from_record(body)


@dataclass(frozen=True)
class ReleaseOffer:
    """The hub's offer in a heartbeat response: the signed manifest and where to download the package.

    ``force`` lets an admin skip the opening-hours wait (never the resident session wait)."""

    manifest: dict[str, Any]
    url: str
    force: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"manifest": self.manifest, "url": self.url, "force": self.force}

    @classmethod
    def from_json(cls, data: Any) -> ReleaseOffer:
        if not isinstance(data, dict) or not isinstance(data.get("manifest"), dict):
            raise ReleaseError("release offer lacks its manifest")
        url = data.get("url")
        if not isinstance(url, str) or not url.startswith("/") or len(url) > 300:
            raise ReleaseError("release offer's url must be a hub path")
        return cls(manifest=data["manifest"], url=url, force=data.get("force") is True)


@dataclass(frozen=True)
class SoftwareStatus:
    """The terminal's software as ``kiosk update status --json`` prints it and the heartbeat reports it."""

    running: str
    offered: str | None = None
    state: UpdateState = UpdateState.IDLE
    last_error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"running": self.running, "offered": self.offered, "state": self.state.value,
                "last_error": self.last_error}
