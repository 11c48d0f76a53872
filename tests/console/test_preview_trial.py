"""Issue 23, item 11: the preview shows a field's rules and answers a test value with the terminal's own checks
(the plate pattern of the Excel template's example, an earliest date), even for a field another answer shows."""

from __future__ import annotations

from datetime import date

from contract.forms.xlsx import convert_xlsx
from hub.console import form_workbook, preview

TODAY = date(2026, 12, 3)


def _template_form(tmp_path) -> dict:  # noqa: ANN001 - pytest's tmp_path
    path = tmp_path / "template.xlsx"
    path.write_bytes(form_workbook.template())
    definition = convert_xlsx(path)
    definition["version"] = 1
    start = {"id": "start", "type": "date", "label": {"zh_CN": "开始日期", "en_US": "Start"}, "min": "today"}
    definition["pages"][0]["fields"].append(start)
    return definition


def test_the_plate_pattern_refuses_with_the_authors_message_and_accepts_a_plate(tmp_path) -> None:  # noqa: ANN001
    definition = _template_form(tmp_path)
    refused = preview.try_value(definition, "plate", "ABC123", "zh_CN", TODAY)
    assert refused is not None and refused.problem == "请填写正确的车牌号码"
    assert refused.asked_when == "${has_car} = 'yes'"  # checked as if shown, and says when it is shown
    accepted = preview.try_value(definition, "plate", "鲁A12345", "en_US", TODAY)
    assert accepted is not None and accepted.problem is None


def test_an_earliest_date_is_checked_against_the_given_day(tmp_path) -> None:  # noqa: ANN001
    definition = _template_form(tmp_path)
    early = preview.try_value(definition, "start", "2026-12-02", "en_US", TODAY)
    assert early is not None and early.problem and "3" in early.problem and early.asked_when is None
    assert preview.try_value(definition, "start", "2026-12-03", "en_US", TODAY).problem is None  # type: ignore[union-attr]


def test_only_typed_fields_of_the_form_can_be_tried_and_values_are_bounded(tmp_path) -> None:  # noqa: ANN001
    definition = _template_form(tmp_path)
    assert preview.try_value(definition, "has_car", "yes", "zh_CN", TODAY) is None  # a choice: nothing to type
    assert preview.try_value(definition, "nope", "x", "zh_CN", TODAY) is None
    long = preview.try_value(definition, "name", "张" * 10_000, "zh_CN", TODAY)
    assert long is not None and len(long.value) == preview.MAX_TRIAL


def test_the_rules_are_shown_on_the_field(tmp_path) -> None:  # noqa: ANN001
    built = preview.build_preview(_template_form(tmp_path), "zh_CN")
    plate = next(f for s in built.screens for f in s.fields if f.id == "plate")
    rules = dict(plate.rules)
    assert rules["Pattern"].startswith("[京津沪") and rules["Message shown"] == "请填写正确的车牌号码"
    assert plate.triable
    start = next(f for s in built.screens for f in s.fields if f.id == "start")
    assert dict(start.rules)["Earliest"] == "today"
