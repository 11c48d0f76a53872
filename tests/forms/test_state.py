"""FormState: prefill, relevance, calculations, messages, review, answers and the wipe."""

from __future__ import annotations

import pytest

from contract.forms import FormDefinition, FormState
from contract.forms.model import filter_choices
from contract.idnumber import make_valid
from tests.forms.conftest import TODAY, minimal


def test_prefill_from_card_and_terminal(residence, card):
    s = FormState(residence, card, "zh_CN", today=TODAY)
    assert s.value("name") == "张秀英"
    assert s.value("sex") == "2"
    assert s.value("community") == "示例社区"
    assert s.is_prefilled("name")
    s.set_value("name", "张秀")
    assert not s.is_prefilled("name")


def test_required_and_pattern_messages_in_both_languages(residence, card):
    s = FormState(residence, card, "zh_CN", today=TODAY)
    assert s.errors(0, "zh_CN") == {"phone": "请填写这一项"}
    s.set_value("phone", "12345678901")
    assert s.errors(0, "en_US") == {"phone": "Please enter an 11-digit mobile number starting with 1."}
    s.set_value("phone", "13912345678")
    assert s.errors(0) == {}


def test_id_number_check_digit(residence, card):
    s = FormState(residence, card, today=TODAY)
    good = card["card.id_number"]
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    s.set_value("id_number", bad)
    assert s.field_error("id_number", "en_US") == "This ID number is not correct. Please check it and enter it again."
    s.set_value("id_number", good[:10])
    assert s.field_error("id_number", "zh_CN") == "身份证号码应为18位"
    s.set_value("id_number", good.lower())
    assert s.field_error("id_number") is None


def test_relevance_shows_and_hides_follow_up(residence, card):
    s = FormState(residence, card, today=TODAY)
    ids = [f.id for f in s.visible_fields(1)]
    assert "housing_other" not in ids
    s.set_value("housing", "other")
    assert "housing_other" in [f.id for f in s.visible_fields(1)]
    assert s.errors(1)["housing_other"] == "请填写这一项"
    s.set_value("housing_other", "单位借用房")
    s.set_value("housing", "owned")
    assert "housing_other" not in s.answers()


def test_calculated_age_drives_pages(elderly, card):
    s = FormState(elderly, card, "zh_CN", today=TODAY)
    assert s.value("age") == 86
    s.set_value("applicant_is", "self")
    assert s.visible_pages() == [0, 1]
    s.set_value("hukou_jinan", True)
    assert s.visible_pages() == [0, 1, 2]
    s.set_value("hukou_jinan", False)
    assert s.visible_pages() == [0, 1]
    assert [f.id for f in s.visible_fields(1)] == ["hukou_jinan", "hukou_note"]
    s.set_value("hukou_jinan", True)
    s.set_value("applicant_is", "agent")
    assert s.visible_pages() == [0, 1, 2, 3]
    s.set_value("birth_date", "1960-05-01")
    assert s.value("age") == 66
    assert s.visible_pages() == [0]
    assert "too_young" in [f.id for f in s.visible_fields(0)]


def test_custom_constraint_message_and_self_reference(elderly, card):
    s = FormState(elderly, card, today=TODAY)
    s.set_value("hukou_jinan", True)
    s.set_value("other_support", ["none", "disability"])
    assert s.field_error("other_support", "zh_CN") == "选了“都没有”就不要再选其他项"
    s.set_value("other_support", ["none"])
    assert s.field_error("other_support") is None


def test_band_calculation(elderly, card):
    card = dict(card, **{"card.birth_date": "1926-01-01"})
    s = FormState(elderly, card, today=TODAY)
    s.set_value("hukou_jinan", True)
    assert s.value("band") == "band_100"
    shown = [f.id for f in s.visible_fields(2)]
    assert "band_100_note" in shown and "band_80_note" not in shown


def test_number_range_and_cross_field_constraint(dibao, card):
    s = FormState(dibao, card, today=TODAY)
    s.set_value("household_size", "3")
    s.set_value("earners", "4")
    assert s.field_error("earners", "en_US") == "This cannot be more than the people in your household"
    s.set_value("earners", "1.5")
    assert s.field_error("earners", "zh_CN") == "请填写整数，不要带小数点"
    s.set_value("household_size", "25")
    assert s.field_error("household_size", "zh_CN") == "请填写1到20之间的数"
    s.set_value("household_size", "3")
    s.set_value("monthly_income", "1000")
    assert s.value("income_per_person") == 333.33


def test_signature_and_consent(dibao, card):
    s = FormState(dibao, card, today=TODAY)
    assert set(s.errors(3, "en_US")) == {"check_consent", "signature"}
    s.set_value("check_consent", True)
    s.set_value("signature", {"paths": [[[0, 0], [10, 12.55]], [[5, 5]]], "png_b64": "iVBORw0KGgo="})
    assert s.errors(3) == {}
    assert s.display_value("signature", "zh_CN") == "已签名"
    sig = s.answers()["signature"]
    assert sig["paths"][0][1] == [10.0, 12.6] and sig["png_b64"] == "iVBORw0KGgo="
    s.set_value("check_consent", False)
    assert s.field_error("check_consent", "zh_CN") == "请阅读说明，同意后请点按“我已阅读并同意”"


