"""Sample data for the sync tests: fictional residents with valid-looking ID numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

from contract.clock import Clock
from contract.idnumber import make_valid
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.identity import CardType, Identity
from kiosk.receipt import Receipt
from kiosk.submission import NewSubmission

SAMPLE_NAME = "欧阳测试"
SAMPLE_ID = make_valid("37010219900307123")
OTHER_ID = make_valid("37010319851111456")


def identity(name: str = SAMPLE_NAME, id_number: str = SAMPLE_ID) -> Identity:
    return Identity(CardType.RESIDENT, name, id_number, sex="1", nation="汉", birth_date=date(1990, 3, 7),
                    address="山东省济南市历下区测试路1号", phone="13800138000")


def new_submission(ident: Identity | None = None, service: str = "elderly-allowance") -> NewSubmission:
    return NewSubmission(service_id=service, form_id=f"{service}-form", form_version=3,
                         answers={"reason": "测试理由", "phone": "13800138000", "when": date(2026, 1, 2)},
                         identity=ident or identity(), language="zh_CN")


def receipt_factory(ident: Identity, clock: Clock):
    def make(number: str) -> Receipt:
        return Receipt(centre_name="示例中心", title="办理回执", service_name="高龄津贴", tracking_number=number,
                       masked_name=ident.masked_name, masked_id=ident.masked_id, time=clock.now(),
                       next_steps=("等待审核",), counter="1-3")
    return make


def audit(clock: Clock, event: AuditEvent = AuditEvent.SUBMISSION_CREATED) -> AuditRecord:
    return AuditRecord(event, clock.now(), {"service_id": "elderly-allowance"})


def submit_many(store: Any, n: int = 1) -> list[str]:
    """``n`` sealed submissions through the real ``Store.submit``; their submission ids."""
    ids = []
    for _ in range(n):
        ident = identity()
        ids.append(store.submit(new_submission(ident), receipt_factory(ident, store.clock), audit(store.clock))
                   .submission_id)
    return ids
