"""One scope check for every staff-facing query: a token limited to a district or a community sees
and acts on that district's or community's terminals, cases and community services, nothing else.

Why one module: the case queries checked district and community while the community services
(queue, ratings, staff calls, opinions) and the fleet checked only the community, so a district
token reached every other district's services (issue 16, finding 2). Every query now asks here.

Everything a staff member sees belongs to a terminal (a case, a ticket, a rating, an opinion and a
call all came from one), and a terminal's district and community are fixed at enrolment, so rows
without their own district column are scoped through their terminal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, select, true
from sqlalchemy.orm import Session

from hub import audit
from hub.errors import ApiError
from hub.models import Terminal


def visible(actor: audit.Actor, district: str | None, community: str | None, street: str | None = None) -> bool:
    """May this actor see a thing of this district, community and (for a street's actor) street?"""
    return (not actor.district or district == actor.district) and (
        not actor.community or community == actor.community) and (not actor.street or street == actor.street)


def street_of(session: Session, actor: audit.Actor, terminal_id: str) -> str | None:
    """The street of a thing's terminal, looked up only for an actor scoped to a street."""
    if not actor.street:
        return None
    terminal = session.get(Terminal, terminal_id)
    return terminal.street if terminal is not None else None


def street_communities(actor: audit.Actor) -> Any:
    """The communities of the actor's street: those of its district whose terminals were enrolled in it."""
    return select(Terminal.community).where(Terminal.district == actor.district, Terminal.street == actor.street)


def condition(actor: audit.Actor, district_col: Any, community_col: Any) -> ColumnElement[bool]:
    """The SQL form of :func:`visible` over a table's own district and community columns."""
    clauses: list[ColumnElement[bool]] = []
    if actor.district:
        clauses.append(district_col == actor.district)
    if actor.street:
        clauses.append(community_col.in_(street_communities(actor)))
    if actor.community:
        clauses.append(community_col == actor.community)
    return and_(true(), *clauses)


def terminal_condition(actor: audit.Actor, terminal_id_col: Any) -> ColumnElement[bool]:
    """For rows that only name their terminal: the terminal is one this actor may see."""
    if not (actor.district or actor.community or actor.street):
        return true()
    in_scope = select(Terminal.id).where(condition(actor, Terminal.district, Terminal.community))
    return terminal_id_col.in_(in_scope)  # type: ignore[no-any-return]


def terminal(session: Session, actor: audit.Actor, terminal_id: str) -> Terminal:
    """A terminal this actor may see (404 otherwise: another district's terminal is not revealed)."""
    row = session.get(Terminal, terminal_id)
    if row is None or not visible(actor, row.district, row.community, row.street):
        raise ApiError(404, "not_found", "no such terminal")
    return row


def community(session: Session, actor: audit.Actor, requested: str | None) -> str | None:
    """The community a staff query is about: the asked-for one if this actor may see it (else 404,
    not an empty answer that confirms it exists), the actor's own when none is asked for."""
    if not requested:
        return actor.community
    if actor.community and requested != actor.community:
        raise ApiError(404, "not_found", "no such community for this token")
    if actor.district and session.scalar(select(Terminal.id).where(
            Terminal.district == actor.district, Terminal.community == requested,
            Terminal.street == actor.street if actor.street else true()).limit(1)) is None:
        raise ApiError(404, "not_found", "no such community for this token")
    return requested