def test_sensitive_values_are_masked_on_review(residence, card):
    s = FormState(residence, card, today=TODAY)
    s.set_value("phone", "13912345678")
    rows = {r.field_id: r for r in s.review("zh_CN")}
    assert rows["name"].display_value == "张**"
    assert rows["id_number"].display_value == card["card.id_number"][:6] + "********" + card["card.id_number"][-4:]
    assert rows["phone"].display_value == "139****5678"
    assert rows["sex"].display_value == "女"
    assert rows["address"].display_value == "未填写"
    assert s.value("phone") == "13912345678"


def test_dates_display_in_the_residents_locale(residence, card):
    s = FormState(residence, card, today=TODAY)
    s.set_value("since", "2019-09-01")
    assert s.display_value("since", "zh_CN") == "2019年9月1日"
    assert s.display_value("since", "en_US") == "1 Sep 2019"
    assert s.value("years_here") == 7
    s.set_value("since", "2030-01-01")
    assert s.field_error("since", "en_US") == "The date cannot be later than today"


def test_address_picker_value(residence, card):
    s = FormState(residence, card, today=TODAY)
    s.set_value("address", {"district": "370102", "street": "解放路街道", "detail": ""})
    assert (s.field_error("address", "en_US") or "").startswith("Please choose the district")
    s.set_value("address", {"district": "370102", "street": "解放路街道", "detail": "示例小区3号楼2单元301"})
    assert s.field_error("address") is None
    assert s.display_value("address", "zh_CN") == "济南市历下区解放路街道****"


def test_answers_only_relevant_with_calculations(residence, card):
    s = FormState(residence, card, today=TODAY)
    s.set_value("purpose", "school")
    s.set_value("school_name", "示例小学")
    s.set_value("copies", "2")
    a = s.answers()
    assert a["school_name"] == "示例小学" and a["copies"] == 2
    s.set_value("purpose", "employment")
    assert "school_name" not in s.answers()
    assert "next_steps" not in s.answers()


def test_clear_wipes_everything(dibao, card):
    s = FormState(dibao, card, today=TODAY)
    s.set_value("phone", "13912345678")
    s.set_value("signature", {"paths": [[[1, 1], [2, 2]]]})
    s.clear()
    assert s.answers() == {}
    assert all(s.value(f.id) is None for f in dibao.fields)
    assert not s.is_prefilled("name")


def test_wrong_value_shapes_are_programming_errors(residence):
    s = FormState(residence, {}, today=TODAY)
    with pytest.raises(ValueError):
        s.set_value("housing", "castle")
    with pytest.raises(TypeError):
        s.set_value("housing", ["owned"])
    with pytest.raises(ValueError):
        s.set_value("next_steps", "x")
    with pytest.raises(KeyError):
        s.set_value("nope", "x")


def test_keypads_by_type(residence, elderly):
    assert residence.field("id_number").keypad == "id"
    assert residence.field("phone").keypad == "phone"
    assert residence.field("copies").keypad == "digits"
    assert residence.field("name").keypad == "text"
    assert residence.field("housing").keypad == "none"
    assert elderly.field("bank_account").keypad == "digits"


def test_html_in_labels_stays_plain_text():
    d = FormDefinition.from_dict(minimal(label={"zh_CN": "<b>粗体</b><script>x</script>", "en_US": "<i>x</i>"}))
    assert d.field("q").label["zh_CN"] == "<b>粗体</b><script>x</script>"
    s = FormState(d, {}, today=TODAY)
    s.set_value("q", "<img src=x onerror=alert(1)>")
    assert s.review("zh_CN")[0].display_value == "<img src=x onerror=alert(1)>"


def test_manual_entry_without_card(residence):
    s = FormState(residence, {}, "en_US", today=TODAY)
    assert s.value("name") is None
    assert s.errors(0)["name"] == "Please fill this in."
    s.set_value("id_number", make_valid("37010219800101123"))
    assert s.field_error("id_number") is None


def test_full_width_digits_from_the_keyboard_are_normalised(residence, card):
    s = FormState(residence, card, today=TODAY)
    s.set_value("phone", "１３９１２３４５６７８")
    assert s.value("phone") == "13912345678" and s.field_error("phone") is None
    s.set_value("id_number", card["card.id_number"][:17].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
                + card["card.id_number"][17].replace("X", "ｘ"))
    assert s.value("id_number") == card["card.id_number"]
    s.set_value("phone", "١٣٩١٢٣٤٥٦٧٨")  # other scripts' digits are not a Chinese mobile number
    assert s.field_error("phone") is not None


@pytest.mark.parametrize(
    "query,expected",
    [
        ("gs", ["icbc"]),
        ("gongshang", ["icbc"]),
        ("工商", ["icbc"]),
        ("nongshang", ["jnrcb"]),
        ("qilu", ["qlbank"]),
        ("Construction", ["ccb"]),
        ("zzz", []),
    ],
)
def test_searchable_choices_match_pinyin_initials_and_english(elderly, query, expected):
    assert [c.value for c in filter_choices(elderly.field("bank_name"), query)] == expected


def test_empty_search_lists_every_choice_in_order(elderly):
    field = elderly.field("bank_name")
    assert filter_choices(field, "  ") == list(field.choices)
    assert len(filter_choices(field, "", limit=3)) == 3
