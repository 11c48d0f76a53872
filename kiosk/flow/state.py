"""What the screens remember about one resident beyond the core session, and its wipe."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class FlowState:
    """Screen-level state of one session; :meth:`wipe` returns every field to its start value.

    Print and lookup states are strings the screens show ("" = nothing yet); ``identify_purpose``
    says where a successful identification leads ("apply": the form, "lookup": the progress list).
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

    def wipe(self) -> None:
        fresh = FlowState()
        for f in fields(self):
            setattr(self, f.name, getattr(fresh, f.name))
