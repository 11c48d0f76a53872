"""Small builders shared by the printing tests (fictional people only)."""

from __future__ import annotations

from kiosk.identity import CardType, Identity
from kiosk.submission import NewSubmission


def new_submission() -> NewSubmission:
    identity = Identity(card_type=list(CardType)[0], name="张测试", id_number="370102199001011234")
    return NewSubmission(service_id="residence-proof", form_id="residence-proof", form_version=1,
                         answers={"purpose": "school"}, identity=identity, language="zh_CN")
