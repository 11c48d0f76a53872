"""A small, safe expression language for relevance, constraints and calculations.

Expressions are parsed into a tree by a hand-written recursive-descent parser
and evaluated by walking it; nothing is ever passed to ``eval``. The language
has no loops, no assignment, no user-defined functions and no attribute
access, so evaluation time is bounded by the (limited) size of the tree.

Syntax (XLSForm-like)::

    ${field_id}              the answer of another field (empty when not relevant)
    .                        this field's own answer (constraints only)
    12  3.5  'text'  "text"  true  false
    - * / % (also div, mod)  arithmetic; + adds numbers, dates + days
    = == != < <= > >=        comparison (empty compares false except = '')
    and  or  not             logic
    f(a, b)                  functions: selected, count-selected, today, age,
                             len, if, concat, number, int, round, min, max,
                             coalesce, contains, starts-with, years-between,
                             days-between; choice('column') reads a column of
                             the choice being filtered (choice_filter only)

Bare identifiers are only keywords and function names: a field is always
written ``${id}``, so a field called ``today`` cannot shadow a function.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from contract.forms.limits import MAX_EXPR_CHARS, MAX_EXPR_DEPTH, MAX_EXPR_NODES, MAX_STRING_VALUE


class ExprError(ValueError):
    """Bad syntax, an unknown function, or a limit exceeded; the message says where."""


class EvalError(ValueError):
    """An evaluation went over a run-time bound (e.g. a string grew too long)."""


# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<ref>\$\{(?P<refname>[^}]*)\})
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z][A-Za-z0-9_]*)*)
  | (?P<op><=|>=|!=|==|[-+*/%=<>(),.])
    """,
    re.VERBOSE,
)
_REF_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
KEYWORDS = frozenset({"and", "or", "not", "true", "false", "div", "mod"})


@dataclass(frozen=True)
class Token:
    kind: str  # ref, number, string, name, op, end
    text: str
    pos: int


def tokenize(source: str) -> list[Token]:
    if not isinstance(source, str):
        raise ExprError("an expression must be text")
    if len(source) > MAX_EXPR_CHARS:
        raise ExprError(f"expression is longer than {MAX_EXPR_CHARS} characters")
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None:
            raise ExprError(f"unexpected character {source[pos]!r} at position {pos + 1}")
        kind = m.lastgroup
        if kind == "refname":  # pragma: no cover - inner group never last
            kind = "ref"
        if kind == "ref":
            name = m.group("refname").strip()
            if not _REF_NAME.match(name):
                raise ExprError(f"bad field reference ${{{name}}} at position {pos + 1}")
            tokens.append(Token("ref", name, pos))
        elif kind == "string":
            tokens.append(Token("string", m.group()[1:-1], pos))
        elif kind != "ws":
            tokens.append(Token(kind or "op", m.group(), pos))
        pos = m.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


# ---------------------------------------------------------------- tree


@dataclass(frozen=True)
class Node:
    kind: str  # lit, ref, self, unary, binary, and, or, not, call
    value: Any = None
    args: tuple[Node, ...] = ()


