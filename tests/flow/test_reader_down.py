"""Issue 15 item 11: a reader that is unplugged or not answering is said once (and audited once), never
blamed on the resident's card, and the identify screen changes back by itself when the reader answers."""

from __future__ import annotations

from typing import Any

from contract.clock import FakeClock
from kiosk.flow import ResidentFlow
from kiosk.flow.reader_poll import look
from kiosk.roles.idcard import CardRead, NoCard, ReaderDisconnected, ReaderFault
from tests.flow.conftest import sample_identity


def _faults(services: Any) -> int:
    return sum(1 for event, *_ in services.store.audit_events() if event == "device.fault")


def _identify_screen(flow: ResidentFlow, service: str = "residence_certificate") -> None:
    flow.start()
    flow.open_service(service)
    assert flow.identify_for("apply") is False


def test_a_reader_down_is_said_once_and_clears_by_itself(flow: ResidentFlow, services: Any,
                                                         clock: FakeClock) -> None:
    _identify_screen(flow)
    reader = services.idcard
    reader.connected = False
    assert flow.card_result(look(reader, flow.guard.card_present)) == "changed"
    assert flow.state.identify_state == "offline" and _faults(services) == 1
    for _ in range(5):  # the watcher keeps looking: nothing more to say, nothing more to audit
        assert flow.card_result(look(reader, flow.guard.card_present)) == ""
    assert _faults(services) == 1
    reader.connected = True  # plugged back, nothing on it
    assert flow.card_result(look(reader, flow.guard.card_present)) == "changed"
    assert flow.state.identify_state == "waiting"
    reader.connected = False
    flow.card_result(look(reader, flow.guard.card_present))
    reader.place(sample_identity(clock))
    reader.connected = True  # back with a card already on it: it is read, and the resident goes on
    assert flow.card_result(look(reader, flow.guard.card_present)) == "identified"


def test_a_reader_not_answering_is_the_readers_fault(flow: ResidentFlow) -> None:
    _identify_screen(flow)
    not_answering = ReaderFault("not_answering", "no usable answer to the presence probe", retryable=False)
    assert flow.card_result(not_answering) == "changed" and flow.state.identify_state == "offline"
    assert flow.card_result(ReaderDisconnected()) == ""
    assert flow.card_result(ReaderFault("SW3=41", retryable=True)) == "changed"  # a card badly laid: it answers
    assert flow.state.identify_state == "unreadable"
    assert flow.card_result(CardRead(sample_identity(FakeClock()))) == "identified"
    assert flow.card_result(NoCard()) == "removed"


def test_manual_entry_where_the_service_allows_it(flow: ResidentFlow) -> None:
    _identify_screen(flow)
    assert flow.manual_entry_allowed  # no face check
    _identify_screen(flow, "minimum_living_allowance")
    assert flow.manual_entry_allowed  # face check; without a card photo staff check the person
    flow.settings.face = flow.settings.face.model_copy(update={"no_photo": "refuse"})
    assert not flow.manual_entry_allowed  # typed details would be refused at the face check
    flow.identify_for("lookup")
    assert flow.manual_entry_allowed  # looking up progress needs no face
