"""The form definition as typed, immutable objects.

A definition is data authored by an administrator (JSON, YAML or a spreadsheet),
so it is validated (:func:`contract.forms.validate.validate_definition`) before any
object here is built; ``FormDefinition.from_dict`` refuses an invalid one with
:class:`FormError` listing every reason. Text shown to residents is a
:data:`Text` dict keyed by language and is always plain text: the UI must
never interpret markup in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from contract.forms.schema import (
    CHOICE_TYPES,
    DISPLAY_ONLY_TYPES,
    FIELD_KEY_ORDER,
    FIELD_KEYS,
    FIELD_TYPE,
    TEXT_KEYS,
)
from contract.forms.validate import validate_definition
from contract.i18n_text import SearchKeys, keys_of, match_score
from contract.lang import DEFAULT_LANGUAGE, tr

Text = Mapping[str, str]


class FormError(ValueError):
    """A definition was refused; ``reasons`` lists every problem found."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("; ".join(self.reasons) if self.reasons else "invalid form definition")


def _text(value: Any) -> Text:
    if value is None:
        return MappingProxyType({})
    if isinstance(value, str):
        return MappingProxyType({DEFAULT_LANGUAGE: value})
    return MappingProxyType({str(k): str(v) for k, v in value.items()})


@dataclass(frozen=True)
class Choice:
    """One answer of a list; ``data`` holds extra columns a ``choice_filter`` reads (cascading lists)."""

    value: str
    label: Text
    data: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Chinese label -> its pinyin syllables, computed by the hub (contract.search_keys) for searchable lists
    pinyin: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "label": dict(self.label)}
        if self.data:
            out["data"] = dict(self.data)
        return out


@dataclass(frozen=True)
class Field:
    """One question (or a note, or a hidden calculation) of a form.

    Constraints are optional and independent: ``min``/``max`` (numbers, or for
    dates ISO dates or ``"today"``), ``min_length``/``max_length``, ``pattern``
    (a regular expression the whole answer must match), ``constraint`` (an
    expression where ``.`` is this field's answer). Each family has its own
    optional custom message.
    """

    id: str
    type: str
    label: Text = field(default_factory=lambda: MappingProxyType({}))
    hint: Text = field(default_factory=lambda: MappingProxyType({}))
    required: bool = False
    choices: tuple[Choice, ...] = ()
    sensitive: bool = False
    prefill: str | None = None
    read_only: bool = False
    relevant: str | None = None
    calculate: str | None = None
    constraint: str | None = None
    constraint_message: Text = field(default_factory=lambda: MappingProxyType({}))
    min: float | str | None = None
    max: float | str | None = None
    range_message: Text = field(default_factory=lambda: MappingProxyType({}))
    min_length: int | None = None
    max_length: int | None = None
    length_message: Text = field(default_factory=lambda: MappingProxyType({}))
    pattern: str | None = None
    pattern_message: Text = field(default_factory=lambda: MappingProxyType({}))
    required_message: Text = field(default_factory=lambda: MappingProxyType({}))
    decimals: int | None = None
    min_selected: int | None = None
    max_selected: int | None = None
    policy: Text = field(default_factory=lambda: MappingProxyType({}))
    keypad_override: str | None = None
    choice_filter: str | None = None
    default: Any = None

    @property
    def keypad(self) -> str:
        """Which on-screen keypad the UI shows: digits for ID and phone, none for pickers."""
        if self.keypad_override:
            return self.keypad_override
        if self.type == "number" and self.decimals == 0:
            return "digits"
        return FIELD_TYPE[self.type].keypad

    @property
    def is_input(self) -> bool:
        return self.type not in DISPLAY_ONLY_TYPES and self.calculate is None

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    def choice_label(self, value: str, lang: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return tr(choice.label, lang)
        return value

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        for name in FIELD_KEY_ORDER:
            if name in ("id", "type"):
                continue
            value = getattr(self, "keypad_override" if name == "keypad" else name)
            if value is None or value is False or value == () or (isinstance(value, Mapping) and not value):
                continue
            if name == "choices":
                out[name] = [c.to_dict() for c in value]
            elif isinstance(value, Mapping):
                out[name] = dict(value)
            else:
                out[name] = value
        return out


def _field_from_dict(d: Mapping[str, Any]) -> Field:
    kwargs: dict[str, Any] = {}
    for key, value in d.items():
        if key in TEXT_KEYS:
            kwargs[key] = _text(value)
        elif key == "choices":
            kwargs[key] = tuple(
                Choice(str(c["value"]), _text(c.get("label")), MappingProxyType(dict(c.get("data") or {})),
                       MappingProxyType(dict(keys_of(c))))
                for c in value or ()  # "choices": null on a field without choices is valid: none
            )
        elif key == "keypad":
            kwargs["keypad_override"] = value
        elif key in FIELD_KEYS:
            kwargs[key] = value
    return Field(**kwargs)


@dataclass(frozen=True)
class Page:
    id: str
    title: Text
    fields: tuple[Field, ...]
    relevant: str | None = None

    def __repr__(self) -> str:
        return f"Page({self.id}, {len(self.fields)} fields)"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "title": dict(self.title)}
        if self.relevant:
            out["relevant"] = self.relevant
        out["fields"] = [f.to_dict() for f in self.fields]
        return out


