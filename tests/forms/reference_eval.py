"""The reference tree-walking evaluator: the plainest reading of the expression language.

Production runs compiled closures (:mod:`contract.forms.expr.compiler`); the fuzz
tests evaluate every generated expression both ways and require the same answer.
"""

from __future__ import annotations

from typing import Any

from contract.forms.expr import FUNCTIONS, Env, EvalError, Node
from contract.forms.expr.values import arithmetic, as_number, comparable, equal, truthy


def compare(op: str, a: Any, b: Any) -> bool:
    if op == "=":
        return equal(a, b)
    if op == "!=":
        return not equal(a, b)
    pair = comparable(a, b)
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
        n = as_number(evaluate(node.args[0], env))
        return None if n is None else -n
    if kind == "binary":
        a = evaluate(node.args[0], env)
        b = evaluate(node.args[1], env)
        if node.value in ("=", "!=", "<", "<=", ">", ">="):
            return compare(node.value, a, b)
        return arithmetic(node.value, a, b)
    if kind == "call":
        if node.value == "if":
            chosen = node.args[1] if truthy(evaluate(node.args[0], env)) else node.args[2]
            return evaluate(chosen, env)
        args = [evaluate(a, env) for a in node.args]
        return FUNCTIONS[node.value].impl(env, *args)
    raise EvalError(f"unknown node {kind}")  # pragma: no cover - the parser makes no others

