"""Community services at the hub (issue 11): the counters' queue, ratings, staff calls, consultation.

Terminals send everything as outbox items (``queue_ticket``, ``rating``, ``call_staff``,
``vote``, ``opinion``); :func:`after_intake` runs in the ``/outbox`` request's own
transaction, after the items are stored, and files each new one where staff look:

- **queue**: tickets are numbered offline from each terminal's own range (the number
  carries the terminal number), so the hub only has to order them by issue time;
- **votes**: one person, one vote per topic across every terminal. The vote carries the
  voter's ID number sealed to the platform's sealing key; the hub opens it, keeps only
  ``HMAC(vote secret, topic id + ID number)`` and drops the sealed box from the stored item.
  A second vote by the same person is still *accepted as delivered* (the terminal must
  not retry it) but recorded as ``duplicate``; terminals learn outcomes and the results of
  closed topics from ``GET /api/v1/consultation``;
- **opinions**: the author's ID number arrives sealed too and is kept only as a keyed hash
  (another key than the votes'), to show staff at most ``OPINIONS_PER_PERSON`` opinions of
  one person on one topic whatever terminals they use (issue 16).

The vote secret is derived from the platform's sealing key (HKDF), so every hub process
computes the same keys with nothing more to store or back up.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter as Tally
from datetime import datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from fastapi import Depends, Path, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contract import crypto, idnumber
from contract.queue import BUSINESS_TYPES
from contract.timefmt import parse_time
from hub import audit, scope
from hub.community_models import CallStaffAck, OpinionAuthor, QueueTicket, Vote, VoteReceipt
from hub.db import SessionDep, utcnow
from hub.deps import ADMIN, ADMIN_ERRORS, API, TERMINAL_ERRORS, SignedDep, authenticate, require
from hub.errors import ApiError
from hub.keys import PlatformKeys
from hub.models import Blob, ContentVersion, OutboxItem, Terminal
from hub.publishing import iso
from hub.security import Role

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
MINUTES_EACH = {b.code: b.minutes_each for b in BUSINESS_TYPES}
BUSINESS_NAMES = {b.code: b.name for b in BUSINESS_TYPES}
RECEIPTS_FOR_TERMINAL = 500
OPINIONS_PER_PERSON = 3  # per topic, across every terminal: enough to add to one's say, not to flood it


# --- helpers --------------------------------------------------------------------------------------------


def local_day(at: datetime) -> str:
    return at.astimezone(LOCAL_TZ).strftime("%Y%m%d")


def vote_secret(keys: PlatformKeys, info: bytes = b"kiosk vote key v1") -> bytes:
    raw = crypto.sealing_key_to_bytes(keys.sealing)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(raw)


def opinion_secret(keys: PlatformKeys) -> bytes:
    """Another key than the votes': an opinion's author key cannot be matched with a vote's."""
    return vote_secret(keys, b"kiosk opinion key v1")


def opened_id_number(keys: PlatformKeys, sealed: Any) -> str | None:
    """The ID number a terminal sealed to the platform (a vote's ``voter``, an opinion's ``author``), or None."""
    try:
        id_number = json.loads(crypto.open_sealed(keys.sealing, crypto.b64d(str(sealed or ""))))["id_number"]
    except (crypto.CryptoError, ValueError, KeyError, TypeError):
        return None
    # resident ID cards, and foreign permanent resident cards (whose older numbers are not 18 digits)
    if not isinstance(id_number, str) or not 8 <= len(idnumber.normalise(id_number)) <= 30:
        return None
    return id_number


def voter_key(secret: bytes, topic_id: str, id_number: str) -> str:
    message = f"{topic_id}\n{idnumber.normalise(id_number)}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


# --- intake ---------------------------------------------------------------------------------------------


