"""XLSForms from pyxform's examples pass ``kiosk-hub forms validate``, are published with ``kiosk-hub forms
publish`` into the real hub (version numbered by the hub), and a terminal syncs them and can use them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contract.forms import FormDefinition, FormState
from hub.cli import main as hub_main

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[1] / "forms" / "xlsform_examples"
MUST_LOAD = ("text_and_integer.xlsx", "yes_or_no_question.xlsx", "group.xlsx", "field-list.xlsx",
             "extra_columns.xlsx", "or_other.xlsx")


def test_issue_21_examples_validate_publish_and_reach_a_terminal(real_hub: Any, terminal_factory: Any,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    hub_args = ["--data-dir", str(real_hub.db_path.parent), "--db", f"sqlite:///{real_hub.db_path}"]
    ids = {}
    for name in MUST_LOAD:
        assert hub_main(["forms", "validate", str(EXAMPLES / name)]) == 0, capsys.readouterr().err
        out = capsys.readouterr().out
        assert out.startswith(f"valid: {EXAMPLES / name} (") and "version numbered when published" in out
        ids[name] = out.split("(", 1)[1].split(",", 1)[0]
    assert ids["field-list.xlsx"] == "field_list"
    for name in ("group.xlsx", "or_other.xlsx"):
        assert hub_main(["forms", "publish", str(EXAMPLES / name), *hub_args]) == 0, capsys.readouterr().err
        out = capsys.readouterr().out
        assert f"published form/{ids[name]} v1" in out and f"released form/{ids[name]} v1" in out

    t = terminal_factory(real_hub.url)
    t.enroll(real_hub.url, real_hub.new_token())
    report = t.service.run_once()
    assert report.ok and report.bundle_current, report.errors
    active = t.service.bundles.active()
    assert active is not None
    forms = active.of_kind("form")
    group = FormDefinition.from_dict(forms["group"])
    assert group.version == 1 and [p.id for p in group.pages] == ["page_1", "father"]
    assert group.field("phone_number").type == "phone"
    or_other = FormDefinition.from_dict(forms["or_other"])
    state = FormState(or_other)
    state.set_value("fav_color", "other")
    assert state.is_relevant("fav_color_other")
    assert [c.value for c in state.choices("fav_pastel")] == ["mauve", "apricot"]
