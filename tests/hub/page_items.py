"""Photographed pages as a terminal sends them (issue 19): a rendered document page, corrected and compressed
by the terminal's own pipeline, sealed to the hub's key and wrapped as an outbox item of kind ``page``."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from contract import crypto
from contract.pages import PAGE_KIND, EncodedPage, PageRef, SealedPage, seal_page
from devices.doccam.render import render_page
from hub.testing import SimTerminal
from kiosk.pages.compress import compress
from kiosk.pages.correct import Mode, enhance

A4_200DPI = 1654  # pixels across an A4 page at 200 dpi: a page at its full size and budget


@functools.cache
def encoded_page(seed: int = 1, width_px: int = 500, mode: Mode = "gray") -> EncodedPage:
    """A document page as the terminal's pipeline leaves it (``width_px`` across), ready to seal."""
    rgb = np.asarray(render_page(seed, width_px).image)
    return compress(enhance(np.ascontiguousarray(rgb[:, :, ::-1]), mode), mode)


def sealed(sim: SimTerminal, ref: PageRef, page: EncodedPage) -> SealedPage:
    return seal_page(page, ref, crypto.b64d(sim.enrolment["sealing_key"]))


def item_of(sim: SimTerminal, page: SealedPage, **body: Any) -> dict[str, Any]:
    """The outbox item of a sealed page; ``body`` overrides fields of its body (hostile tests)."""
    return {"id": page.ref.item_id, "kind": PAGE_KIND, "created_at": sim.now().isoformat(),
            "body": {**page.outbox_body(), **body}}


def page_item(sim: SimTerminal, submission_id: str, material: str, number: int,
              page: EncodedPage | None = None) -> dict[str, Any]:
    return item_of(sim, sealed(sim, PageRef(submission_id, material, number), page or encoded_page(number)))