def after_intake(session: Session, keys: PlatformKeys, terminal: Terminal, items: list[Any],
                 results: list[dict[str, str]]) -> None:
    """File the newly accepted community items (same transaction as their storing)."""
    accepted = {r["id"] for r in results if r["status"] == "accepted"}
    secret: bytes | None = None
    author_secret: bytes | None = None
    index: dict[str, dict[str, Any]] | None = None
    for item in items:
        if item.id not in accepted:
            continue
        if item.kind == "queue_ticket":
            _file_ticket(session, terminal, item)
        elif item.kind == "vote":
            secret = secret or vote_secret(keys)
            index = topics_index(session) if index is None else index  # once per batch
            _file_vote(session, keys, secret, index, terminal, item)
        elif item.kind == "opinion":
            author_secret = author_secret or opinion_secret(keys)
            _file_opinion(session, keys, author_secret, item)


def _file_ticket(session: Session, terminal: Terminal, item: Any) -> None:
    body = item.body or {}
    code = str(body.get("business_type") or "")[:8]
    number = str(body.get("number") or "")[:20]
    issued = parse_time(body.get("issued_at")) or parse_time(item.created_at) or utcnow()
    if not code or not number:
        return  # kept as an outbox item; nothing a counter could call
    try:
        with session.begin_nested():
            session.add(QueueTicket(item_id=item.id, terminal_id=terminal.id, community=terminal.community,
                                    business_type=code, number=number, day=local_day(issued), issued_at=issued,
                                    received_at=utcnow(), status="waiting"))
    except IntegrityError:  # the same number re-sent under another item id
        pass


def _unseal(session: Session, keys: PlatformKeys, item: Any, field: str) -> tuple[dict[str, Any], str, str | None]:
    """The item's body without its sealed ID number (which is never stored), its topic, and the ID number."""
    body = dict(item.body or {})
    sealed = body.pop(field, None)
    row = session.get(OutboxItem, item.id)
    if row is not None:
        row.body = body
    return body, str(body.get("topic_id") or "")[:100], opened_id_number(keys, sealed)


def _file_vote(session: Session, keys: PlatformKeys, secret: bytes, index: dict[str, dict[str, Any]],
               terminal: Terminal, item: Any) -> None:
    body, topic_id, id_number = _unseal(session, keys, item, "voter")
    now = utcnow()

    def receipt(outcome: str, reason: str = "") -> None:
        session.add(VoteReceipt(item_id=item.id, terminal_id=terminal.id, topic_id=topic_id, outcome=outcome,
                                reason=reason[:200], received_at=now))

    topic = index.get(topic_id)
    if topic is None:
        return receipt("refused", "unknown topic")
    option = str(body.get("option") or "")
    if option not in {o.get("id") for o in topic.get("options") or []}:
        return receipt("refused", "not an option of this topic")
    cast_at = parse_time(body.get("cast_at")) or parse_time(item.created_at)
    closes, opens = parse_time(topic.get("closes_at")), parse_time(topic.get("opens_at"))
    if cast_at is None or (closes and cast_at > closes) or (opens and cast_at < opens):
        return receipt("refused", "cast outside the topic's voting period")
    if id_number is None:
        return receipt("refused", "the voter's sealed identity cannot be opened")
    key = voter_key(secret, topic_id, id_number)
    try:
        with session.begin_nested():
            session.add(Vote(topic_id=topic_id, voter_key=key, option=option, item_id=item.id,
                             terminal_id=terminal.id, community=terminal.community,
                             cast_at=cast_at.isoformat(), received_at=now))
    except IntegrityError:
        return receipt("duplicate", "this person has already voted on this topic")
    return receipt("counted")


