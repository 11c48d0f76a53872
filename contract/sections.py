"""Typed settings sections: declared like pydantic models, validated by a small checker of our own.

Why not pydantic: the terminal used pydantic only for its settings, and importing it and building the
settings' schemas cost the kiosk 15 MB of RSS at start (issue 17, measured: ``import contract.settings``
+16.5 MB with pydantic, +1.6 MB for the rest of the module). The settings need little of it: fields of
``str``, ``int``, ``float``, ``bool``, ``Path``, ``Literal`` choices and lists of them, nested sections,
bounds and patterns, unknown keys refused, and a few checks of their own. This module does exactly that,
with pydantic's lax conversions (``"90"`` is an int, ``"yes"`` a bool: environment values are text) and
its error records (``loc``, ``msg``, ``type``; the same wording), so ``contract.settings`` reads the same.
The hub keeps pydantic for its API.

A :class:`Section` subclass declares ``name: type = Field(default, description=..., ge=..., pattern=...)``;
``@field_validator("name")`` and ``@model_validator(mode="after")`` add checks. Input is bounded before it is
walked: only mappings, lists and scalars of the declared shapes are looked at.
"""

from __future__ import annotations

import copy
import json
import re
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal, get_args, get_origin

_MISSING: Any = object()
_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no"}
MAX_LIST = 100  # a settings list (languages) is short; a longer one is refused before its items are read


class FieldInfo:
    """One declared field: its default, bounds and description; ``annotation`` is the resolved type."""

    def __init__(self, default: Any = _MISSING, *, default_factory: Callable[[], Any] | None = None,
                 description: str = "", ge: float | None = None, le: float | None = None, gt: float | None = None,
                 lt: float | None = None, pattern: str | None = None) -> None:
        self.default, self.default_factory, self.description = default, default_factory, description
        self.bounds = {"ge": ge, "le": le, "gt": gt, "lt": lt}
        self.pattern = re.compile(pattern) if pattern is not None else None
        self.pattern_text = pattern
        self.annotation: Any = None

    def make_default(self) -> Any:
        if self.default_factory is not None:
            return self.default_factory()
        return copy.copy(self.default)


def Field(default: Any = _MISSING, **kwargs: Any) -> Any:  # noqa: N802 - named as the declaration reads
    """A field's declaration (typed ``Any`` so ``name: int = Field(60, ge=10)`` type-checks)."""
    return FieldInfo(default, **kwargs)


class ValidationError(ValueError):
    """Every problem of one validation: ``errors()`` lists ``{"loc", "msg", "type"}`` records."""

    def __init__(self, title: str, records: list[dict[str, Any]]) -> None:
        self._records = records
        super().__init__(f"{len(records)} validation error(s) for {title}: "
                         + "; ".join(f"{'.'.join(map(str, r['loc']))}: {r['msg']}" for r in records))

    def errors(self) -> list[dict[str, Any]]:
        return list(self._records)


class _Problem(Exception):
    def __init__(self, kind: str, msg: str) -> None:
        super().__init__(msg)
        self.kind, self.msg = kind, msg


def field_validator(name: str) -> Callable[[Any], Any]:
    """Mark a classmethod as the extra check of field ``name`` (it returns the value or raises ValueError)."""
    def mark(method: Any) -> Any:
        getattr(method, "__func__", method).__check_field__ = name
        return method
    return mark


def model_validator(*, mode: Literal["after"]) -> Callable[[Any], Any]:
    """Mark a method as a check of the whole validated section (it returns self or raises ValueError)."""
    def mark(method: Any) -> Any:
        method.__check_model__ = mode
        return method
    return mark