@dataclass(frozen=True)
class FunctionSpec:
    min_args: int
    max_args: int
    impl: Callable[..., Any]


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.i = 0
        self.depth = 0
        self.nodes = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.take()
        if tok.text != text or tok.kind not in ("op", "name"):
            found = "the end" if tok.kind == "end" else repr(tok.text)
            raise ExprError(f"expected {text!r} at position {tok.pos + 1}, found {found}")

    def node(self, kind: str, value: Any = None, args: tuple[Node, ...] = ()) -> Node:
        self.nodes += 1
        if self.nodes > MAX_EXPR_NODES:
            raise ExprError(f"expression has more than {MAX_EXPR_NODES} parts")
        return Node(kind, value, args)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_EXPR_DEPTH:
            raise ExprError(f"expression is nested more than {MAX_EXPR_DEPTH} levels deep")

    def leave(self) -> None:
        self.depth -= 1

    def parse(self) -> Node:
        tree = self.or_expr()
        tok = self.peek()
        if tok.kind != "end":
            raise ExprError(f"unexpected {tok.text!r} at position {tok.pos + 1}")
        return tree

    def or_expr(self) -> Node:
        left = self.and_expr()
        while self.peek().kind == "name" and self.peek().text == "or":
            self.take()
            left = self.node("or", None, (left, self.and_expr()))
        return left

    def and_expr(self) -> Node:
        left = self.not_expr()
        while self.peek().kind == "name" and self.peek().text == "and":
            self.take()
            left = self.node("and", None, (left, self.not_expr()))
        return left

    def not_expr(self) -> Node:
        tok = self.peek()
        if tok.kind == "name" and tok.text == "not":
            self.take()
            self.enter()
            inner = self.not_expr()
            self.leave()
            return self.node("not", None, (inner,))
        return self.comparison()

    def comparison(self) -> Node:
        left = self.additive()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("=", "==", "!=", "<", "<=", ">", ">="):
            self.take()
            op = "=" if tok.text == "==" else tok.text
            right = self.additive()
            nxt = self.peek()
            if nxt.kind == "op" and nxt.text in ("=", "==", "!=", "<", "<=", ">", ">="):
                raise ExprError(f"comparisons cannot be chained (position {nxt.pos + 1}); use 'and'")
            return self.node("binary", op, (left, right))
        return left

    def additive(self) -> Node:
        left = self.multiplicative()
        while self.peek().kind == "op" and self.peek().text in ("+", "-"):
            op = self.take().text
            left = self.node("binary", op, (left, self.multiplicative()))
        return left

    def multiplicative(self) -> Node:
        left = self.unary()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in ("*", "/", "%"):
                op = tok.text
            elif tok.kind == "name" and tok.text in ("div", "mod"):
                op = "/" if tok.text == "div" else "%"
            else:
                return left
            self.take()
            left = self.node("binary", op, (left, self.unary()))

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind == "op" and tok.text == "-":
            self.take()
            self.enter()
            inner = self.unary()
            self.leave()
            return self.node("unary", "-", (inner,))
        return self.primary()

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "number":
            return self.node("lit", float(tok.text) if "." in tok.text else int(tok.text))
        if tok.kind == "string":
            return self.node("lit", tok.text)
        if tok.kind == "ref":
            return self.node("ref", tok.text)
        if tok.kind == "op" and tok.text == ".":
            return self.node("self")
        if tok.kind == "op" and tok.text == "(":
            self.enter()
            inner = self.or_expr()
            self.expect(")")
            self.leave()
            return inner
        if tok.kind == "name":
            if tok.text == "true":
                return self.node("lit", True)
            if tok.text == "false":
                return self.node("lit", False)
            if tok.text in KEYWORDS:
                raise ExprError(f"unexpected {tok.text!r} at position {tok.pos + 1}")
            name = tok.text.replace("_", "-")
            spec = FUNCTIONS.get(name)
            if spec is None:
                if self.peek().text == "(":
                    raise ExprError(f"unknown function {tok.text!r} at position {tok.pos + 1}")
                raise ExprError(
                    f"unknown name {tok.text!r} at position {tok.pos + 1}; write a field as ${{{tok.text}}}"
                )
            if self.peek().text != "(":
                raise ExprError(f"{tok.text!r} is a function: write {tok.text}(...) (position {tok.pos + 1})")
            self.expect("(")
            self.enter()
            args: list[Node] = []
            if self.peek().text != ")":
                args.append(self.or_expr())
                while self.peek().kind == "op" and self.peek().text == ",":
                    self.take()
                    args.append(self.or_expr())
            self.expect(")")
            self.leave()
            if not spec.min_args <= len(args) <= spec.max_args:
                want = (
                    str(spec.min_args)
                    if spec.min_args == spec.max_args
                    else f"{spec.min_args} to {spec.max_args}"
                )
                raise ExprError(f"{name}() takes {want} argument(s), got {len(args)} (position {tok.pos + 1})")
            return self.node("call", name, tuple(args))
        if tok.kind == "end":
            raise ExprError("expression ends too early")
        raise ExprError(f"unexpected {tok.text!r} at position {tok.pos + 1}")


def parse(source: str) -> Node:
    """Parse an expression; :class:`ExprError` says what is wrong and where."""
    if not isinstance(source, str) or not source.strip():
        raise ExprError("expression is empty")
    return _Parser(source).parse()


def references(tree: Node) -> set[str]:
    """Field ids the expression reads."""
    out: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.kind == "ref":
            out.add(node.value)
        stack.extend(node.args)
    return out


def uses_self(tree: Node) -> bool:
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.kind == "self":
            return True
        stack.extend(node.args)
    return False


