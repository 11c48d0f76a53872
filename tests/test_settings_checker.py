"""The settings' own checker (contract/sections.py, which replaced pydantic on the terminal for issue 17): the
conversions environment text needs, pydantic's wording, bounded hostile input, validated assignment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contract.sections import MAX_LIST, ValidationError
from contract.settings import Settings, SettingsError, load_settings, load_tolerant


def _messages(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        Settings.model_validate({"data_dir": "/tmp/k", **data})
    return {".".join(map(str, e["loc"])): e["msg"] for e in exc.value.errors()}


def test_environment_text_becomes_typed_values(tmp_path: Path) -> None:
    env = {"KIOSK_UI__IDLE_TIMEOUT_S": " 90 ", "KIOSK_UI__FULLSCREEN": "off", "KIOSK_FACE__THRESHOLD": "0.6",
           "KIOSK_UI__LANGUAGES": "en_US,zh_CN", "KIOSK_DATA_DIR": str(tmp_path), "KIOSK_PCSC__ENABLED": "YES"}
    s = load_settings(None, environ=env)
    assert (s.ui.idle_timeout_s, s.ui.fullscreen, s.face.threshold) == (90, False, 0.6)
    assert s.ui.languages == ["en_US", "zh_CN"] and s.pcsc.enabled is True and s.data_dir == tmp_path
    assert isinstance(s.sync.interval_s, float)  # a float field's whole-number default is a float


@pytest.mark.parametrize(("data", "key", "message"), [
    ({"ui": {"idle_timeout_s": "soon"}}, "ui.idle_timeout_s",
     "Input should be a valid integer, unable to parse string as an integer"),
    ({"ui": {"idle_timeout_s": 12.5}}, "ui.idle_timeout_s",
     "Input should be a valid integer, got a number with a fractional part"),
    ({"ui": {"idle_timeout_s": 5}}, "ui.idle_timeout_s", "Input should be greater than or equal to 10"),
    ({"face": {"threshold": 1.5}}, "face.threshold", "Input should be less than 1.2"),
    ({"ui": {"fullscreen": "maybe"}}, "ui.fullscreen", "Input should be a valid boolean, unable to interpret input"),
    ({"ui": {"default_language": "fr"}}, "ui.default_language", "Input should be 'zh_CN' or 'en_US'"),
    ({"printer": {"paper_width_mm": "58"}}, "printer.paper_width_mm", "Input should be 58 or 80"),
    ({"ui": {"languages": ["zh_CN", "xx"]}}, "ui.languages.1", "Input should be 'zh_CN' or 'en_US'"),
    ({"terminal": {"district_code": "12"}}, "terminal.district_code", "String should match pattern '^\\d{6}$'"),
    ({"terminal": {"terminal_id": 5}}, "terminal.terminal_id", "Input should be a valid string"),
    ({"idcard": {"baud": 1234}}, "idcard.baud", "Value error, baud must be one of 9600, 19200, 38400, 57600, 115200"),
    ({"idcard": {"baut": 9600}}, "idcard.baut", "Extra inputs are not permitted"),
    ({"ui": 3}, "ui", "Input should be a valid dictionary or instance of UiSettings"),
    ({"mode": "production"}, "", "Value error, idcard.driver='simulator' is not allowed in production mode"),
])
def test_each_problem_is_named_in_pydantics_words(data: dict[str, Any], key: str, message: str) -> None:
    assert _messages(data)[key] == message


def test_every_problem_of_one_file_is_reported_at_once() -> None:
    assert set(_messages({"ui": {"idle_timeout_s": 1, "countdown_s": 1}, "sync": {"timeout_s": 0}})) == {
        "ui.idle_timeout_s", "ui.countdown_s", "sync.timeout_s"}


def test_a_hostile_list_is_refused_before_its_items_are_read() -> None:
    class Exploding:
        def __eq__(self, other: object) -> bool:
            raise AssertionError("an item of an oversized list was looked at")

        __hash__ = object.__hash__

    messages = _messages({"ui": {"languages": [Exploding()] * (MAX_LIST + 1)}})
    assert messages == {"ui.languages": f"List should have at most {MAX_LIST} items"}


def test_assignment_is_checked_and_a_copy_or_json_round_trip_keeps_every_value(tmp_path: Path) -> None:
    s = load_settings(None, environ={"KIOSK_DATA_DIR": str(tmp_path)})
    with pytest.raises(ValidationError):
        s.ui.idle_timeout_s = 3
    with pytest.raises(ValidationError):
        s.ui.no_such_key = 1  # type: ignore[attr-defined]
    s.ui.idle_timeout_s = "75"  # type: ignore[assignment]
    assert s.ui.idle_timeout_s == 75
    assert Settings.model_validate_json(s.model_dump_json()) == s
    copy = s.model_copy(update={"camera": s.camera.model_copy(update={"scene": "no_one"})})
    assert copy.camera.scene == "no_one" and s.camera.scene == "holder"


def test_the_tolerant_load_keeps_good_keys_and_names_bad_ones(tmp_path: Path) -> None:
    s, errors = load_tolerant(None, environ={"KIOSK_DATA_DIR": str(tmp_path)},
                              overrides={"ui": {"idle_timeout_s": 1, "countdown_s": 20}})
    assert s.ui.idle_timeout_s == 60 and s.ui.countdown_s == 20
    assert errors == {"ui.idle_timeout_s": "Input should be greater than or equal to 10"}
    with pytest.raises(SettingsError, match="invalid setting ui.idle_timeout_s"):
        load_settings(None, environ={"KIOSK_DATA_DIR": str(tmp_path)}, overrides={"ui": {"idle_timeout_s": 1}})
