"""The capture steps without Qt: which papers become steps, required and optional, retake, delete, the
counter, Back, what the submission carries, and the wipe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract.catalog import Material
from contract.clock import FakeClock
from contract.settings import load_settings
from devices.doccam.photo import Scene, photograph
from kiosk.content import load_sample_content
from kiosk.flow import ResidentFlow
from kiosk.materials import MaterialSteps, Shot, take_page
from kiosk.pages import reasons
from kiosk.resident import ResidentService
from kiosk.roles.doccam import CameraFault
from kiosk.submission import CAPTURED, COUNTER, SKIPPED
from terminal.bootstrap import build_services
from tests.flow.conftest import sample_identity
from tests.sync.test_store_pages import sample_page

NAME = {"zh_CN": "甲", "en_US": "A"}


@pytest.fixture
def camera_services(tmp_path: Path, clock: FakeClock) -> Iterator[Any]:
    empty = tmp_path / "kiosk.toml"
    empty.write_text("", encoding="utf-8")
    settings = load_settings(config_file=empty, environ={}, overrides={
        "data_dir": str(tmp_path / "data"), "mode": "demo", "idcard": {"driver": "fake"},
        "printer": {"driver": "fake"}, "scanner": {"driver": "fake"},
        "doccam": {"driver": "fake", "still_size": "1600x1200", "preview_size": "320x240"},
    })
    built = build_services(settings, clock)
    try:
        yield built
    finally:
        built.close()


def _answered(flow: ResidentFlow, clock: FakeClock) -> None:
    flow.start()
    flow.open_service("residence_certificate")
    flow.resident.session.identity = sample_identity(clock)
    flow.begin_form()
    form = flow.resident.session.form
    flow.cursor.pos = len(form.visible_pages()) - 1
    flow.cursor.step_errors = lambda *_a: {}  # type: ignore[method-assign]  # the answers are not the point here


def test_only_papers_with_an_id_become_steps_and_required_ones_block() -> None:
    steps = MaterialSteps([Material(NAME), Material(NAME, "a"), Material(NAME, "b", required=False)])
    assert [m.id for m in steps.steps] == ["a", "b"]
    assert not steps.can_continue
    steps.record(Shot(reasons.BLURRED))
    assert steps.last_reason == reasons.BLURRED and steps.pages() == [] and not steps.can_continue
    steps.record(Shot(reasons.OK, page=sample_page(1)))
    steps.record(Shot(reasons.OK, page=sample_page(2)))
    steps.retake(0)
    steps.record(Shot(reasons.OK, page=sample_page(3)))
    assert [p.data for p in steps.pages()] == [sample_page(3).data, sample_page(2).data]
    steps.delete(1)
    assert steps.can_continue and steps.next() and steps.current.id == "b"
    assert steps.can_continue and steps.last_reason == ""  # optional: never blocks
    assert not steps.next() and steps.done
    assert [(o.material, o.status, len(o.pages)) for o in steps.outcome()] == [("a", CAPTURED, 1), ("b", SKIPPED, 0)]
    assert steps.back() and not steps.back() and steps.current.id == "a"
    steps.bring_to_counter()
    assert steps.pages() == [] and steps.can_continue and steps.outcome()[0].status == COUNTER
    steps.clear()
    assert steps.page_count() == 0


def test_the_shutter_makes_a_page_or_says_why_not() -> None:
    from devices.doccam.fake import FakeDocCamera

    cam = FakeDocCamera(still_size=(1600, 1200))
    cam.show(photograph(Scene.random(5, size=(1600, 1200))).image)
    shot = take_page(cam)
    assert shot.accepted and shot.reason == reasons.OK and shot.page is not None
    assert shot.page.mime == "image/jpeg" and len(shot.page.data) <= 400_000
    cam.show(photograph(Scene.random(5, size=(1600, 1200), blur=0.003)).image)
    assert take_page(cam).reason == reasons.BLURRED
    cam.fail_next(CameraFault("DOC-NO-FRAME"))
    fault = take_page(cam)
    assert (fault.reason, fault.fault, fault.accepted) == (reasons.CAMERA, "DOC-NO-FRAME", False)


def test_after_the_form_the_papers_then_the_review_and_back(camera_services: Any, clock: FakeClock) -> None:
    flow = ResidentFlow(ResidentService(camera_services, load_sample_content()), clock)
    _answered(flow, clock)
    assert flow.next_page() == "materials" and flow.screen == "materials"
    steps = flow.resident.session.materials
    assert [m.id for m in steps.steps] == ["residence_proof"]
    assert flow.next_material() == ""  # required, nothing taken
    steps.record(Shot(reasons.OK, page=sample_page(1)))
    assert flow.next_material() == "review"
    flow.stack.show("review")
    assert flow.go_back() == "screen" and flow.screen == "materials"
    assert flow.go_back() == "screen" and flow.screen == "form"
    assert flow.next_page() == "review"  # the papers were done: a changed answer goes straight to the review
    assert flow.resident.session.materials is steps and steps.page_count() == 1


def test_without_a_camera_the_papers_go_to_the_counter(flow: ResidentFlow, clock: FakeClock) -> None:
    _answered(flow, clock)
    assert flow.next_page() == "review" and flow.resident.session.materials is None


def test_the_card_leaving_or_the_wipe_forgets_every_page(camera_services: Any, clock: FakeClock) -> None:
    flow = ResidentFlow(ResidentService(camera_services, load_sample_content()), clock)
    _answered(flow, clock)
    flow.next_page()
    steps = flow.resident.session.materials
    steps.record(Shot(reasons.OK, page=sample_page(1)))
    flow.wipe("idle")
    assert steps.page_count() == 0 and flow.resident.session.materials is None
    assert flow.resident.session.is_empty
