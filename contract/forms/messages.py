"""Plain-language messages residents see next to a field, in both languages.

Every message says what is wrong and what to do, never a code (house rules in
``/work/shared/specs/ux.md``). Authors can replace them per field with
``required_message``, ``range_message``, ``length_message``,
``pattern_message`` and ``constraint_message``.
"""

from __future__ import annotations

from contract.lang import tr

MESSAGES: dict[str, dict[str, str]] = {
    "required": {"zh_CN": "请填写这一项", "en_US": "Please fill this in."},
    "required_choice": {"zh_CN": "请选择一项", "en_US": "Please choose an answer."},
    "required_multi": {"zh_CN": "请至少选择一项", "en_US": "Please choose at least one."},
    "required_consent": {
        "zh_CN": "请阅读说明，同意后请点按“我已阅读并同意”",  # a button on screen, not a box to tick
        "en_US": "Please read the text, then tap “I have read this and agree”.",
    },
    "required_signature": {"zh_CN": "请在框内签名", "en_US": "Please sign inside the box."},
    "required_address": {
        "zh_CN": "请选择所在区、街道，并填写详细地址",
        "en_US": "Please choose the district and subdistrict, and enter the rest of the address.",
    },
    "too_short": {"zh_CN": "至少需要填写{n}个字", "en_US": "Please enter at least {n} characters."},
    "too_long": {"zh_CN": "最多只能填写{n}个字", "en_US": "Please use no more than {n} characters."},
    "pattern": {"zh_CN": "填写的格式不对，请检查", "en_US": "This does not look right. Please check it."},
    "number": {"zh_CN": "请填写数字", "en_US": "Please enter a number."},
    "integer": {"zh_CN": "请填写整数，不要带小数点", "en_US": "Please enter a whole number."},
    "decimals": {"zh_CN": "小数点后最多{n}位", "en_US": "Use at most {n} digits after the decimal point."},
    "min": {"zh_CN": "不能小于{min}", "en_US": "This must be at least {min}."},
    "max": {"zh_CN": "不能大于{max}", "en_US": "This must be no more than {max}."},
    "range": {"zh_CN": "请填写{min}到{max}之间的数", "en_US": "Please enter a number from {min} to {max}."},
    "date": {"zh_CN": "请选择一个有效的日期", "en_US": "Please choose a real date."},
    "date_min": {"zh_CN": "日期不能早于{min}", "en_US": "The date cannot be before {min}."},
    "date_max": {"zh_CN": "日期不能晚于{max}", "en_US": "The date cannot be after {max}."},
    "phone": {
        "zh_CN": "请填写11位手机号码，以1开头",
        "en_US": "Please enter an 11-digit mobile number starting with 1.",
    },
    "email": {
        "zh_CN": "请填写有效的电子邮箱，例如 name@example.com",
        "en_US": "Please enter a valid email address, like name@example.com.",
    },
    "id_length": {"zh_CN": "身份证号码应为18位", "en_US": "An ID number has 18 characters."},
    "id_document": {
        "zh_CN": "证件号码不对：外国人永久居留身份证为3个字母加12位数字，往来内地通行证为H或M加8位数字",
        "en_US": "This number is not right: a 2017 permanent resident card has 3 letters and 12 digits, "
                 "a travel permit H or M and 8 digits.",
    },
    "id_characters": {
        "zh_CN": "身份证号码只能是数字，最后一位可以是X",
        "en_US": "An ID number has only digits; the last one may be X.",
    },
    "id_birth_date": {
        "zh_CN": "身份证号码中的出生日期不对，请核对",
        "en_US": "The birth date inside this ID number is not possible. Please check it.",
    },
    "id_checksum": {
        "zh_CN": "身份证号码有误，请核对后重新输入",
        "en_US": "This ID number is not correct. Please check it and enter it again.",
    },
    "min_selected": {"zh_CN": "请至少选择{n}项", "en_US": "Please choose at least {n}."},
    "max_selected": {"zh_CN": "最多选择{n}项", "en_US": "Please choose no more than {n}."},
    "constraint": {
        "zh_CN": "这个答案不符合要求，请检查",
        "en_US": "This answer cannot be accepted. Please check it.",
    },
    "choices_after_answer": {
        "zh_CN": "请先回答上面的问题，这里会显示可选的项目",
        "en_US": "Answer the question above first; the choices will appear here.",
    },
    "choice_gone": {
        "zh_CN": "这个选项已不适用于上面的回答，请重新选择",
        "en_US": "This choice no longer fits an answer above. Please choose again.",
    },
    "yes": {"zh_CN": "是", "en_US": "Yes"},
    "no": {"zh_CN": "否", "en_US": "No"},
    "agreed": {"zh_CN": "已同意", "en_US": "Agreed"},
    "not_agreed": {"zh_CN": "未同意", "en_US": "Not agreed"},
    "signed": {"zh_CN": "已签名", "en_US": "Signed"},
    "not_signed": {"zh_CN": "未签名", "en_US": "Not signed"},
    "empty": {"zh_CN": "未填写", "en_US": "Not given"},
}


def message(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (zh_CN fallback) with ``{n}``-style values filled in."""
    return tr(MESSAGES[key], lang).format(**values)