def _file_opinion(session: Session, keys: PlatformKeys, secret: bytes, item: Any) -> None:
    """Count the author's opinions on the topic (by keyed hash, never the ID number) and keep at most
    ``OPINIONS_PER_PERSON``; one without an author that opens is not shown to staff."""
    _body, topic_id, id_number = _unseal(session, keys, item, "author")
    key = voter_key(secret, topic_id, id_number) if id_number else ""
    outcome = "refused"
    if key:
        kept = session.scalar(select(func.count()).select_from(OpinionAuthor).where(
            OpinionAuthor.topic_id == topic_id, OpinionAuthor.author_key == key, OpinionAuthor.outcome == "kept"))
        outcome = "kept" if (kept or 0) < OPINIONS_PER_PERSON else "over_limit"
    session.add(OpinionAuthor(item_id=item.id, topic_id=topic_id, author_key=key, outcome=outcome,
                              received_at=utcnow()))


# --- queue ----------------------------------------------------------------------------------------------


def _ticket_out(t: QueueTicket) -> dict[str, Any]:
    return {"id": t.item_id, "number": t.number, "business_type": t.business_type, "community": t.community,
            "terminal_id": t.terminal_id, "issued_at": iso(t.issued_at), "status": t.status, "counter": t.counter,
            "called_at": iso(t.called_at), "finished_at": iso(t.finished_at)}


def _minutes_each(tickets: list[QueueTicket], code: str) -> float:
    """The average counter time observed today for this business, or the configured one."""
    spans = [(t.finished_at - t.called_at).total_seconds() / 60 for t in tickets
             if t.status == "served" and t.called_at and t.finished_at]
    spans = [s for s in spans if 0.5 <= s <= 120]
    return sum(spans) / len(spans) if len(spans) >= 3 else float(MINUTES_EACH.get(code, 8))


def queue_view(session: Session, actor: audit.Actor, community: str | None = None,
               business_type: str | None = None, day: str | None = None) -> list[dict[str, Any]]:
    """Per community and business type: who is waiting (in issue order), who is being served, estimates."""
    community = scope.community(session, actor, community)
    day = day or local_day(utcnow())
    query = select(QueueTicket).where(QueueTicket.day == day, scope.terminal_condition(actor, QueueTicket.terminal_id))
    if community:
        query = query.where(QueueTicket.community == community)
    if business_type:
        query = query.where(QueueTicket.business_type == business_type)
    groups: dict[tuple[str, str], list[QueueTicket]] = {}
    for t in session.scalars(query.order_by(QueueTicket.issued_at, QueueTicket.number)):
        groups.setdefault((t.community, t.business_type), []).append(t)
    out = []
    for (comm, code), tickets in sorted(groups.items()):
        waiting = [t for t in tickets if t.status == "waiting"]
        each = _minutes_each(tickets, code)
        out.append({
            "community": comm, "business_type": code, "business_name": BUSINESS_NAMES.get(code, {}),
            "day": day, "waiting_count": len(waiting), "minutes_each": round(each, 1),
            "estimate_min": round(len(waiting) * each),
            "serving": [_ticket_out(t) for t in tickets if t.status == "called"],
            "waiting": [{**_ticket_out(t), "position": i + 1, "estimate_min": round(i * each)}
                        for i, t in enumerate(waiting)],
            "served": sum(t.status == "served" for t in tickets),
            "skipped": sum(t.status == "skipped" for t in tickets),
        })
    return out


def call_next(session: Session, actor: audit.Actor, community: str | None, business_type: str,
              counter: str) -> dict[str, Any] | None:
    """Finish what this counter was serving and call the earliest-issued waiting ticket (None: queue empty)."""
    community = scope.community(session, actor, community)
    if not community:
        raise ApiError(422, "invalid_request", "name the community whose queue to call")
    now = utcnow()
    day = local_day(now)
    in_scope = scope.terminal_condition(actor, QueueTicket.terminal_id)
    for t in session.scalars(select(QueueTicket).where(
            QueueTicket.community == community, QueueTicket.day == day, QueueTicket.status == "called",
            QueueTicket.counter == counter, in_scope)):
        t.status, t.finished_at = "served", now
    nxt = session.scalar(select(QueueTicket).where(
        QueueTicket.community == community, QueueTicket.day == day, QueueTicket.business_type == business_type,
        QueueTicket.status == "waiting", in_scope).order_by(QueueTicket.issued_at, QueueTicket.number).limit(1)
        .with_for_update(skip_locked=True))  # two counters calling at once get different tickets
    if nxt is None:
        return None
    nxt.status, nxt.counter, nxt.called_at, nxt.handled_by = "called", counter, now, actor.name
    return _ticket_out(nxt)


