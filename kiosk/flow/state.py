"""What the screens remember about one resident beyond the core session, and its wipe."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class FlowState:
    """Screen-level state of one session; :meth:`wipe` returns every field to its start value.

    Print and lookup states are strings the screens show ("" = nothing yet); ``identify_purpose``
    says where a successful identification leads ("apply": the form, "lookup": the progress list).
    ``finish_stage`` is "take_card" while the finish screen waits for a card left on the reader.
    The visit's settings (``high_contrast``, like the core session's language and large text) last
    until the farewell screen is gone: :meth:`wipe` keeps them when asked to.
    """

    identify_state: str = "waiting"
    identify_purpose: str = "apply"
    manual_errors: dict[str, str] = field(default_factory=dict)
    category_id: str = ""
    search_text: str = ""
    high_contrast: bool = False
    submit_error: str = ""
    guide_print_state: str = ""
    lookup_state: str = ""
    certificate_state: str = ""
    notice_id: str = ""
    notice_print_state: str = ""
    ticket: dict[str, Any] = field(default_factory=dict)
    rating_service: str = ""
    staff_called: bool = False
    finish_stage: str = ""

    def wipe(self, keep_settings: bool = False) -> None:
        contrast = self.high_contrast
        fresh = FlowState()
        for f in fields(self):
            setattr(self, f.name, getattr(fresh, f.name))
        self.high_contrast = contrast and keep_settings

