"""The resident flow on fake devices without Qt: navigation, identify, the form cursor, settings, the wipe."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from contract.clock import FakeClock
from kiosk.flow import ResidentFlow
from kiosk.roles.idcard import CardRead, NoCard, ReaderDisconnected
from tests.flow.conftest import sample_identity


def _to_guide(flow: ResidentFlow, service_id: str = "residence_certificate") -> None:
    flow.start()
    flow.open_service(service_id)


def test_the_flow_imports_no_qt() -> None:
    code = "import sys, kiosk.flow; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_start_browse_and_back(flow: ResidentFlow, entered: list[str]) -> None:
    flow.start()
    flow.open_category("certificates")
    assert [s.id for s in flow.found_services()] and all(s.category == "certificates" for s in flow.found_services())
    flow.open_service("residence_certificate")
    assert flow.stack.names == ("home", "category", "guide")
    assert flow.go_back() == "screen" and flow.screen == "category"
    assert entered == ["home", "category", "guide", "category"]
    assert flow.go_home() and flow.stack.names == ("home",)


def test_search_lists_hits_only_for_typed_text(flow: ResidentFlow) -> None:
    flow.start()
    flow.stack.show("search")
    assert flow.found_services() == []
    flow.state.search_text = "jzzm"
    assert [s.id for s in flow.found_services()] == ["residence_certificate"]


def test_a_card_read_identifies_and_leads_to_the_form(flow: ResidentFlow, clock: FakeClock) -> None:
    _to_guide(flow)
    assert flow.identify_for("apply") is False
    assert flow.screen == "identify" and flow.state.identify_state == "waiting"
    assert flow.card_result(NoCard()) == ""
    assert flow.card_result(CardRead(sample_identity(clock))) == "identified"
    assert flow.state.identify_state == "ok"
    flow.begin_form()
    assert flow.stack.names == ("home", "guide", "form")  # Back from the form goes to the guide
    assert flow.identify_for("apply") is True  # identified once per session


def test_an_expired_card_stays_on_screen_when_lifted_but_offline_clears(flow: ResidentFlow, clock: FakeClock) -> None:
    _to_guide(flow)
    flow.identify_for("apply")
    assert flow.card_result(CardRead(sample_identity(clock, "expired"))) == "changed"
    assert flow.state.identify_state == "expired"
    assert flow.card_result(NoCard()) == ""
    assert flow.card_result(ReaderDisconnected("unplugged")) == "changed"
    assert flow.state.identify_state == "offline"
    assert flow.card_result(NoCard()) == "changed" and flow.state.identify_state == "waiting"


def test_reads_off_the_identify_screen_are_ignored(flow: ResidentFlow, clock: FakeClock) -> None:
    _to_guide(flow)
    assert flow.card_result(CardRead(sample_identity(clock))) == ""
    assert flow.resident.session.identity is None


def test_form_pages_errors_first_then_forward_and_back(flow: ResidentFlow, clock: FakeClock) -> None:
    _to_guide(flow)
    flow.resident.session.identity = sample_identity(clock)
    assert flow.identify_for("apply")
    flow.begin_form()
    form = flow.resident.session.form
    assert flow.cursor.pos == 0 and flow.form_info()["page"] == 1
    assert flow.next_page() == "errors" and flow.cursor.show_errors
    rows = flow.cursor.field_rows(form, flow.language)
    assert rows is not None and any(r["error"] for r in rows)
    for f in flow.cursor.step_fields(form):
        if f.required and form.value(f.id) in (None, "", []):
            form.set_value(f.id, "13912345678" if f.id == "phone" else "x")
    assert flow.cursor.step_errors(form, flow.language) == {}
    assert flow.next_page() == "next" and flow.cursor.pos == 1 and not flow.cursor.show_errors
    assert flow.go_back() == "page"  # the form's own Back: a page, not the screen
    assert flow.prev_page() and flow.cursor.pos == 0


def test_language_and_large_text_are_session_settings_wiped_at_the_end(flow: ResidentFlow) -> None:
    flow.start()
    assert flow.set_language("en_US") and flow.language == "en_US"
    assert not flow.set_language("en_US") and not flow.set_language("fr_FR")
    flow.toggle_large_text()
    flow.state.high_contrast = True
    flow.open_category("certificates")
    flow.wipe("idle")
    assert flow.language == flow.settings.ui.default_language and not flow.large_text
    assert flow.state.high_contrast is False and flow.state.category_id == ""
    assert flow.resident.session.is_empty and flow.cursor.pos == 0


def test_large_text_gets_the_slower_idle_timeout(flow: ResidentFlow, clock: FakeClock) -> None:
    ui = flow.settings.ui
    flow.start()
    flow.toggle_large_text()
    clock.advance(ui.idle_timeout_s + 1)
    assert flow.tick(busy=False).action == ""
    clock.advance(ui.elderly_idle_timeout_s)
    assert flow.tick(busy=False).action == "wipe"


def test_finish_rates_a_used_service_then_holds_the_finish_screen(flow: ResidentFlow, clock: FakeClock) -> None:
    _to_guide(flow)
    flow.stack.show("receipt", reset=True)
    service = flow.service_to_rate()
    assert service == "residence_certificate"
    flow.wipe("finish")
    flow.after_finish(service)
    assert flow.screen == "rating" and flow.end_rating() == "residence_certificate"
    flow.stack.show("finish", reset=True)
    assert not flow.go_home()  # Home on the finish screen is a finish, not a new session
    clock.advance(8)
    assert flow.tick(busy=False).action == "attract" and flow.screen == "attract"


def test_new_content_waits_for_the_end_of_a_session(flow: ResidentFlow) -> None:
    content: Any = flow.resident.content
    flow.start()
    assert flow.offer_content(content) is False and flow.pending_content is content
    flow.wipe("finish")
    flow.stack.show("attract", reset=True)
    assert flow.offer_content(content) is True and flow.pending_content is None


def test_a_scanned_receipt_is_ours_only_away_from_a_form(flow: ResidentFlow) -> None:
    assert flow.scan_action("https://example.org") == ""
    assert flow.scan_action("KIOSK:TRACK:123") == "start"
    flow.start()
    assert flow.scan_action("KIOSK:TRACK:123") == "lookup"
    flow.stack.show("manual")
    assert flow.scan_action("KIOSK:TRACK:123") == ""


def test_lookup_by_card_after_identification_skips_the_identify_screen(flow: ResidentFlow, clock: FakeClock) -> None:
    flow.start()
    flow.stack.show("lookup")
    assert flow.identify_for("lookup") is False
    assert flow.card_result(CardRead(sample_identity(clock))) == "identified"
    flow.show_lookup("none")
    assert flow.stack.names == ("home", "lookup", "lookup_result") and flow.state.lookup_state == "none"
