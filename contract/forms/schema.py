"""The vocabulary a form definition may use: field types and their properties, keys, keypads, layouts.

One table (:data:`FIELD_TYPE`) says what each field type allows and how it
behaves; the model, the validator, the session state and the spreadsheet
converter all read it, so a new type is added in one row. This module imports
nothing of the project, so the validator and the model can both depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldType:
    """What one field type allows and how the terminal treats it.

    ``answered``: the resident gives an answer (a note is only shown, a calculate field is hidden).
    ``keypad``: the on-screen keypad shown by default.
    ``choice``: the answer is picked from the field's ``choices``.
    ``max_length``: the default length limit of a typed answer; None where
    ``min_length``/``max_length`` are not allowed at all.
    ``pattern``: a regular expression may constrain it (the resident types into it).
    ``calculable``: it may carry a ``calculate`` expression.
    ``takes_default``: it may have an authored ``default`` answer.
    ``fold_width``: full-width digits and letters (from the Pinyin keyboard or pasted text) are folded.
    ``required_message``: the message key shown when a required answer is missing.
    """

    name: str
    keypad: str
    answered: bool = True
    choice: bool = False
    max_length: int | None = None
    pattern: bool = False
    calculable: bool = False
    takes_default: bool = True
    fold_width: bool = False
    required_message: str = "required"


_CHOICE = "required_choice"
FIELD_TYPE: dict[str, FieldType] = {
    t.name: t
    for t in (
        FieldType("text", "text", max_length=200, pattern=True, calculable=True),
        FieldType("long_text", "text", max_length=2000, pattern=True),
        FieldType("number", "number", pattern=True, calculable=True, fold_width=True),
        FieldType("date", "none", calculable=True, fold_width=True),  # a date picker, not typing
        FieldType("phone", "phone", pattern=True, fold_width=True),
        FieldType("id_number", "id", pattern=True, fold_width=True),
        FieldType("email", "email", max_length=254, pattern=True, fold_width=True),
        FieldType("single_choice", "none", choice=True, required_message=_CHOICE),
        FieldType("multiple_choice", "none", choice=True, required_message="required_multi"),
        # typing filters the list (pinyin works)
        FieldType("searchable_choice", "text", choice=True, pattern=True, required_message=_CHOICE),
        # the keypad is for the house-number detail after the pickers
        FieldType(
            "address", "text", max_length=300, pattern=True, takes_default=False, required_message="required_address"
        ),
        FieldType("yes_no", "none", required_message=_CHOICE),
        FieldType("consent", "none", takes_default=False, required_message="required_consent"),
        FieldType("signature", "none", takes_default=False, required_message="required_signature"),
        FieldType("note", "none", answered=False, takes_default=False),
        FieldType("calculate", "none", answered=False, calculable=True, takes_default=False),
    )
}
FIELD_TYPES = tuple(FIELD_TYPE)
CHOICE_TYPES = tuple(t.name for t in FIELD_TYPE.values() if t.choice)
# Types with no resident input: a note is only shown, a calculate field is hidden.
DISPLAY_ONLY_TYPES = tuple(t.name for t in FIELD_TYPE.values() if not t.answered)
LENGTH_TYPES = tuple(t.name for t in FIELD_TYPE.values() if t.max_length is not None)
# The calculate type first: the validator's message names it before the answered types that may compute.
CALCULABLE_TYPES = ("calculate", *(t.name for t in FIELD_TYPE.values() if t.calculable and t.answered))

PREFILL_SOURCES = (
    "card.name",
    "card.sex",
    "card.birth_date",
    "card.address",
    "card.id_number",
    "card.nation",
    "card.phone",
    "terminal.community_name",
    "terminal.centre_name",
    "terminal.district_code",
)

KEYPADS = ("text", "digits", "phone", "id", "number", "email", "none")
LAYOUTS = ("pages", "one_per_screen")

# Keys whose value is text shown to residents (a Text dict keyed by language).
TEXT_KEYS = (
    "label",
    "hint",
    "constraint_message",
    "range_message",
    "length_message",
    "pattern_message",
    "required_message",
    "policy",
)
# Every key a field may have, in the order a definition is written out.
FIELD_KEY_ORDER = (
    "id",
    "type",
    "label",
    "hint",
    "required",
    "required_message",
    "choices",
    "choice_filter",
    "default",
    "sensitive",
    "prefill",
    "read_only",
    "relevant",
    "calculate",
    "constraint",
    "constraint_message",
    "min",
    "max",
    "range_message",
    "min_length",
    "max_length",
    "length_message",
    "pattern",
    "pattern_message",
    "decimals",
    "min_selected",
    "max_selected",
    "policy",
    "keypad",
)
FIELD_KEYS = frozenset(FIELD_KEY_ORDER)
