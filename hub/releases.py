"""Software releases on the hub (issue 20): a signed package stored, offered by ring, paused, halted.

The hub never signs a release: it checks an upload's manifest against the release public keys it is
configured with (``HubConfig.release_keys_dir``), refuses any key that is one of its own, and keeps the
package bytes in ``<data_dir>/releases/<sha256>.deb`` only once they match the manifest. At most one
release is ``active`` (offered) at a time: a new rollout supersedes the one before it. Who it is offered
to is the rollout's ring: named canary terminals, a percentage of the fleet by a stable hash of each
terminal's id (so the same terminals go first every time), or all.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contract import crypto
from contract.release import MAX_PACKAGE_BYTES, ReleaseError, ReleaseManifest, verify_release
from hub import audit
from hub.config import HubConfig
from hub.db import utcnow
from hub.errors import ApiError
from hub.keys import PlatformKeys
from hub.models import Terminal
from hub.releases_models import SoftwareRelease, SoftwareRollout

RINGS = ("canary", "percent", "all")
CHUNK = 1024 * 1024
MAX_TERMINALS = 1000  # named terminals in one rollout
MAX_KEY_FILES = 100


def _refused(detail: str) -> ApiError:
    return ApiError(422, "release_refused", detail)


def trusted_keys(config: HubConfig, hub_keys: PlatformKeys) -> dict[str, bytes]:
    """The release public keys (kid -> raw key) from ``*.pub`` files: base64 of the raw Ed25519 key, one a file.

    A key that is one of the hub's own bundle keys is refused outright: the hub could then sign a release."""
    directory = config.resolved_release_keys_dir()
    files = sorted(directory.glob("*.pub"))[:MAX_KEY_FILES + 1] if directory.is_dir() else []
    if len(files) > MAX_KEY_FILES:
        raise _refused(f"more than {MAX_KEY_FILES} release keys in {directory}")
    keys: dict[str, bytes] = {}
    for path in files:
        try:
            with path.open("rb") as f:  # a key is 45 characters of base64: read no more than a few lines
                raw = crypto.b64d(f.read(200).decode("ascii").strip())
            crypto.verify_key_from_bytes(raw)
        except (OSError, UnicodeDecodeError, crypto.CryptoError) as exc:
            raise _refused(f"{path.name} is not a release public key: {exc}") from exc
        if raw in hub_keys.all_signing_public.values():
            raise _refused(f"{path.name} is one of this hub's own signing keys; a release key must not be the hub's")
        keys[crypto.key_id(raw)] = raw
    if not keys:
        raise _refused(f"no release public key is configured (put release-<kid>.pub in {directory})")
    return keys


def package_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "releases" / f"{sha256}.deb"


def _store_package(data_dir: Path, source: Path, manifest: ReleaseManifest) -> None:
    """Copy the package into the data dir under its SHA-256, once its size and hash match the manifest."""
    target = package_path(data_dir, manifest.sha256)
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise _refused(f"cannot read the package: {exc.strerror}") from exc
    if size != manifest.size:  # checked before a byte is read: a wrong file is not hashed, let alone copied
        raise _refused(f"the package is {size} bytes; the manifest signs {manifest.size}")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}")
    digest = hashlib.sha256()
    try:
        with source.open("rb") as src, tmp.open("xb") as dst:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                dst.write(chunk)
                if dst.tell() > MAX_PACKAGE_BYTES:
                    raise _refused("the package grew past the largest release while it was read")
            dst.flush()
            os.fsync(dst.fileno())
        if digest.hexdigest() != manifest.sha256:
            raise _refused("the package's SHA-256 differs from the one the manifest signs")
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def upload(session: Session, actor: audit.Actor, config: HubConfig, hub_keys: PlatformKeys, package: Path,
           record: Any) -> tuple[SoftwareRelease, bool]:
    """Store a release (the manifest verified, the package checked against it); (release, newly stored).

    The same signed version again is a no-op; the same version with other bytes is refused (409)."""
    try:
        manifest = verify_release(record, trusted_keys(config, hub_keys))
    except ReleaseError as exc:
        raise _refused(str(exc)) from exc
    existing = session.get(SoftwareRelease, manifest.version)
    if existing is not None:
        if existing.sha256 != manifest.sha256:
            raise ApiError(409, "release_exists", f"version {manifest.version} is already stored with other bytes; "
                                                  "a release is immutable, give the new package a new version")
        return existing, False
    _store_package(config.data_dir, package, manifest)
    now = utcnow()
    release = SoftwareRelease(version=manifest.version, sha256=manifest.sha256, size=manifest.size,
                              architecture=manifest.architecture, notes=manifest.notes, kid=str(record["kid"]),
                              manifest=dict(record), state="uploaded", halted_reason="", rollout_id=None,
                              uploaded_at=now, uploaded_by=actor.name, updated_at=now)
    session.add(release)
    audit.record(session, actor, audit.AdminAction.SOFTWARE_UPLOADED, manifest.version, sha256=manifest.sha256,
                 size=manifest.size, kid=release.kid)
    return release, True