def finish_ticket(session: Session, actor: audit.Actor, ticket_id: str, outcome: str) -> dict[str, Any]:
    """Mark a ticket served, or skipped (the resident did not come when called)."""
    t = session.get(QueueTicket, ticket_id)
    terminal = session.get(Terminal, t.terminal_id) if t is not None else None
    if t is None or terminal is None or not scope.visible(actor, terminal.district, terminal.community,
                                                          terminal.street):
        raise ApiError(404, "not_found", "no such ticket")
    if t.status in ("served", "skipped"):
        raise ApiError(409, "ticket_finished", f"ticket {t.number} is already {t.status}")
    t.status, t.finished_at, t.handled_by = outcome, utcnow(), actor.name
    return _ticket_out(t)


# --- ratings --------------------------------------------------------------------------------------------


def ratings(session: Session, actor: audit.Actor, community: str | None = None) -> dict[str, Any]:
    """Satisfaction per service and per terminal: count, average, the five levels and the reasons."""
    community = scope.community(session, actor, community)
    query = select(OutboxItem, Terminal).join(Terminal, Terminal.id == OutboxItem.terminal_id).where(
        OutboxItem.kind == "rating", scope.condition(actor, Terminal.district, Terminal.community))
    if community:
        query = query.where(Terminal.community == community)
    by_service: dict[str, list[dict[str, Any]]] = {}
    by_terminal: dict[str, list[dict[str, Any]]] = {}
    for item, terminal in session.execute(query):
        body = item.body or {}
        level = body.get("level")
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
            continue
        by_service.setdefault(str(body.get("service_id") or "-"), []).append(body)
        by_terminal.setdefault(terminal.id, []).append(body)

    def summary(bodies: list[dict[str, Any]]) -> dict[str, Any]:
        levels = Tally(b["level"] for b in bodies)
        reasons = Tally(r for b in bodies for r in (b.get("reasons") or []) if isinstance(r, str))
        return {"count": len(bodies), "average": round(sum(b["level"] for b in bodies) / len(bodies), 2),
                "levels": {str(n): levels.get(n, 0) for n in range(1, 6)}, "reasons": dict(reasons.most_common())}

    return {"by_service": [{"service_id": k, **summary(v)} for k, v in sorted(by_service.items())],
            "by_terminal": [{"terminal_id": k, **summary(v)} for k, v in sorted(by_terminal.items())]}


# --- staff calls ----------------------------------------------------------------------------------------


def open_calls(session: Session, terminal_id: str | None = None) -> list[OutboxItem]:
    """``call_staff`` items nobody has acknowledged yet (the fleet alert lasts as long as one is open)."""
    query = select(OutboxItem).outerjoin(CallStaffAck, CallStaffAck.item_id == OutboxItem.id).where(
        OutboxItem.kind == "call_staff", CallStaffAck.item_id.is_(None))
    if terminal_id:
        query = query.where(OutboxItem.terminal_id == terminal_id)
    return list(session.scalars(query.order_by(OutboxItem.received_at)))


def calling_terminals(session: Session) -> set[str]:
    return {item.terminal_id for item in open_calls(session)}


def acknowledge_calls(session: Session, actor: audit.Actor, terminal_id: str) -> int:
    scope.terminal(session, actor, terminal_id)
    calls = open_calls(session, terminal_id)
    now = utcnow()
    for call in calls:
        session.add(CallStaffAck(item_id=call.id, acked_at=now, acked_by=actor.name))
    return len(calls)


