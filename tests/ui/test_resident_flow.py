"""The whole resident flow through the QML UI, from the attract screen to the printed receipt and the wipe."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import timedelta
from typing import Any

import pytest
from pypinyin import Style, lazy_pinyin

from kiosk.documents.pdf import notice_pdf
from kiosk.submission import CaseStatus
from tests.ui.qml_driver import find, tap, type_into, visible_texts, wait_for
from ui.harness import sample_identity
from ui.screenshot import _fill_sample_answers

pytestmark = pytest.mark.gui


def _screen(app: Any) -> str:
    return str(app.backend.screen)


def _apply_with_sample_answers(app: Any) -> None:
    """A resident identified by card applies for a residence certificate with plausible answers."""
    b = app.backend
    b.start()
    b.openService("residence_certificate")
    b.resident.session.identity = sample_identity("resident", app.clock)
    b.apply()
    _fill_sample_answers(app)
    b._show_review()
    b.submit()
    wait_for(lambda: _screen(app) == "receipt", timeout_s=20, what="receipt")


def test_resident_applies_for_a_residence_certificate_end_to_end(app: Any) -> None:
    w = app.app.window
    ident = sample_identity("resident", app.clock)

    assert _screen(app) == "attract"
    tap(w, "attractStart")
    wait_for(lambda: _screen(app) == "home", what="home")

    tap(w, "category_certificates")
    wait_for(lambda: _screen(app) == "category", what="category")
    tap(w, "service_residence_certificate")
    wait_for(lambda: _screen(app) == "guide", what="guide")
    tap(w, "applyButton")
    wait_for(lambda: _screen(app) == "identify", what="identify")

    app.services.idcard.place(ident)  # the resident lays the card on the reader
    wait_for(lambda: _screen(app) == "form", what="form after the card read")
    assert app.backend.identityMaskedId == "370102********0021"[: len(app.backend.identityMaskedId)] or \
        app.backend.identityMaskedId.startswith("370102")
    # page 1 is prefilled from the card: name, ID number, sex
    rows = {r["fieldId"]: r for r in app.backend.fields.rows()}
    assert rows["name"]["value"] == ident.name
    type_into(w, "input_phone", "13912345678")
    tap(w, "nextPageButton")
    wait_for(lambda: app.backend.form["page"] == 2, what="page 2")

    # page 2: address picker, date wheels, housing
    tap(w, "nextPageButton")  # nothing filled yet: plain-language errors, still on page 2
    wait_for(lambda: any(r["error"] for r in app.backend.fields.rows()), what="inline errors")
    assert app.backend.form["page"] == 2
    tap(w, "choice_address_district_370102")
    wait_for(lambda: find(w, "choice_address_street_泉城路街道") is not None, what="street choices")
    tap(w, "choice_address_street_泉城路街道")
    app.backend.setFieldValue("address", {"district": "370102", "street": "泉城路街道", "detail": "1号楼2单元301"})
    tap(w, "date_set_since")
    tap(w, "choice_housing_owned")
    tap(w, "nextPageButton")
    wait_for(lambda: app.backend.form["page"] == 3, what="page 3")

    tap(w, "choice_purpose_employment")
    tap(w, "stepUp")  # copies: a stepper, one copy
    tap(w, "choice_truthful_agree")
    tap(w, "nextPageButton")
    wait_for(lambda: _screen(app) == "review", what="review")
    review = {r["fieldId"]: r["value"] for r in app.backend.review.rows()}
    assert review["phone"] == "13912345678"  # what the resident typed, in full, so a typo can be caught (issue 15)
    assert "id_number" in review and ident.id_number not in review["id_number"]

    tap(w, "submitButton")
    wait_for(lambda: _screen(app) == "receipt", timeout_s=20, what="receipt")
    receipt = app.backend.receipt
    tracking = receipt["tracking"]
    assert receipt["printed"] is True

    # the printed receipt: masked name and ID, the tracking number, a QR code that leads back to it
    printed = app.services.printer.printed
    assert len(printed) == 1
    assert printed[0].tracking_number == tracking
    assert printed[0].masked_id == ident.masked_id and ident.id_number not in printed[0].masked_id
    assert printed[0].masked_name != ident.name and printed[0].masked_name.startswith(ident.name[0])
    assert tracking in printed[0].qr_payload

    # the database row: a pending outbox record with the tracking number, nothing personal in clear
    db = sqlite3.connect(app.services.settings.db_path)
    try:
        row = db.execute("SELECT service_id, form_id, form_version, status, outbox_id FROM submissions "
                         "WHERE tracking_number = ?", (tracking,)).fetchone()
        assert row[:4] == ("residence_certificate", "residence_certificate", 1, "pending")
        outbox = db.execute("SELECT kind, state, body FROM outbox WHERE id = ?", (row[4],)).fetchone()
        assert outbox[0] == "submission" and outbox[1] == "queued"
        dump = "\n".join(db.iterdump())
        assert ident.name not in dump and ident.id_number not in dump and "13912345678" not in dump
    finally:
        db.close()

    # done: the session is wiped and nothing of it remains anywhere the UI holds
    tap(w, "finishButton")
    wait_for(lambda: app.backend.finishStage == "take_card", what="take your card, before anything else")
    app.services.idcard.remove()  # the resident takes the card
    wait_for(lambda: _screen(app) == "rating", what="rating")
    b = app.backend
    assert b.resident.session.is_empty  # wiped before the (anonymous) rating is asked for
    tap(w, "rate_5")
    tap(w, "choice_rating_reason_fast")
    tap(w, "ratingSend")
    wait_for(lambda: _screen(app) == "finish", what="finish")
    assert b.resident.session.is_empty
    assert b.identified is False and b.identityMaskedName == "" and b.receipt == {} and b.form == {}
    for model in (b.fields, b.review, app.app.lookup.lookups):
        assert model.rowCount() == 0
    texts = "\n".join(visible_texts(w))
    for secret in (ident.name, ident.id_number, ident.masked_id, tracking, "13912345678"):
        assert secret not in texts
    app.clock.advance(10)
    b.tick()
    wait_for(lambda: _screen(app) == "attract", what="attract after finish")
    assert not b.canGoBack


def test_idle_timeout_counts_down_then_wipes_a_half_filled_form(app: Any) -> None:
    w = app.app.window
    b = app.backend
    tap(w, "attractStart")
    b.openService("residence_certificate")
    b.resident.session.identity = sample_identity("resident", app.clock)
    b.apply()
    wait_for(lambda: _screen(app) == "form", what="form")
    b.setFieldValue("phone", "13912345678")
    timeout = app.services.settings.ui.idle_timeout_s
    app.clock.advance(timeout - 10)
    b.tick()
    assert b.countdownVisible and b.idleRemaining == 10
    wait_for(lambda: find(w, "stayButton") is not None, what="idle warning")
    tap(w, "stayButton")  # the resident is still there
    assert not b.countdownVisible
    app.clock.advance(timeout + 1)
    b.tick()
    assert _screen(app) == "attract"
    assert b.resident.session.is_empty and b.fields.rowCount() == 0
    assert "13912345678" not in "\n".join(visible_texts(w))


def test_expired_card_is_refused_in_plain_words_and_manual_entry_checks_the_id(app: Any) -> None:
    w = app.app.window
    b = app.backend
    tap(w, "attractStart")
    b.openService("residence_certificate")
    tap(w, "applyButton")
    app.services.idcard.place(sample_identity("expired", app.clock))
    wait_for(lambda: b.identifyState == "expired", what="expired message")
    assert _screen(app) == "identify" and not b.identified
    tap(w, "manualEntryButton")
    type_into(w, "manualName", "李明")
    type_into(w, "manualId", "370102196803150022")  # wrong check digit
    type_into(w, "manualPhone", "13912345678")
    tap(w, "manualSubmit")
    wait_for(lambda: b.manualErrors.get("id_number") == "checksum", what="checksum error")
    assert _screen(app) == "manual"


def test_language_switch_retranslates_every_label(app: Any) -> None:
    w = app.app.window
    tap(w, "attractStart")
    wait_for(lambda: "您要办理什么业务？" in visible_texts(w), what="Chinese home")
    tap(w, "languageButton")
    wait_for(lambda: "What would you like to do?" in visible_texts(w), what="English home")
    assert app.backend.categories.get(0)["name"].isascii()
    tap(w, "languageButton")
    wait_for(lambda: "您要办理什么业务？" in visible_texts(w), what="Chinese again")


def test_search_finds_residence_certificate_by_pinyin_initials(app: Any) -> None:
    w = app.app.window
    tap(w, "attractStart")
    tap(w, "searchButton")
    type_into(w, "searchField", "jzzm")
    wait_for(lambda: find(w, "service_residence_certificate") is not None, what="search result")


def test_progress_lookup_by_tracking_number_uses_the_local_store(app: Any) -> None:
    b = app.backend
    w = app.app.window
    _apply_with_sample_answers(app)
    tracking = b.receipt["tracking"]
    b.finish()
    b.start()
    tap(w, "lookupButtonHome")
    type_into(w, "trackingField", tracking[:-1] + str((int(tracking[-1]) + 1) % 10))
    tap(w, "lookupButton")
    wait_for(lambda: app.app.lookup.lookupState == "invalid", what="typo caught")
    app.app.lookup.lookupTracking(tracking)
    wait_for(lambda: _screen(app) == "lookup_result", what="result")
    assert app.app.lookup.lookups.get(0)["status"] == "pending"


def test_certificate_printing_needs_the_residents_own_card(app: Any) -> None:
    b = app.backend
    _apply_with_sample_answers(app)
    stub = b.resident.session.last_stub
    store = app.services.store
    store.apply_statuses([{"submission_id": stub.submission_id, "tracking_number": stub.tracking_number,
                           "status": "approved", "updated_at": app.clock.now().isoformat(),
                           "certificate": {"number": "C1", "title": "居住证明", "body": "兹证明…", "verify_url": "x"}}],
                         cursor="1")
    assert store.find_by_tracking(stub.tracking_number).status == CaseStatus.APPROVED
    b.finish()
    # another person cannot print it, even with the tracking number
    b.start()
    b.resident.session.identity = sample_identity("hmt", app.clock)
    assert b.resident.print_certificate(stub.tracking_number).reason == "not_yours"
    b.finish()
    # the owner, identified by card, gets it; with no A4 printer configured she is told so, nothing crashes
    b.start()
    b.resident.session.identity = sample_identity("resident", app.clock)
    code, stubs = b.resident.lookup_identity()
    assert code == "ok" and stubs[0].certificate_available
    assert store.certificate_for(stub.tracking_number)["body"] == "兹证明…"
    outcome = b.resident.print_certificate(stub.tracking_number)
    assert not outcome.ok and outcome.reason == "offline" and "document_printer" in outcome.detail
    # a certificate carries the date it is printed: none while the clock is known to be wrong
    app.services.settings.document_printer.queue = "kiosk-a4"
    guard = app.services.clock_guard
    guard.observe_hub_time(app.clock.now() + timedelta(hours=3))
    outcome = b.resident.print_certificate(stub.tracking_number)
    assert not outcome.ok and outcome.reason == "clock_wrong" and "CLK-WRONG" in outcome.detail


def test_queue_ticket_is_numbered_offline_printed_and_queued_for_the_hub(app: Any) -> None:
    w = app.app.window
    b = app.backend
    tap(w, "attractStart")
    tap(w, "queueButton")
    tap(w, "queue_A")
    wait_for(lambda: _screen(app) == "ticket", timeout_s=20, what="ticket")
    first = app.app.community.ticket["number"]
    assert first.startswith("A") and first.endswith("001") and app.app.community.ticket["printed"]
    assert find(w, "ticketWaiting").property("text") == "无需等候，您是下一位。"  # not "about 0 people ahead"
    tap(w, "ticketDone")
    b.start()
    app.app.community.openQueue()
    app.app.community.takeTicket("A")
    wait_for(lambda: _screen(app) == "ticket" and app.app.community.ticket["number"] != first, timeout_s=20, what="second ticket")
    assert app.app.community.ticket["number"].endswith("002") and app.app.community.ticket["waiting"] == 1
    wait_for(lambda: find(w, "ticketWaiting").property("text").startswith("前面约有 1 人"), what="one ahead")
    db = __import__("sqlite3").connect(app.services.settings.db_path)
    bodies = [json.loads(r[0]) for r in db.execute("SELECT body FROM outbox WHERE kind = 'queue_ticket' ORDER BY seq")]
    db.close()
    assert [x["number"] for x in bodies] == [first, app.app.community.ticket["number"]]


def test_call_staff_raises_an_alert_item(app: Any) -> None:
    w = app.app.window
    tap(w, "attractStart")
    tap(w, "callStaffButton")
    wait_for(lambda: app.app.community.staffCalled, what="staff called")
    wait_for(lambda: app.backend.tasks.pending == 0, what="queued")
    db = __import__("sqlite3").connect(app.services.settings.db_path)
    n = db.execute("SELECT count(*) FROM outbox WHERE kind = 'call_staff'").fetchone()[0]
    db.close()
    assert n == 1


def test_one_question_per_screen_layout_and_searchable_lists(app: Any) -> None:
    b = app.backend
    b.start()
    form_id = "temporary_assistance"
    service = next(s.id for s in app.content.catalog.services if s.form_id == form_id)
    assert app.content.forms[form_id].layout == "one_per_screen"
    b.openService(service)
    b.resident.session.identity = sample_identity("resident", app.clock)
    b.apply()
    assert _screen(app) == "form"
    assert b.fields.rowCount() == 1  # one question on the screen
    steps = b.form["pageCount"]
    assert steps > len(app.content.forms[form_id].pages)
    first = b.fields.get(0)["fieldId"]
    assert b.fields.get(0)["required"]
    b.setFieldValue(first, "")  # the resident clears the prefilled answer
    b.nextPage()  # unanswered: stays, with the message
    assert b.fields.get(0)["error"] and b.form["page"] == 1 and b.fields.get(0)["fieldId"] == first
    b.setFieldValue(first, "王芳")
    b.nextPage()
    assert b.form["page"] == 2 and b.fields.rowCount() == 1 and b.fields.get(0)["fieldId"] != first


def test_searchable_list_filters_by_pinyin_initials(app: Any) -> None:
    b = app.backend
    b.start()
    b.openService(next(s.id for s in app.content.catalog.services if s.form_id == "elderly_allowance"))
    b.resident.session.identity = sample_identity("resident", app.clock)
    b.apply()
    f = next(f for f in app.content.forms["elderly_allowance"].fields if f.type == "searchable_choice")
    target = f.choices[-1]
    initials = "".join(lazy_pinyin(target.label["zh_CN"], style=Style.FIRST_LETTER))
    found = b.fieldLookups.filterChoices(f.id, initials)
    assert found and target.value in [c["value"] for c in found]
    assert len(b.fieldLookups.filterChoices(f.id, "")) == min(8, len(f.choices))


def test_scanning_a_receipt_qr_code_shows_its_progress(app: Any) -> None:
    b = app.backend
    _apply_with_sample_answers(app)
    qr = b.receipt["qr"]
    b.finish()
    app.app.community.skipRating()
    scanner = app.services.scanner
    scanner.scan("some other code")  # not ours: ignored
    scanner.scan(qr)  # the receipt held under the scanner, from the finish screen
    wait_for(lambda: _screen(app) == "lookup_result", what="progress from the QR code")
    assert app.app.lookup.lookups.get(0)["status"] == "pending"


def test_a_notice_can_be_printed_on_a4_and_says_so_when_it_cannot(app: Any, tmp_path: Any) -> None:

    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(notice_pdf("示例中心", "老年人免费健康体检", "2026年11月18日", "体检时间：12月1日上午。"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "老年人免费健康体检" in text and "12月1日" in text

    w = app.app.window
    tap(w, "attractStart")
    tap(w, "noticesButton")
    first = app.app.community.notices.get(0)["noticeId"]
    tap(w, f"notice_{first}")
    tap(w, "printNoticeButton")
    wait_for(lambda: app.app.community.noticePrintState != "", what="print outcome")
    assert app.app.community.noticePrintState == "offline"  # no A4 queue configured in the fixture
    jobs = app.services.store.jobs(state="failed")
    assert any(j.kind == "document" for j in jobs)  # journalled, so a technician can reprint it


@pytest.mark.parametrize("card", ["foreign2017", "foreign2023", "hmt"])
def test_permits_and_foreign_permanent_resident_cards_identify_in_english(app: Any, card: str) -> None:
    w = app.app.window
    b = app.backend
    tap(w, "attractStart")
    tap(w, "languageButton")
    b.openService("residence_certificate")
    tap(w, "applyButton")
    ident = sample_identity(card, app.clock)
    app.services.idcard.place(ident)
    wait_for(lambda: _screen(app) == "form", what=f"form after a {card} card")
    assert b.identityMaskedName and ident.name not in b.identityMaskedName
    assert b.form["title"].isascii()  # the form is in English