def _choices(args: tuple[Any, ...]) -> str:
    shown = [repr(a) for a in args]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _scalar(tp: Any, value: Any) -> Any:
    """``value`` as ``tp`` with pydantic's lax conversions, or a :class:`_Problem` in its words."""
    if tp is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise _Problem("bool_parsing", "Input should be a valid boolean, unable to interpret input")
    if tp is int:
        if isinstance(value, int):
            return int(value)  # True is 1, as pydantic has it
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, float):
            raise _Problem("int_from_float", "Input should be a valid integer, got a number with a fractional part")
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,30}\s*", value):
            return int(value)
        raise _Problem("int_parsing", "Input should be a valid integer, unable to parse string as an integer")
    if tp is float:
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str) and len(value) <= 64:
            try:
                return float(value)
            except ValueError:
                pass
        raise _Problem("float_parsing", "Input should be a valid number, unable to parse string as a number")
    if tp is str:
        if isinstance(value, str):
            return value
        raise _Problem("string_type", "Input should be a valid string")
    if tp is Path:
        if isinstance(value, (str, Path)):
            return Path(value)
        raise _Problem("path_type", "Input is not a valid path for <class 'pathlib.Path'>")
    raise TypeError(f"unsupported settings type {tp!r}")  # a declaration error, found at import by the tests


def _literal(args: tuple[Any, ...], value: Any) -> Any:
    for choice in args:
        if value == choice and type(value) is type(choice):
            return choice
    raise _Problem("literal_error", f"Input should be {_choices(args)}")


_BOUNDS: dict[str, tuple[str, str, Callable[[Any, Any], bool]]] = {
    "ge": ("greater_than_equal", "greater than or equal to", lambda v, b: v >= b),
    "le": ("less_than_equal", "less than or equal to", lambda v, b: v <= b),
    "gt": ("greater_than", "greater than", lambda v, b: v > b),
    "lt": ("less_than", "less than", lambda v, b: v < b),
}


def _bounded(info: FieldInfo, value: Any) -> Any:
    for name, bound in info.bounds.items():
        kind, words, holds = _BOUNDS[name]
        if bound is not None and not holds(value, bound):
            raise _Problem(kind, f"Input should be {words} {bound}")
    if info.pattern is not None and isinstance(value, str) and not info.pattern.search(value):
        raise _Problem("string_pattern_mismatch", f"String should match pattern '{info.pattern_text}'")
    return value