def calls_out(session: Session, actor: audit.Actor) -> list[dict[str, Any]]:
    out = []
    for item in open_calls(session):
        terminal = session.get(Terminal, item.terminal_id)
        if terminal is None or not scope.visible(actor, terminal.district, terminal.community, terminal.street):
            continue
        out.append({"id": item.id, "terminal_id": item.terminal_id, "terminal_no": terminal.terminal_no,
                    "community": terminal.community, "screen": (item.body or {}).get("screen"),
                    "created_at": item.created_at, "received_at": iso(item.received_at)})
    return out


# --- consultation ---------------------------------------------------------------------------------------


def topics_index(session: Session) -> dict[str, dict[str, Any]]:
    """Every topic ever published, by id; a newer version of a topics document wins."""
    topics: dict[str, dict[str, Any]] = {}
    rows = session.execute(select(ContentVersion, Blob).join(Blob, Blob.sha256 == ContentVersion.sha256).where(
        ContentVersion.kind == "topics").order_by(ContentVersion.created_at, ContentVersion.id))
    for _cv, blob in rows:
        for topic in json.loads(blob.data.decode("utf-8")).get("topics") or []:
            if isinstance(topic, dict) and isinstance(topic.get("id"), str):
                topics[topic["id"]] = topic
    return topics


def topic_state(topic: dict[str, Any], now: datetime | None = None) -> str:
    now = now or utcnow()
    opens, closes = parse_time(topic.get("opens_at")), parse_time(topic.get("closes_at"))
    if opens and now < opens:
        return "upcoming"
    if closes and now >= closes:
        return "closed"
    return "open"


def _tally(session: Session, topic: dict[str, Any]) -> dict[str, Any]:
    counts = Tally(session.scalars(select(Vote.option).where(Vote.topic_id == topic["id"])))
    by_community: dict[str, dict[str, int]] = {}
    for comm, option in session.execute(select(Vote.community, Vote.option).where(Vote.topic_id == topic["id"])):
        by_community.setdefault(comm, {}).setdefault(option, 0)
        by_community[comm][option] += 1
    options = [{"id": o["id"], "label": o.get("label", {}), "votes": counts.get(o["id"], 0)}
               for o in topic.get("options") or []]
    return {"topic_id": topic["id"], "title": topic.get("title", {}), "closes_at": topic.get("closes_at"),
            "total": sum(counts.values()), "options": options, "by_community": by_community,
            "opinions": _count_opinions(session, topic["id"])}


def _opinion_items(session: Session, topic_id: str | None = None) -> list[tuple[OutboxItem, Terminal]]:
    """Opinions staff see: not those over their author's limit or without an author (issue 16); opinions
    delivered before authors were counted have no row and still show."""
    rows = session.execute(select(OutboxItem, Terminal).join(Terminal, Terminal.id == OutboxItem.terminal_id)
                           .outerjoin(OpinionAuthor, OpinionAuthor.item_id == OutboxItem.id)
                           .where(OutboxItem.kind == "opinion",
                                  or_(OpinionAuthor.item_id.is_(None), OpinionAuthor.outcome == "kept"))
                           .order_by(OutboxItem.received_at))
    return [(i, t) for i, t in rows if topic_id is None or (i.body or {}).get("topic_id") == topic_id]


def _count_opinions(session: Session, topic_id: str) -> int:
    return len(_opinion_items(session, topic_id))


def list_topics(session: Session) -> list[dict[str, Any]]:
    out = []
    for topic in topics_index(session).values():
        state = topic_state(topic)
        received = len(list(session.scalars(select(Vote.id).where(Vote.topic_id == topic["id"]))))
        out.append({"id": topic["id"], "title": topic.get("title", {}), "state": state,
                    "opens_at": topic.get("opens_at"), "closes_at": topic.get("closes_at"),
                    "options": len(topic.get("options") or []), "votes": received,
                    "opinions": _count_opinions(session, topic["id"])})
    return sorted(out, key=lambda t: (t["closes_at"] or "", t["id"]))


