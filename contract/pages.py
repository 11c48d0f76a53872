"""A page sealed for the platform: the value the outbox carries, and how the platform opens it.

A page is sealed exactly like a submission's form data (:func:`contract.crypto.seal`: to the
platform's X25519 key, or to the terminal's pending key before enrolment, which
``Store.reseal_pending`` re-seals like any ``sealed_payload``), so it is never in clear on
disk. Each page is its own outbox item (a submission with several pages would not fit
one request): its id is derived from the submission, the material and the page number,
so a resend is a ``duplicate`` at the hub and the page is stored exactly once. The sealed
header repeats the submission, material and page number, so the platform can refuse a
page whose outer labels were changed to attach it to another case.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from contract import crypto

PAGE_KIND = "page"
MAX_PAGES_PER_MATERIAL = 20
MATERIAL_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"  # a catalog material's id; the hub's PageBody checks the same
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_MATERIAL = re.compile(MATERIAL_PATTERN)


@dataclass(frozen=True)
class EncodedPage:
    """A page compressed to its budget, in memory only until it is sealed."""

    data: bytes = field(repr=False)
    mime: str  # "image/jpeg" or "image/png"
    width: int
    height: int
    quality: int  # JPEG quality; 0 for PNG


@dataclass(frozen=True)
class PageRef:
    """Which page: of which submission, for which material of the service, and its number (from 1)."""

    submission_id: str
    material: str
    number: int

    def __post_init__(self) -> None:
        if not _ID.match(self.submission_id):
            raise ValueError("submission_id must be 1-64 of A-Z a-z 0-9 _ -")
        if not _MATERIAL.match(self.material):
            raise ValueError("material must be 1-64 of A-Z a-z 0-9 _ . -")
        if not 1 <= self.number <= MAX_PAGES_PER_MATERIAL:
            raise ValueError(f"page number must be 1..{MAX_PAGES_PER_MATERIAL}")

    @property
    def item_id(self) -> str:
        """The outbox item id: stable for the page, so a resend is a duplicate."""
        key = f"{self.submission_id}\n{self.material}\n{self.number}".encode()
        return "pg-" + hashlib.sha256(key).hexdigest()[:40]

    def as_json(self) -> dict[str, Any]:
        return {"submission_id": self.submission_id, "material": self.material, "number": self.number}


@dataclass(frozen=True)
class SealedPage:
    ref: PageRef
    sealed: bytes = field(repr=False)
    kid: str  # the sealing key's id (contract.crypto.key_id)

    def outbox_body(self) -> dict[str, Any]:
        """The outbox item's body; ``sealed_payload`` is what the outbox's size accounting counts."""
        return {**self.ref.as_json(), "sealed_payload": crypto.b64e(self.sealed)}


@dataclass(frozen=True)
class OpenedPage:
    ref: PageRef
    mime: str
    width: int
    height: int
    data: bytes = field(repr=False)


def seal_page(page: EncodedPage, ref: PageRef, recipient_public_raw: bytes) -> SealedPage:
    header = {**ref.as_json(), "v": 1, "mime": page.mime, "width": page.width, "height": page.height,
              "sha256": crypto.sha256_hex(page.data)}
    plaintext = crypto.canonical_json(header) + b"\n" + page.data
    return SealedPage(ref, crypto.seal(recipient_public_raw, plaintext), crypto.key_id(recipient_public_raw))


def open_page(recipient: X25519PrivateKey, body: dict[str, Any]) -> OpenedPage:
    """Open an outbox body made by :meth:`SealedPage.outbox_body`; CryptoError if it was tampered with."""
    try:
        outer = PageRef(str(body["submission_id"]), str(body["material"]), int(body["number"]))
        sealed = crypto.b64d(str(body["sealed_payload"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise crypto.CryptoError(f"not a page body: {exc}") from None
    plaintext = crypto.open_sealed(recipient, sealed)
    head, sep, data = plaintext.partition(b"\n")
    try:
        header = json.loads(head) if sep else {}
        inner = PageRef(header["submission_id"], header["material"], int(header["number"]))
        meta = (str(header["mime"]), int(header["width"]), int(header["height"]), str(header["sha256"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise crypto.CryptoError(f"sealed page header unreadable: {exc}") from None
    if inner != outer:
        raise crypto.CryptoError("the page's labels do not match its sealed header")
    if crypto.sha256_hex(data) != meta[3]:
        raise crypto.CryptoError("the page's digest does not match")
    return OpenedPage(inner, meta[0], meta[1], meta[2], data)