class Section:
    """A group of settings. Unknown keys are refused; assignment is validated like input."""

    model_fields: ClassVar[dict[str, FieldInfo]] = {}
    _field_checks: ClassVar[dict[str, Callable[[Any, Any], Any]]] = {}
    _model_checks: ClassVar[tuple[Callable[[Any], Any], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        hints = typing.get_type_hints(cls)
        fields: dict[str, FieldInfo] = {}
        for name in cls.__dict__.get("__annotations__", {}):
            if name.startswith("_") or get_origin(hints[name]) is ClassVar:
                continue
            declared = cls.__dict__.get(name, _MISSING)
            info = declared if isinstance(declared, FieldInfo) else FieldInfo(declared)
            info.annotation = hints[name]
            if info.annotation is float and isinstance(info.default, int):
                info.default = float(info.default)  # dumped as a float, like a value read for the field
            fields[name] = info
            if name in cls.__dict__:
                delattr(cls, name)  # the default lives in model_fields, not as a class attribute
        cls.model_fields = {**cls.model_fields, **fields}
        checks = [getattr(v, "__func__", v) for v in cls.__dict__.values()]
        cls._field_checks = {**cls._field_checks, **{f.__check_field__: f for f in checks
                                                     if hasattr(f, "__check_field__")}}
        cls._model_checks = cls._model_checks + tuple(f for f in checks if hasattr(f, "__check_model__"))

    def __init__(self, **data: Any) -> None:
        object.__setattr__(self, "__dict__", self._validated(data, ()))
        self._check_model(())

    def _check_model(self, loc: tuple[Any, ...]) -> None:
        for check in self._model_checks:
            try:
                check(self)
            except ValueError as exc:
                raise ValidationError(type(self).__name__, [_record(loc, "value_error", f"Value error, {exc}")]) \
                    from None

    # --- validation -----------------------------------------------------------------------------

    @classmethod
    def _validated(cls, data: Mapping[str, Any], loc: tuple[Any, ...]) -> dict[str, Any]:
        errors: list[dict[str, Any]] = []
        values: dict[str, Any] = {}
        for key in data:
            if key not in cls.model_fields:
                errors.append(_record((*loc, key), "extra_forbidden", "Extra inputs are not permitted"))
        for name, info in cls.model_fields.items():
            if name not in data:
                if info.default is _MISSING and info.default_factory is None:
                    errors.append(_record((*loc, name), "missing", "Field required"))
                else:
                    values[name] = info.make_default()
                continue
            try:
                values[name] = cls._field(name, info, data[name], (*loc, name))
            except ValidationError as exc:
                errors.extend(exc.errors())
        if errors:
            raise ValidationError(cls.__name__, errors)
        return values

    @classmethod
    def _field(cls, name: str, info: FieldInfo, value: Any, loc: tuple[Any, ...]) -> Any:
        try:
            value = _convert(info.annotation, value, loc)
            value = _bounded(info, value)
            check = cls._field_checks.get(name)
            if check is not None:
                try:
                    value = check(cls, value)
                except ValueError as exc:
                    raise _Problem("value_error", f"Value error, {exc}") from None
        except _Problem as p:
            raise ValidationError(cls.__name__, [_record(loc, p.kind, p.msg)]) from None
        return value

    @classmethod
    def model_validate(cls, data: Any) -> Any:
        if isinstance(data, cls):
            return data
        if not isinstance(data, Mapping):
            raise ValidationError(cls.__name__, [_record((), "model_type",
                                                         f"Input should be a valid dictionary or instance of "
                                                         f"{cls.__name__}")])
        return cls(**data)

    @classmethod
    def model_validate_json(cls, text: str | bytes) -> Any:
        return cls.model_validate(json.loads(text))

    def __setattr__(self, name: str, value: Any) -> None:
        info = type(self).model_fields.get(name)
        if info is None:
            raise ValidationError(type(self).__name__, [_record((name,), "no_such_attribute",
                                                                f"Object has no attribute '{name}'")])
        self.__dict__[name] = self._field(name, info, value, (name,))

    # --- output ---------------------------------------------------------------------------------

    def model_dump(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        return {name: _dumped(value, mode) for name, value in self.__dict__.items()}

    def model_dump_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False)

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Any:
        """A shallow copy with ``update`` applied as given (unvalidated, as pydantic's)."""
        clone = object.__new__(type(self))
        object.__setattr__(clone, "__dict__", {**self.__dict__, **(update or {})})
        return clone

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, like a pydantic model

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


def _record(loc: tuple[Any, ...], kind: str, msg: str) -> dict[str, Any]:
    return {"loc": loc, "type": kind, "msg": msg}


def _convert(tp: Any, value: Any, loc: tuple[Any, ...]) -> Any:
    origin = get_origin(tp)
    if origin is Literal:
        return _literal(get_args(tp), value)
    if origin is list:
        if not isinstance(value, (list, tuple)):
            raise _Problem("list_type", "Input should be a valid list")
        if len(value) > MAX_LIST:
            raise _Problem("too_long", f"List should have at most {MAX_LIST} items")
        (item,) = get_args(tp)
        out, errors = [], []
        for i, v in enumerate(value):
            try:
                out.append(_convert(item, v, (*loc, i)))
            except _Problem as p:
                errors.append(_record((*loc, i), p.kind, p.msg))
        if errors:
            raise ValidationError("list", errors)
        return out
    if isinstance(tp, type) and issubclass(tp, Section):
        if isinstance(value, tp):
            return value
        if not isinstance(value, Mapping):
            raise _Problem("model_type", f"Input should be a valid dictionary or instance of {tp.__name__}")
        section = object.__new__(tp)
        object.__setattr__(section, "__dict__", tp._validated(value, loc))
        section._check_model(loc)
        return section
    return _scalar(tp, value)


def _dumped(value: Any, mode: str) -> Any:
    if isinstance(value, Section):
        return value.model_dump(mode=mode)  # type: ignore[arg-type]
    if isinstance(value, list):
        return [_dumped(v, mode) for v in value]
    if isinstance(value, Path) and mode == "json":
        return str(value)
    return value
