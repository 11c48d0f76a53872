"""``kiosk screenshot``: render any screen offscreen, with sample data, to a PNG."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from contract.forms import FormError, load_definition
from contract.idnumber import make_valid
from kiosk.content import load_sample_content
from terminal.cli import EXIT_OK, EXIT_USAGE, UsageError
from ui.harness import build_harness, sample_identity
from ui.settle import wait_until_quiet

SCREEN_NAMES = (
    "attract", "home", "category", "search", "guide", "identify", "identify_error", "manual", "manual_errors",
    "form", "form_errors", "review", "review_storage_full", "review_clock_wrong", "receipt", "receipt_paper_out", "finish", "lookup", "lookup_result",
    "notices", "notice", "idle_warning", "queue", "ticket", "rating", "identify_reader_down",
)


def _settle(h: Any) -> None:
    """Until the screen is drawn as a resident would see it: no background task left, the event loop quiet."""
    wait_until_quiet(lambda: h.backend.tasks.pending)


def _wait_identify_state(h: Any, state: str, timeout_s: float = 10) -> None:
    """Until the card watcher's next look has brought the identify screen to ``state``."""
    import time

    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout_s
    while h.backend.flow.state.identify_state != state and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
    if h.backend.flow.state.identify_state != state:
        raise RuntimeError(f"the identify screen did not reach {state!r}")


def _wait_tasks(h: Any, timeout_s: float = 20) -> None:
    import time

    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout_s
    while h.backend.tasks.pending and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
    if h.backend.tasks.pending:
        raise RuntimeError("background work did not finish")


def _first_form_service(h: Any, form_id: str | None = None) -> str:
    for s in h.content.catalog.services:
        if s.form_id and (form_id is None or s.form_id == form_id):
            return s.id
    raise UsageError(f"no service uses form {form_id!r}")


def _identify(h: Any) -> None:
    h.backend.resident.session.identity = sample_identity("resident", h.clock)
    h.backend.sessionChanged.emit()


def _to_form(h: Any, form_id: str | None = None, page: int = 1) -> None:
    b = h.backend
    b.start()
    b.openService(_first_form_service(h, form_id))
    _identify(h)
    b.apply()
    for _ in range(max(0, page - 1)):
        b.flow.cursor.pos += 1  # render a later page as it looks, even before earlier ones are filled
    b._refresh_fields(reset=True)
    b.formChanged.emit()


def _fill_sample_answers(h: Any) -> None:
    """Answer every visible question plausibly so the review and receipt have something to show."""
    form = h.backend.resident.session.form
    for pi in form.visible_pages():
        for f in form.visible_fields(pi):
            if not f.is_input or form.value(f.id) not in (None, "", []):
                continue
            value: Any
            if f.type in ("single_choice", "searchable_choice") and f.choices:
                value = f.choices[0].value
            elif f.type == "multiple_choice" and f.choices:
                value = [f.choices[0].value]
            elif f.type in ("yes_no", "consent"):
                value = True
            elif f.type == "date":
                value = "2026-11-20"
            elif f.type == "number":
                value = "2"
            elif f.type == "phone":
                value = "13800000000"
            elif f.type == "id_number":
                value = make_valid("37010219700101001")
            elif f.type == "signature":
                value = {"paths": [[[10, 10], [80, 40], [150, 20]]]}
            elif f.type == "address":
                value = {"district": "370102", "street": "泉城路街道", "detail": "1号楼2单元301"}
            elif f.type == "email":
                value = "resident@example.com"
            else:
                value = "示例" if h.backend.language == "zh_CN" else "Sample"
            try:
                form.set_value(f.id, value)
            except (TypeError, ValueError):
                pass


def _submit(h: Any) -> None:
    _to_form(h)
    _fill_sample_answers(h)
    h.backend._show_review()
    h.backend.submit()
    _wait_tasks(h)


