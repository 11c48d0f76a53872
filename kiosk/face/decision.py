"""What a face check decides: the only values about a face that may be kept, audited or sent.

Apart from :mod:`kiosk.face.check` (which needs numpy and the models) so the resident flow, the UI and the
submission can carry a decision without loading what makes one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Decision(StrEnum):
    MATCH = "match"  # alive and the card's face
    NO_MATCH = "no_match"  # alive, not the card's face
    NOT_LIVE = "not_live"  # a face, but no blink in time (a photo, or the resident did not blink)
    NO_FACE = "no_face"  # no face in front of the camera
    NO_CARD_FACE = "no_card_face"  # the card photo has no usable face: staff check
    CAMERA_UNAVAILABLE = "camera_unavailable"


@dataclass(frozen=True)
class FaceDecision:
    """All that may be kept, audited or sent about a check."""

    decision: Decision
    score: float | None  # embedding distance; None when no comparison was made
    model: str
    model_version: str
    attempts: int

    @property
    def passed(self) -> bool:
        return self.decision == Decision.MATCH

    def as_json(self) -> dict[str, Any]:
        return {"decision": str(self.decision), "score": None if self.score is None else round(self.score, 4),
                "model": self.model, "model_version": self.model_version, "attempts": self.attempts}
