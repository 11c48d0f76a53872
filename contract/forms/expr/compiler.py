"""Tree to closures: an :class:`Expression` is parsed once and run as nested Python closures.

Compiling removes the per-evaluation dispatch on node kinds; there is still no
``eval``, the closures only call the value rules and the functions of this package.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from contract.forms.expr.functions import FUNCTIONS
from contract.forms.expr.parser import Node, parse, references
from contract.forms.expr.values import Env, EvalError, arithmetic, as_number, comparable, equal, truthy

_ORDER_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
}
Compiled = Callable[[Env], Any]


def compile_tree(node: Node) -> Compiled:
    """Turn a tree into nested closures, without re-dispatching on node kinds at every evaluation.

    The semantics are those of the reference tree walker (``tests/forms/reference_eval.py``), which the
    fuzz tests hold it to. Still no ``eval``: closures only call the value rules and ``FUNCTIONS``."""
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
            n = as_number(a(env))
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
                pair = comparable(x, y)
                return False if pair is None else bool(order(*pair))

            return ordered
        if op == "=":
            return lambda env: equal(a(env), b(env))
        if op == "!=":
            return lambda env: not equal(a(env), b(env))
        return lambda env: arithmetic(op, a(env), b(env))
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
