"""Platform-signed content bundles: verified, staged, then switched to atomically between sessions.

A bundle is a signed manifest of hash-addressed items (catalog, forms, notices,
settings, staff, topics). The terminal:

1. refuses a manifest that is unsigned, signed by a key it did not pin at enrolment,
   meant for another terminal, not newer than anything it has seen (older or replayed),
   or over :data:`MAX_BUNDLE_BYTES`;
2. fetches each missing item by hash and refuses any whose bytes do not hash to the
   manifest's ``sha256`` or exceed its ``size``;
3. stages the bundle (all blobs and the manifest in one transaction);
4. activates it only when the app says no resident session is in progress
   (:meth:`BundleManager.activate_if_idle`), in one transaction that also runs the app's
   validator on the new content: if the validator fails, the transaction rolls back and
   the previous bundle stays active.

The app reads content through :meth:`BundleManager.active`, an immutable snapshot: a
session that started on one snapshot keeps its form versions even if a new bundle is
activated by another process meanwhile.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, text, update

from contract import crypto
from sync.keys import KeyRing
from sync.models import blobs as _blobs
from sync.models import bundles as _bundles
from sync.store import Store

log = logging.getLogger(__name__)

MAX_BUNDLE_BYTES = 20 * 1024 * 1024
MAX_MANIFEST_ITEMS = 10_000
KINDS = frozenset({"catalog", "form", "notices", "settings", "staff", "topics"})


class BundleRefused(Exception):
    """The manifest or one of its items is not acceptable; the active bundle stays."""


@dataclass(frozen=True)
class BundleItem:
    kind: str
    id: str
    version: int
    sha256: str
    size: int


@dataclass(frozen=True)
class ActiveBundle:
    """An immutable view of one activated bundle, with every item's bytes loaded and re-hashed."""

    version: int
    created_at: str
    items: tuple[BundleItem, ...]
    data: dict[str, bytes] = field(repr=False)

    def get(self, kind: str, item_id: str) -> bytes | None:
        for item in self.items:
            if item.kind == kind and item.id == item_id:
                return self.data[item.sha256]
        return None

    def json(self, kind: str, item_id: str) -> Any:
        raw = self.get(kind, item_id)
        return None if raw is None else json.loads(raw.decode("utf-8"))

    def of_kind(self, kind: str) -> dict[str, Any]:
        """Every item of a kind, parsed as JSON, by id (e.g. all forms)."""
        return {i.id: json.loads(self.data[i.sha256].decode("utf-8")) for i in self.items if i.kind == kind}

    def versions(self, kind: str = "form") -> dict[str, int]:
        return {i.id: i.version for i in self.items if i.kind == kind}


def default_validator(bundle: ActiveBundle) -> None:
    """Every item must be a JSON object; the app may pass a stricter validator (forms that load...)."""
    for item in bundle.items:
        value = json.loads(bundle.data[item.sha256].decode("utf-8"))
        if not isinstance(value, dict):
            raise TypeError(f"{item.kind}/{item.id} is not a JSON object")


def _now() -> str:
    return datetime.now(UTC).isoformat()


