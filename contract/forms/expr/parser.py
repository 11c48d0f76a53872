"""Text to tree: the tokenizer and the recursive-descent parser, with the size and depth limits.

The parser checks every function name and argument count against
:data:`~contract.forms.expr.functions.FUNCTIONS`, so a parsed tree can always
be compiled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from contract.forms.expr.functions import FUNCTIONS
from contract.forms.limits import MAX_EXPR_CHARS, MAX_EXPR_DEPTH, MAX_EXPR_NODES


class ExprError(ValueError):
    """Bad syntax, an unknown function, or a limit exceeded; the message says where."""



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