@dataclass(frozen=True)
class FormDefinition:
    """A validated, versioned form. Submissions carry ``id`` and ``version``."""

    id: str
    version: int
    title: Text
    layout: str
    pages: tuple[Page, ...]
    description: Text = field(default_factory=lambda: MappingProxyType({}))
    sample: bool = False

    def __repr__(self) -> str:
        return f"FormDefinition({self.id}@{self.version}, {len(self.pages)} pages, {len(self.fields)} fields)"

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FormDefinition:
        """Build from a parsed definition, refusing it with every reason if invalid."""
        reasons = validate_definition(d)  # type: ignore[arg-type]
        if reasons:
            raise FormError(reasons)
        return cls._build(d)

    @classmethod
    def _build(cls, d: Mapping[str, Any]) -> FormDefinition:
        pages = tuple(
            Page(
                id=p["id"],
                title=_text(p.get("title")),
                fields=tuple(_field_from_dict(f) for f in p.get("fields", [])),
                relevant=p.get("relevant"),
            )
            for p in d["pages"]
        )
        return cls(
            id=d["id"],
            version=int(d["version"]),
            title=_text(d.get("title")),
            layout=d.get("layout", "pages"),
            pages=pages,
            description=_text(d.get("description")),
            sample=bool(d.get("sample", False)),
        )

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for p in self.pages for f in p.fields)

    def field(self, field_id: str) -> Field:
        for page in self.pages:
            for f in page.fields:
                if f.id == field_id:
                    return f
        raise KeyError(field_id)

    def page_index_of(self, field_id: str) -> int:
        for i, page in enumerate(self.pages):
            if any(f.id == field_id for f in page.fields):
                return i
        raise KeyError(field_id)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "version": self.version}
        if self.sample:
            out["sample"] = True
        out["title"] = dict(self.title)
        if self.description:
            out["description"] = dict(self.description)
        out["layout"] = self.layout
        out["pages"] = [p.to_dict() for p in self.pages]
        return out


def filter_choices(field: Field, query: str, limit: int | None = None) -> list[Choice]:
    """Choices of a (searchable) list matching what the resident typed, best first.

    Matches Chinese substrings, full pinyin, pinyin initials (``gs`` finds 工商银行)
    and English words; an empty query returns every choice in order. The keys are
    built once per field from the pinyin the choices carry, and kept on it.
    """
    if not query.strip():
        return list(field.choices[:limit] if limit else field.choices)
    keys = field.__dict__.get("_search_keys")
    if keys is None:
        keys = tuple(_choice_keys(c) for c in field.choices)
        object.__setattr__(field, "_search_keys", keys)
    scored = [(match_score(k, query[:100]), i) for i, k in enumerate(keys)]
    found = [field.choices[i] for _, i in sorted(((-s, i) for s, i in scored if s > 0))]
    return found[:limit] if limit else found


def _choice_keys(choice: Choice) -> SearchKeys:
    zh = choice.label.get("zh_CN", "")
    return SearchKeys.of(zh, choice.label.get("en_US", ""), choice.pinyin.get(zh))