class BundleManager:
    """The content-bundle repository (``bundles`` and ``blobs``) and the rules for staging and switching.

    Writes go through the store's :meth:`sync.database.Database.write`. Reads use plain
    connections of ``db.engine``, not :meth:`~sync.database.Database.read`, so that a failed
    bundle read is not recorded as the store's last storage fault, as before the store was split.
    """

    def __init__(self, store: Store, keys: KeyRing | None = None, *,
                 validator: Callable[[ActiveBundle], object] = default_validator,
                 max_bytes: int = MAX_BUNDLE_BYTES) -> None:
        self.db = store.db
        self.keys = keys or store.keys
        self.validator = validator
        self.max_bytes = max_bytes
        self._cache: ActiveBundle | None = None
        self._lock = threading.Lock()
        self._listeners: list[Callable[[str, dict[str, Any]], None]] = []

    def subscribe(self, listener: Callable[[str, dict[str, Any]], None]) -> None:
        """``listener(event, data)`` for ``activated``, ``refused``, ``rolled_back``, ``staged``."""
        self._listeners.append(listener)

    def _emit(self, event: str, data: dict[str, Any]) -> None:
        for fn in list(self._listeners):
            try:
                fn(event, data)
            except Exception:  # a listener's bug must not break sync
                log.exception("bundle listener failed")

    # --- state -------------------------------------------------------------------------------------

    def active_version(self) -> int:
        with self.db.engine.connect() as conn:
            v = conn.execute(select(_bundles.c.version).where(_bundles.c.state == "active")).scalar()
        return int(v or 0)

    def high_water(self) -> int:
        """The highest bundle version ever staged, activated or refused after verification."""
        with self.db.engine.connect() as conn:
            v = conn.execute(select(text("max(version)")).select_from(_bundles)).scalar()
        return int(v or 0)

    def pending(self) -> int | None:
        """The version staged and waiting for a pause between sessions, if any."""
        with self.db.engine.connect() as conn:
            v = conn.execute(select(_bundles.c.version).where(_bundles.c.state == "staged")
                             .order_by(_bundles.c.version.desc()).limit(1)).scalar()
        return int(v) if v is not None else None

    def active(self) -> ActiveBundle | None:
        """The active bundle's snapshot (cached until another version becomes active)."""
        with self.db.engine.connect() as conn:
            row = conn.execute(select(_bundles.c.version, _bundles.c.manifest)
                               .where(_bundles.c.state == "active")).first()
            if row is None:
                return None
            with self._lock:
                if self._cache is not None and self._cache.version == row.version:
                    return self._cache
            snap = self._snapshot(conn, json.loads(row.manifest))
        with self._lock:
            self._cache = snap
        return snap

    def _snapshot(self, conn: Connection, manifest: dict[str, Any]) -> ActiveBundle:
        items = tuple(_items_of(manifest))
        hashes = sorted({i.sha256 for i in items})
        data: dict[str, bytes] = {}
        for chunk in range(0, len(hashes), 500):
            for r in conn.execute(select(_blobs.c.sha256, _blobs.c.data)
                                  .where(_blobs.c.sha256.in_(hashes[chunk:chunk + 500]))):
                data[r.sha256] = bytes(r.data)
        for h in hashes:
            if h not in data or crypto.sha256_hex(data[h]) != h:
                raise BundleRefused(f"item {h[:12]} is missing or damaged in the local store")
        return ActiveBundle(int(manifest["bundle_version"]), str(manifest.get("created_at", "")), items, data)

    # --- verification and staging ----------------------------------------------------------------------

    def verify_manifest(self, manifest: Any) -> list[BundleItem]:
        enrollment = self.keys.enrollment()
        if enrollment is None:
            raise BundleRefused("not enrolled: no pinned bundle keys")
        if not isinstance(manifest, dict):
            raise BundleRefused("manifest is not an object")
        try:
            body = crypto.verify_record(manifest, enrollment.bundle_keys)
        except crypto.CryptoError as exc:
            raise BundleRefused(f"manifest signature: {exc}") from exc
        if body.get("terminal_id") != enrollment.terminal_id:
            raise BundleRefused("manifest is for another terminal")
        version = body.get("bundle_version")
        if not isinstance(version, int) or isinstance(version, bool) or version <= 0:
            raise BundleRefused("manifest has no valid bundle_version")
        if version <= self.active_version() or version <= self.high_water():
            raise BundleRefused(f"bundle {version} is not newer than what this terminal has (replayed or older)")
        items = _items_of(body)
        total = sum(i.size for i in items)
        if total > self.max_bytes:
            raise BundleRefused(f"bundle {version} is {total} bytes, over the {self.max_bytes} limit")
        return items

    def stage(self, manifest: dict[str, Any], fetch: Callable[[str, int], bytes]) -> int:
        """Verify the manifest, fetch missing items by hash, store all in one transaction; returns the version.

        ``fetch(sha256, max_bytes)`` returns the item's bytes (the client bounds the read).
        """
        try:
            items = self.verify_manifest(manifest)
        except BundleRefused as exc:
            self._emit("refused", {"version": manifest.get("bundle_version") if isinstance(manifest, dict) else None,
                                   "reason": str(exc)})
            raise
        version = int(manifest["bundle_version"])
        with self.db.engine.connect() as conn:
            have = set(conn.execute(select(_blobs.c.sha256).where(
                _blobs.c.sha256.in_([i.sha256 for i in items]))).scalars())
        fetched: dict[str, bytes] = {}
        for item in items:
            if item.sha256 in have or item.sha256 in fetched:
                continue
            data = fetch(item.sha256, item.size)
            if len(data) > item.size or crypto.sha256_hex(data) != item.sha256:
                reason = f"item {item.kind}/{item.id} does not match its hash or size"
                self._emit("refused", {"version": version, "reason": reason})
                raise BundleRefused(reason)
            fetched[item.sha256] = data
        with self.db.write() as conn:
            if conn.execute(select(_bundles.c.version).where(_bundles.c.version >= version)).first() is not None:
                raise BundleRefused(f"bundle {version} is no longer newer (staged meanwhile)")
            for sha, data in fetched.items():
                conn.execute(text("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (:s, :n, :d)"),
                             {"s": sha, "n": len(data), "d": data})
            conn.execute(update(_bundles).where(_bundles.c.state == "staged").values(state="superseded"))
            conn.execute(_bundles.insert().values(
                version=version, manifest=json.dumps(manifest, ensure_ascii=False, sort_keys=True),
                state="staged", received_at=_now(), activated_at=None))
        self._emit("staged", {"version": version})
        return version

    # --- activation ---------------------------------------------------------------------------------------

    def activate_if_idle(self, idle: bool | Callable[[], bool] = True) -> bool:
        """Switch to the staged bundle if no resident session is in progress; True if it switched."""
        staged = self.pending()
        if staged is None:
            return False
        if not (idle() if callable(idle) else idle):
            return False
        previous = self.active_version()
        try:
            with self.db.write() as conn:
                row = conn.execute(select(_bundles.c.manifest).where(_bundles.c.version == staged,
                                                                     _bundles.c.state == "staged")).first()
                if row is None:
                    return False
                conn.execute(update(_bundles).where(_bundles.c.state == "active").values(state="retired"))
                conn.execute(update(_bundles).where(_bundles.c.version == staged)
                             .values(state="active", activated_at=_now()))
                snap = self._snapshot(conn, json.loads(row.manifest))
                self.validator(snap)  # raising here rolls the whole switch back
                self._gc(conn, keep_versions=(staged, previous))
        except Exception as exc:  # noqa: BLE001 - any failure keeps the previous bundle
            with self.db.write() as conn:
                conn.execute(update(_bundles).where(_bundles.c.version == staged).values(state="failed"))
            log.warning("bundle %s failed to activate, %s stays: %s", staged, previous, type(exc).__name__)
            self._emit("rolled_back", {"version": staged, "active": previous, "reason": str(exc)[:300]})
            return False
        with self._lock:
            self._cache = snap
        self._emit("activated", {"version": staged, "previous": previous})
        return True

    def _gc(self, conn: Connection, keep_versions: Iterable[int]) -> None:
        """Forget blobs no bundle we might still show (active, previous, staged) refers to."""
        rows = conn.execute(select(_bundles.c.version, _bundles.c.manifest, _bundles.c.state)).all()
        keep = set(keep_versions)
        needed: set[str] = set()
        for r in rows:
            if r.version in keep or r.state in ("staged", "active"):
                needed.update(i.sha256 for i in _items_of(json.loads(r.manifest)))
        have = set(conn.execute(select(_blobs.c.sha256)).scalars())
        stale = list(have - needed)
        for chunk in range(0, len(stale), 500):
            conn.execute(_blobs.delete().where(_blobs.c.sha256.in_(stale[chunk:chunk + 500])))


def _items_of(manifest: dict[str, Any]) -> list[BundleItem]:
    raw = manifest.get("items")
    if not isinstance(raw, list) or len(raw) > MAX_MANIFEST_ITEMS:
        raise BundleRefused("manifest items missing or too many")
    items = []
    for entry in raw:
        try:
            item = BundleItem(kind=str(entry["kind"]), id=str(entry["id"]), version=int(entry["version"]),
                              sha256=str(entry["sha256"]).lower(), size=int(entry["size"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise BundleRefused("manifest item is malformed") from exc
        if item.kind not in KINDS or len(item.sha256) != 64 or item.size < 0:
            raise BundleRefused(f"manifest item {item.kind}/{item.id} is not acceptable")
        items.append(item)
    return items
