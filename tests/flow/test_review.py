"""Item 6 of issue 15: the review shows what the resident typed; masked answers are revealed only on demand."""

from __future__ import annotations

from contract.clock import FakeClock
from kiosk.flow import ResidentFlow
from tests.flow.conftest import sample_identity


def test_review_shows_typed_answers_and_keeps_the_id_number_masked_with_its_real_value(
        flow: ResidentFlow, clock: FakeClock) -> None:
    ident = sample_identity(clock)
    flow.start()
    flow.open_service("residence_certificate")
    flow.resident.session.identity = ident
    flow.begin_form()
    form = flow.resident.session.form
    form.set_value("phone", "13912345678")
    rows = {r["fieldId"]: r for r in flow.cursor.review_rows(form, "zh_CN")}
    assert rows["phone"]["value"] == "13912345678" and not rows["phone"]["masked"]
    assert rows["name"]["value"] == ident.name
    idr = rows["id_number"]
    assert idr["masked"] and ident.id_number not in idr["value"] and idr["plain"] == ident.id_number