def prepare(h: Any, name: str, form_id: str | None = None, page: int = 1) -> None:
    """Drive the harness's backend to the named screen, as a resident would get there."""
    b, c, lookup = h.backend, h.app.community, h.app.lookup
    Steps = tuple[Callable[[], object], ...]

    def flag(attr: str, value: str) -> Steps:
        """Set a flow state no sample input reaches (an expired card, a full disk), then repaint."""
        return (lambda: setattr(b.flow.state, attr, value), b.sessionChanged.emit)

    guide: Steps = (b.start, lambda: b.openService(_first_form_service(h)))
    identify: Steps = (*guide, b.apply)
    manual: Steps = (*identify, b.useManualEntry)
    review: Steps = (lambda: _to_form(h), lambda: _fill_sample_answers(h), b._show_review)
    submit: Steps = (lambda: _submit(h),)
    steps: dict[str, Steps] = {
        "attract": (),
        "home": (b.start,),
        "category": (b.start, lambda: b.openCategory(h.content.catalog.categories[0].id)),
        "search": (b.start, b.openSearch, lambda: b.search("jzzm")),
        "guide": guide,
        "identify": identify,
        "identify_error": (*identify, *flag("identify_state", "expired")),
        # the fake reader unplugged (the last screen of the list: it stays unplugged in a sweep)
        "identify_reader_down": (lambda: setattr(h.services.idcard, "connected", False), *identify,
                                 lambda: _wait_identify_state(h, "offline")),
        "manual": manual,
        "manual_errors": (*manual, lambda: b.submitManual("", "370102196803150021", "1380000")),
        "form": (lambda: _to_form(h, form_id, page),),
        "form_errors": (lambda: _to_form(h, form_id, page), b.nextPage),
        "review": review,
        "review_storage_full": (*review, *flag("submit_error", "storage")),
        "review_clock_wrong": (*review, *flag("submit_error", "clock")),
        "receipt": submit,
        "receipt_paper_out": (lambda: setattr(h.services.printer, "paper", "out"), *submit),
        "finish": (b.start, b.finish),
        "lookup": (b.start, lookup.openLookup),
        "lookup_result": (lambda: _lookup_after_submit(h),),
        "notices": (b.start, c.openNotices),
        "notice": (b.start, c.openNotices, lambda: c.openNotice(c.notices.get(0).get("noticeId", ""))),
        "queue": (b.start, c.openQueue),
        "ticket": (b.start, c.openQueue, lambda: c.takeTicket("A"), lambda: _wait_tasks(h)),
        "rating": (*submit, b.finish),
        "idle_warning": (b.start, lambda: h.clock.advance(h.services.settings.ui.idle_timeout_s - 10), b.tick),
    }
    if name not in steps:
        raise UsageError(f"unknown screen {name!r}; see kiosk screenshot --list")
    for step in steps[name]:
        step()
    _settle(h)


def _lookup_after_submit(h: Any) -> None:
    _submit(h)
    stub = h.backend.resident.session.last_stub
    if stub is None:
        raise RuntimeError("the sample submission failed")
    b = h.backend
    b.finish()
    b.start()
    h.app.lookup.openLookup()
    h.app.lookup.lookupTracking(stub.tracking_number)


def render(name: str, out: Path, *, size: tuple[int, int] = (1080, 1920), lang: str = "zh_CN",
           large_text: bool = False, form: Path | None = None, page: int = 1) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    content = load_sample_content()
    form_id = None
    if form is not None:
        try:
            definition = load_definition(form)
        except (FormError, OSError, ValueError) as exc:
            raise UsageError(f"form {form}: {exc}") from exc
        form_id = definition.id
        forms = dict(content.forms)
        forms[definition.id] = definition
        content = replace(content, forms=forms)
        if not any(s.form_id == definition.id for s in content.catalog.services):
            # render a form no service uses yet: borrow the first service with a form
            form_id = next(s.form_id for s in content.catalog.services if s.form_id)
            forms[form_id] = definition
    h = build_harness(size=size, language=lang, content=content)
    try:
        prepare(h, name, form_id=form_id, page=page)
        if large_text:  # after prepare: a new session starts in normal text
            h.backend.toggleLargeText()
            _settle(h)
        image = h.app.grab()
        out.parent.mkdir(parents=True, exist_ok=True)
        # PySide6 6.x stubs type the format as bytes, but at run time save() accepts only a str
        if not image.save(str(out), "PNG"):  # type: ignore[call-overload]
            raise RuntimeError(f"could not write {out}")
        return out
    finally:
        h.close()


def run_screenshot(args: argparse.Namespace) -> int:
    if args.list:
        print("\n".join(SCREEN_NAMES))
        return EXIT_OK
    if not args.screen or not args.out:
        print("kiosk screenshot: --screen NAME and --out FILE.png are required (or --list)", file=sys.stderr)
        return EXIT_USAGE
    if args.form is not None and args.screen not in ("form", "form_errors"):
        raise UsageError("--form only applies to --screen form")
    render(args.screen, args.out, size=args.size, lang=args.lang, large_text=args.large_text,
           form=args.form, page=args.page)
    print(args.out)
    return EXIT_OK