def get(session: Session, version: str) -> SoftwareRelease:
    release = session.get(SoftwareRelease, version[:40])
    if release is None:
        raise ApiError(404, "not_found", f"no release {version[:40]!r}")
    return release


@dataclass(frozen=True)
class Ring:
    """Who a rollout reaches: ``canary`` (the named terminals), ``percent`` (those under the percentage, and
    the named ones) or ``all``."""

    ring: str
    percent: int = 0
    terminals: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.ring not in RINGS:
            raise ApiError(422, "invalid_request", f"ring must be one of {', '.join(RINGS)}")
        if self.ring == "canary" and not self.terminals:
            raise ApiError(422, "invalid_request", "a canary rollout names its terminals")
        if self.ring == "percent" and not 1 <= self.percent <= 100:
            raise ApiError(422, "invalid_request", "a percent rollout needs a percentage from 1 to 100")
        if len(self.terminals) > MAX_TERMINALS or any(not 0 < len(t) <= 40 for t in self.terminals):
            raise ApiError(422, "invalid_request", f"at most {MAX_TERMINALS} terminal ids of 1..40 characters")

    @classmethod
    def of(cls, rollout: SoftwareRollout) -> Ring:
        return cls(rollout.ring, rollout.percent, tuple(rollout.terminals))

    def reaches(self, terminal_id: str) -> bool:
        if self.ring == "all" or terminal_id in self.terminals:
            return True
        return self.ring == "percent" and bucket(terminal_id) < self.percent


def bucket(terminal_id: str) -> int:
    """The terminal's place (0..99) in every percentage rollout: stable, so a widening only adds terminals."""
    return int.from_bytes(hashlib.sha256(f"software/{terminal_id}".encode()).digest()[:4], "big") % 100


def reached(session: Session, ring: Ring) -> int:
    """How many enrolled (not revoked) terminals the ring reaches."""
    ids = session.scalars(select(Terminal.id).where(Terminal.revoked_at.is_(None)))
    return sum(1 for tid in ids if ring.reaches(tid))


def rollout(session: Session, actor: audit.Actor, version: str, ring: Ring, force: bool = False) -> SoftwareRelease:
    """Offer ``version`` to the ring (again, wider, or after a pause); any other active release is superseded."""
    release = get(session, version)
    if release.state == "halted":
        raise ApiError(409, "release_halted", f"{version} was halted ({release.halted_reason}); "
                                              "upload a fixed package as a new version")
    unknown = sorted(set(ring.terminals) - set(session.scalars(select(Terminal.id).where(
        Terminal.id.in_(ring.terminals))))) if ring.terminals else []
    if unknown:
        raise ApiError(404, "not_found", f"no such terminal: {', '.join(unknown[:5])}")
    now = utcnow()
    for other in session.scalars(select(SoftwareRelease).where(SoftwareRelease.state.in_(("active", "paused")),
                                                               SoftwareRelease.version != release.version)):
        other.state, other.updated_at = "superseded", now
    row = SoftwareRollout(version=release.version, ring=ring.ring, percent=100 if ring.ring == "all" else ring.percent,
                          terminals=list(ring.terminals), force=force, created_at=now, created_by=actor.name)
    session.add(row)
    session.flush()
    release.rollout_id, release.state, release.updated_at = row.id, "active", now
    audit.record(session, actor, audit.AdminAction.SOFTWARE_ROLLOUT, release.version, ring=ring.ring,
                 percent=row.percent, terminals=list(ring.terminals)[:50], force=force)
    return release


def pause(session: Session, actor: audit.Actor, version: str) -> SoftwareRelease:
    """No new offers; terminals already installing finish (what they report still counts)."""
    release = get(session, version)
    if release.state != "active":
        raise ApiError(409, "release_not_active", f"{version} is {release.state}, not being rolled out")
    release.state, release.updated_at = "paused", utcnow()
    audit.record(session, actor, audit.AdminAction.SOFTWARE_PAUSED, release.version)
    return release


def halt(session: Session, actor: audit.Actor, version: str, reason: str = "") -> SoftwareRelease:
    """Stop offering ``version`` for good and say why; a halted release is never offered or served again."""
    release = get(session, version)
    if release.state == "halted":
        return release
    release.state, release.updated_at = "halted", utcnow()
    release.halted_reason = (reason.strip() or f"halted by {actor.name}")[:300]
    audit.record(session, actor, audit.AdminAction.SOFTWARE_HALTED, release.version, reason=release.halted_reason)
    return release