def results(session: Session, topic_id: str) -> dict[str, Any]:
    """The count of a closed topic (409 while it is open: no running tallies that sway the vote)."""
    topic = topics_index(session).get(topic_id)
    if topic is None:
        raise ApiError(404, "not_found", "no such topic")
    if topic_state(topic) != "closed":
        raise ApiError(409, "topic_open", f"topic {topic_id} has not closed; results come after {topic.get('closes_at')}")
    return _tally(session, topic)


def opinions(session: Session, actor: audit.Actor, topic_id: str) -> list[dict[str, Any]]:
    out = []
    for item, terminal in _opinion_items(session, topic_id):
        if not scope.visible(actor, terminal.district, terminal.community, terminal.street):
            continue
        body = item.body or {}
        out.append({"id": item.id, "topic_id": topic_id, "kind": body.get("kind", "opinion"),
                    "text": body.get("text", ""), "language": body.get("language"),
                    "community": terminal.community, "terminal_id": terminal.id, "created_at": item.created_at})
    return out


def for_terminal(session: Session, terminal: Terminal) -> dict[str, Any]:
    """What a terminal may show: results of closed topics and the outcome of its own votes."""
    closed = [t for t in topics_index(session).values() if topic_state(t) == "closed"]
    receipts = session.scalars(select(VoteReceipt).where(VoteReceipt.terminal_id == terminal.id)
                               .order_by(VoteReceipt.received_at.desc()).limit(RECEIPTS_FOR_TERMINAL))
    return {"results": [_tally(session, t) for t in sorted(closed, key=lambda t: t["id"])],
            "votes": [{"item_id": r.item_id, "topic_id": r.topic_id, "outcome": r.outcome, "reason": r.reason}
                      for r in receipts],
            "server_time": iso(utcnow())}


# --- routes ---------------------------------------------------------------------------------------------


StaffDep = Annotated[audit.Actor, Depends(require(Role.STAFF, Role.ADMIN))]
ReaderDep = Annotated[audit.Actor, Depends(require(Role.ADMIN, Role.STAFF, Role.VIEWER))]


class CallNext(BaseModel):
    community: str | None = Field(None, max_length=100)
    business_type: str = Field(min_length=1, max_length=8)
    counter: str = Field(min_length=1, max_length=40)


