"""What a definition compiles to, once: its parsed expressions and the order answers are recomputed in.

Kept on the (immutable) definition, so every session of a form shares it: a
``FormState`` only stores answers and asks this which fields to recompute when
one changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contract.forms.expr import Expression, compile_expression
from contract.forms.model import Field, FormDefinition


@dataclass
class CompiledForm:
    """Everything derived once per definition: parsed expressions and the dependency order."""

    fields: dict[str, Field]
    page_of: dict[str, int]
    relevant: dict[str, Expression]
    page_relevant: dict[int, Expression]
    calculate: dict[str, Expression]
    constraint: dict[str, Expression]
    choice_filter: dict[str, Expression]
    pattern: dict[str, re.Pattern[str]]
    order: list[str]
    position: dict[str, int]
    dependents: dict[str, set[str]]
    downstream: dict[str, list[str]]

    @classmethod
    def build(cls, definition: FormDefinition) -> CompiledForm:
        fields: dict[str, Field] = {}
        page_of: dict[str, int] = {}
        relevant: dict[str, Expression] = {}
        page_relevant: dict[int, Expression] = {}
        calculate: dict[str, Expression] = {}
        constraint: dict[str, Expression] = {}
        choice_filter: dict[str, Expression] = {}
        pattern: dict[str, re.Pattern[str]] = {}
        deps: dict[str, set[str]] = {}
        for pi, page in enumerate(definition.pages):
            if page.relevant:
                page_relevant[pi] = compile_expression(page.relevant)
        for pi, page in enumerate(definition.pages):
            for f in page.fields:
                fields[f.id] = f
                page_of[f.id] = pi
                d: set[str] = set(page_relevant[pi].refs) if pi in page_relevant else set()
                if f.relevant:
                    relevant[f.id] = compile_expression(f.relevant)
                    d |= relevant[f.id].refs
                if f.calculate:
                    calculate[f.id] = compile_expression(f.calculate)
                    d |= calculate[f.id].refs
                if f.constraint:
                    constraint[f.id] = compile_expression(f.constraint)
                if f.choice_filter:
                    choice_filter[f.id] = compile_expression(f.choice_filter)
                if f.pattern:
                    pattern[f.id] = re.compile(f.pattern)
                deps[f.id] = d
        # Kahn's algorithm in definition order; the validator has refused cycles.
        dependents: dict[str, set[str]] = {fid: set() for fid in fields}
        indegree = {fid: 0 for fid in fields}
        for fid, d in deps.items():
            for src in d:
                if src in dependents:
                    dependents[src].add(fid)
                    indegree[fid] += 1
        rank = {fid: i for i, fid in enumerate(fields)}
        ready = [fid for fid in fields if indegree[fid] == 0]
        order: list[str] = []
        while ready:
            fid = ready.pop(0)  # small lists; order = definition order among ready fields
            order.append(fid)
            for nxt in sorted(dependents[fid], key=rank.__getitem__):
                indegree[nxt] -= 1
                if indegree[nxt] == 0:
                    ready.append(nxt)
        if len(order) != len(fields):  # pragma: no cover - guarded by validate_definition
            raise ValueError("form has circular expressions")
        position = {fid: i for i, fid in enumerate(order)}
        return cls(
            fields, page_of, relevant, page_relevant, calculate, constraint, choice_filter, pattern, order, position,
            dependents, {},
        )

    def affected(self, field_id: str) -> list[str]:
        """The field and everything depending on it, in dependency order (cached)."""
        cached = self.downstream.get(field_id)
        if cached is not None:
            return cached
        seen = {field_id}
        stack = [field_id]
        while stack:
            for nxt in self.dependents[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        result = sorted(seen, key=self.position.__getitem__)
        self.downstream[field_id] = result
        return result


def compiled(definition: FormDefinition) -> CompiledForm:
    """The compiled form of a definition, built once and kept on the (immutable) definition."""
    cached = definition.__dict__.get("_compiled")
    if cached is None:
        cached = CompiledForm.build(definition)
        object.__setattr__(definition, "_compiled", cached)
    return cached