def walk(tree: Node) -> Iterable[Node]:
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.args)


# ---------------------------------------------------------------- values and evaluation


class Env:
    """What an evaluation can see: field values (already typed), ``.``, today's date and,
    for a ``choice_filter``, the columns of the choice being tested."""

    __slots__ = ("choice", "lookup", "self_value", "today")

    def __init__(
        self,
        lookup: Callable[[str], Any],
        today: date,
        self_value: Any = None,
        choice: Mapping[str, str] | None = None,
    ) -> None:
        self.lookup = lookup
        self.self_value = self_value
        self.today = today
        self.choice = choice


def _num(v: Any) -> float | int | None:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v if not (isinstance(v, float) and math.isnan(v)) else None
    if isinstance(v, str):
        s = v.strip()
        if not s or len(s) > 40:
            return None
        try:
            return int(s)
        except ValueError:
            pass
        try:
            f = float(s)
        except ValueError:
            return None
        return f if math.isfinite(f) else None
    return None


def _date(v: Any) -> date | None:
    if isinstance(v, date):
        return v
    if isinstance(v, str) and len(v) == 10:
        try:
            return date.fromisoformat(v)
        except ValueError:
            return None
    return None


def _str(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return " ".join(_str(x) for x in v)
    return str(v)


def truthy(v: Any) -> bool:
    if v is True or v is False:
        return v
    if v is None:
        return False
    if isinstance(v, str):
        return v != "" and v.lower() not in ("false", "no")
    if isinstance(v, (list, tuple)):
        return len(v) > 0
    return bool(v)


_BOOL_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _empty(v: Any) -> bool:
    return v is None or v == "" or (isinstance(v, (list, tuple)) and not v)


def _equal(a: Any, b: Any) -> bool:
    if _empty(a) or _empty(b):
        return _empty(a) and _empty(b)
    if isinstance(a, bool) or isinstance(b, bool):
        other, flag = (b, a) if isinstance(a, bool) else (a, b)
        if isinstance(other, bool):
            return other == flag
        if isinstance(other, str):
            return _BOOL_WORDS.get(other.lower()) == flag
        return _num(other) == int(flag)
    if isinstance(a, date) or isinstance(b, date):
        return _date(a) == _date(b)
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        na, nb = _num(a), _num(b)
        if na is not None and nb is not None:
            return na == nb
    return _str(a) == _str(b)


def _order(a: Any, b: Any) -> tuple[Any, Any] | None:
    """Make two values comparable with < and >, or None when they are not."""
    if _empty(a) or _empty(b):
        return None
    if isinstance(a, date) or isinstance(b, date):
        da, db = _date(a), _date(b)
        return (da, db) if da is not None and db is not None else None
    na, nb = _num(a), _num(b)
    if na is not None and nb is not None:
        return na, nb
    if isinstance(a, str) and isinstance(b, str):
        return a, b
    return None


def _compare(op: str, a: Any, b: Any) -> bool:
    if op == "=":
        return _equal(a, b)
    if op == "!=":
        return not _equal(a, b)
    pair = _order(a, b)
    if pair is None:
        return False
    x, y = pair
    if op == "<":
        return bool(x < y)
    if op == "<=":
        return bool(x <= y)
    if op == ">":
        return bool(x > y)
    return bool(x >= y)


def _check_number(v: float) -> float | int | None:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if abs(v) > 1e18:
        return None
    return v


def _arith(op: str, a: Any, b: Any) -> Any:
    if _empty(a) or _empty(b):
        return None
    da = a if isinstance(a, date) else None
    db = b if isinstance(b, date) else None
    if da is not None or db is not None:
        if op == "-" and da is not None and (db is not None or _date(b) is not None):
            return (da - (db or _date(b))).days  # type: ignore[operator]
        n = _num(b if da is not None else a)
        if n is None or op not in ("+", "-") or (op == "-" and da is None) or abs(n) > 1_000_000:
            return None
        try:
            from datetime import timedelta

            return (da or db) + timedelta(days=int(n) if op == "+" else -int(n))  # type: ignore[operator]
        except OverflowError:
            return None
    x, y = _num(a), _num(b)
    if x is None or y is None:
        return None
    if op == "+":
        return _check_number(x + y)
    if op == "-":
        return _check_number(x - y)
    if op == "*":
        return _check_number(x * y)
    if y == 0:
        return None
    if op == "/":
        r = x / y
        return _check_number(int(r) if isinstance(r, float) and r.is_integer() else r)
    return _check_number(x % y)


def _bounded(s: str) -> str:
    if len(s) > MAX_STRING_VALUE:
        raise EvalError(f"text result longer than {MAX_STRING_VALUE} characters")
    return s


def _years_between(a: Any, b: Any) -> int | None:
    d1, d2 = _date(a), _date(b)
    if d1 is None or d2 is None:
        return None
    years = d2.year - d1.year - ((d2.month, d2.day) < (d1.month, d1.day))
    return years


def _fn_selected(env: Env, value: Any, choice: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return _str(choice) in value
    return not _empty(value) and _str(value) == _str(choice)


def _fn_count_selected(env: Env, value: Any) -> int:
    if isinstance(value, (list, tuple)):
        return len(value)
    return 0 if _empty(value) else 1


def _fn_len(env: Env, value: Any) -> int:
    if isinstance(value, (list, tuple)):
        return len(value)
    return len(_str(value))


def _fn_number(env: Env, value: Any) -> Any:
    return _num(value)


def _fn_int(env: Env, value: Any) -> Any:
    n = _num(value)
    return None if n is None else int(n)


def _fn_round(env: Env, value: Any, places: Any = 0) -> Any:
    n, p = _num(value), _num(places)
    if n is None or p is None or not 0 <= p <= 10:
        return None
    r = round(n, int(p))
    return int(r) if p == 0 else r


def _fn_min(env: Env, *values: Any) -> Any:
    nums = [n for n in (_num(v) for v in values) if n is not None]
    return min(nums) if nums else None


def _fn_max(env: Env, *values: Any) -> Any:
    nums = [n for n in (_num(v) for v in values) if n is not None]
    return max(nums) if nums else None


def _fn_concat(env: Env, *values: Any) -> str:
    return _bounded("".join(_str(v) for v in values))


def _fn_coalesce(env: Env, *values: Any) -> Any:
    for v in values:
        if not _empty(v):
            return v
    return None


def _fn_contains(env: Env, hay: Any, needle: Any) -> bool:
    return _str(needle) in _str(hay)


def _fn_starts_with(env: Env, hay: Any, needle: Any) -> bool:
    return _str(hay).startswith(_str(needle))


def _fn_today(env: Env) -> date:
    return env.today


def _fn_age(env: Env, birth: Any) -> Any:
    return _years_between(birth, env.today)


def _fn_years_between(env: Env, a: Any, b: Any) -> Any:
    return _years_between(a, b)


def _fn_days_between(env: Env, a: Any, b: Any) -> Any:
    d1, d2 = _date(a), _date(b)
    return None if d1 is None or d2 is None else (d2 - d1).days


def _fn_choice(env: Env, column: Any) -> Any:
    """A column of the choice a ``choice_filter`` is testing (its ``value`` or a data column)."""
    if env.choice is None:
        return None
    return env.choice.get(_str(column))


FUNCTIONS: dict[str, FunctionSpec] = {
    "choice": FunctionSpec(1, 1, _fn_choice),
    "selected": FunctionSpec(2, 2, _fn_selected),
    "count-selected": FunctionSpec(1, 1, _fn_count_selected),
    "today": FunctionSpec(0, 0, _fn_today),
    "age": FunctionSpec(1, 1, _fn_age),
    "len": FunctionSpec(1, 1, _fn_len),
    "string-length": FunctionSpec(1, 1, _fn_len),
    "number": FunctionSpec(1, 1, _fn_number),
    "int": FunctionSpec(1, 1, _fn_int),
    "round": FunctionSpec(1, 2, _fn_round),
    "min": FunctionSpec(1, 10, _fn_min),
    "max": FunctionSpec(1, 10, _fn_max),
    "concat": FunctionSpec(1, 10, _fn_concat),
    "coalesce": FunctionSpec(1, 10, _fn_coalesce),
    "contains": FunctionSpec(2, 2, _fn_contains),
    "starts-with": FunctionSpec(2, 2, _fn_starts_with),
    "years-between": FunctionSpec(2, 2, _fn_years_between),
    "days-between": FunctionSpec(2, 2, _fn_days_between),
    "if": FunctionSpec(3, 3, lambda env, c, a, b: None),  # evaluated lazily below
}


def evaluate(node: Node, env: Env) -> Any:
    """Evaluate a parsed tree. Depth is bounded by the parser, so recursion is safe."""
    kind = node.kind
    if kind == "lit":
        return node.value
    if kind == "ref":
        return env.lookup(node.value)
    if kind == "self":
        return env.self_value
    if kind == "and":
        return truthy(evaluate(node.args[0], env)) and truthy(evaluate(node.args[1], env))
    if kind == "or":
        return truthy(evaluate(node.args[0], env)) or truthy(evaluate(node.args[1], env))
    if kind == "not":
        return not truthy(evaluate(node.args[0], env))
    if kind == "unary":
        n = _num(evaluate(node.args[0], env))
        return None if n is None else -n
    if kind == "binary":
        a = evaluate(node.args[0], env)
        b = evaluate(node.args[1], env)
        if node.value in ("=", "!=", "<", "<=", ">", ">="):
            return _compare(node.value, a, b)
        return _arith(node.value, a, b)
    if kind == "call":
        if node.value == "if":
            chosen = node.args[1] if truthy(evaluate(node.args[0], env)) else node.args[2]
            return evaluate(chosen, env)
        args = [evaluate(a, env) for a in node.args]
        return FUNCTIONS[node.value].impl(env, *args)
    raise EvalError(f"unknown node {kind}")  # pragma: no cover - the parser makes no others


_ORDER_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
}
Compiled = Callable[[Env], Any]


def compile_tree(node: Node) -> Compiled:
    """Turn a tree into nested closures: the same semantics as :func:`evaluate`, without re-dispatching
    on node kinds at every evaluation. Still no ``eval``: closures only call the functions above."""
    kind = node.kind
    if kind == "lit":
        value = node.value
        return lambda env: value
    if kind == "ref":
        name = node.value
        return lambda env: env.lookup(name)
    if kind == "self":
        return lambda env: env.self_value
    args = [compile_tree(a) for a in node.args]
    if kind == "and":
        a, b = args
        return lambda env: truthy(a(env)) and truthy(b(env))
    if kind == "or":
        a, b = args
        return lambda env: truthy(a(env)) or truthy(b(env))
    if kind == "not":
        (a,) = args
        return lambda env: not truthy(a(env))
    if kind == "unary":
        (a,) = args

        def negate(env: Env) -> Any:
            n = _num(a(env))
            return None if n is None else -n

        return negate
    if kind == "binary":
        a, b = args
        op = node.value
        if op in _ORDER_OPS:
            order = _ORDER_OPS[op]

            def ordered(env: Env) -> bool:
                x, y = a(env), b(env)
                if type(x) in (int, float) and type(y) in (int, float):
                    return order(x, y)
                pair = _order(x, y)
                return False if pair is None else bool(order(*pair))

            return ordered
        if op == "=":
            return lambda env: _equal(a(env), b(env))
        if op == "!=":
            return lambda env: not _equal(a(env), b(env))
        return lambda env: _arith(op, a(env), b(env))
    if kind == "call":
        if node.value == "if":
            c, t, f = args
            return lambda env: t(env) if truthy(c(env)) else f(env)
        impl = FUNCTIONS[node.value].impl
        if not args:
            return lambda env: impl(env)
        if len(args) == 1:
            (a,) = args
            return lambda env: impl(env, a(env))
        if len(args) == 2:
            a, b = args
            return lambda env: impl(env, a(env), b(env))
        return lambda env: impl(env, *[f(env) for f in args])
    raise EvalError(f"unknown node {kind}")  # pragma: no cover - the parser makes no others


class Expression:
    """A parsed expression with its source and the fields it reads."""

    __slots__ = ("_run", "refs", "source", "tree")

    def __init__(self, source: str) -> None:
        self.source = source
        self.tree = parse(source)
        self.refs = frozenset(references(self.tree))
        self._run = compile_tree(self.tree)

    def evaluate(self, env: Env) -> Any:
        """The value, or None when the evaluation went over a run-time bound."""
        try:
            return self._run(env)
        except (EvalError, OverflowError, ValueError, ArithmeticError, RecursionError):
            return None

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"


@lru_cache(maxsize=4096)
def compile_expression(source: str) -> Expression:
    """Parse once per distinct source: the validator and the session state share the result.

    Raises :class:`ExprError` (not cached) for bad expressions.
    """
    return Expression(source)