def register(app: Any) -> None:
    """Add the community routes to the hub's app (called once from ``hub.app.create_app``)."""

    @app.get(f"{API}/consultation", tags=["terminal"], responses=TERMINAL_ERRORS, response_model=dict[str, Any])
    def consultation(signed: SignedDep, session: SessionDep, request: Request) -> dict[str, Any]:
        """Results of closed topics, and what became of this terminal's votes (counted/duplicate/refused)."""
        terminal = authenticate(request, session, signed)
        out = for_terminal(session, terminal)
        session.commit()
        return out

    @app.get(f"{API}/queue", tags=["terminal"], responses=TERMINAL_ERRORS, response_model=dict[str, Any])
    def terminal_queue(signed: SignedDep, session: SessionDep, request: Request) -> dict[str, Any]:
        """How many wait per business type in this terminal's community today (for the ticket's estimate)."""
        terminal = authenticate(request, session, signed)
        view = queue_view(session, audit.CLI_ACTOR, terminal.community)
        session.commit()
        return {"day": local_day(utcnow()), "server_time": iso(utcnow()),
                "queues": {q["business_type"]: {"waiting": q["waiting_count"], "minutes_each": q["minutes_each"]}
                           for q in view}}

    tags = ["community"]

    @app.get(f"{ADMIN}/queue", tags=tags, responses=ADMIN_ERRORS, response_model=list[dict[str, Any]])
    def get_queue(actor: ReaderDep, session: SessionDep,
                  community: Annotated[str | None, Query(max_length=100)] = None,
                  business_type: Annotated[str | None, Query(max_length=8)] = None,
                  day: Annotated[str | None, Query(pattern=r"^\d{8}$")] = None) -> list[dict[str, Any]]:
        """Today's queue per community and business type, in the order tickets were issued."""
        return queue_view(session, actor, community, business_type, day)

    @app.post(f"{ADMIN}/queue/call-next", tags=tags, responses=ADMIN_ERRORS, response_model=dict[str, Any])
    def post_call_next(body: CallNext, actor: StaffDep, session: SessionDep) -> dict[str, Any]:
        """The counter finishes its current ticket and calls the next (``ticket`` null when nobody waits)."""
        ticket = call_next(session, actor, body.community, body.business_type, body.counter)
        session.commit()
        return {"ticket": ticket}

    for outcome, verb in (("served", "serve"), ("skipped", "skip")):
        def finish(ticket_id: Annotated[str, Path(max_length=64)], actor: StaffDep, session: SessionDep,
                   _outcome: str = outcome) -> dict[str, Any]:
            ticket = finish_ticket(session, actor, ticket_id, _outcome)
            session.commit()
            return ticket

        app.add_api_route(f"{ADMIN}/queue/{{ticket_id}}/{verb}", finish, methods=["POST"], tags=tags,
                          responses=ADMIN_ERRORS, response_model=dict[str, Any], name=f"queue_{verb}",
                          summary=f"Mark a ticket {outcome}")

    @app.get(f"{ADMIN}/ratings", tags=tags, responses=ADMIN_ERRORS, response_model=dict[str, Any])
    def get_ratings(actor: ReaderDep, session: SessionDep,
                    community: Annotated[str | None, Query(max_length=100)] = None) -> dict[str, Any]:
        """Satisfaction ratings aggregated per service and per terminal."""
        return ratings(session, actor, community)

    @app.get(f"{ADMIN}/call-staff", tags=tags, responses=ADMIN_ERRORS, response_model=list[dict[str, Any]])
    def get_calls(actor: ReaderDep, session: SessionDep) -> list[dict[str, Any]]:
        """Residents' calls for staff that nobody has acknowledged yet."""
        return calls_out(session, actor)

    @app.post(f"{ADMIN}/terminals/{{terminal_id}}/call-staff/ack", tags=tags, responses=ADMIN_ERRORS,
              response_model=dict[str, Any])
    def ack_calls(terminal_id: Annotated[str, Path(max_length=40)], actor: StaffDep,
                  session: SessionDep) -> dict[str, Any]:
        """Acknowledge the terminal's open calls; its ``call_staff`` alert ends."""
        count = acknowledge_calls(session, actor, terminal_id)
        session.commit()
        return {"terminal_id": terminal_id, "acknowledged": count}

    @app.get(f"{ADMIN}/topics", tags=tags, responses=ADMIN_ERRORS, response_model=list[dict[str, Any]])
    def get_topics(actor: ReaderDep, session: SessionDep) -> list[dict[str, Any]]:
        """Consultation topics with their state and how many votes and opinions arrived."""
        return list_topics(session)

    @app.get(f"{ADMIN}/topics/{{topic_id}}/results", tags=tags, responses=ADMIN_ERRORS,
             response_model=dict[str, Any])
    def get_results(topic_id: Annotated[str, Path(max_length=100)], actor: ReaderDep,
                    session: SessionDep) -> dict[str, Any]:
        """Votes per option once the topic has closed (409 before)."""
        return results(session, topic_id)

    @app.get(f"{ADMIN}/topics/{{topic_id}}/opinions", tags=tags, responses=ADMIN_ERRORS,
             response_model=list[dict[str, Any]])
    def get_opinions(topic_id: Annotated[str, Path(max_length=100)], actor: StaffDep,
                     session: SessionDep) -> list[dict[str, Any]]:
        """Residents' opinions and proposals on a topic."""
        return opinions(session, actor, topic_id)


def expires(hours: float) -> str:
    """An ISO time ``hours`` from now (tests and the demo publish topics with it)."""
    return iso(utcnow() + timedelta(hours=hours)) or ""
