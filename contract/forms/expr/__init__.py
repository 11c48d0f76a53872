"""A small, safe expression language for relevance, constraints and calculations.

Expressions are parsed into a tree by a hand-written recursive-descent parser
and compiled into closures; nothing is ever passed to ``eval``. The language
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

The package: :mod:`.parser` (text to tree, with the limits), :mod:`.values`
(what values mean: coercion, equality, order, arithmetic), :mod:`.functions`
(what an expression may call) and :mod:`.compiler` (tree to closures, and the
cached :func:`compile_expression` the validator and the session state share).
"""

from contract.forms.expr.compiler import Expression, compile_expression, compile_tree
from contract.forms.expr.functions import FUNCTIONS, FunctionSpec
from contract.forms.expr.parser import (
    KEYWORDS,
    ExprError,
    Node,
    Token,
    parse,
    references,
    tokenize,
    uses_self,
    walk,
)
from contract.forms.expr.values import Env, EvalError, truthy

__all__ = [
    "FUNCTIONS",
    "KEYWORDS",
    "Env",
    "EvalError",
    "ExprError",
    "Expression",
    "FunctionSpec",
    "Node",
    "Token",
    "compile_expression",
    "compile_tree",
    "parse",
    "references",
    "tokenize",
    "truthy",
    "uses_self",
    "walk",
]
