"""Consultation on local matters (议事协商): topics, one vote per person, opinions and proposals.

Topics arrive in the active bundle (content kind ``topics``, see docs/sync-protocol.md).
A vote needs the resident identified by ID card: the ID number is sealed to the
platform's sealing key (only the hub can open it) and sent as a ``vote`` outbox
item; the hub keeps an HMAC of it and refuses a second vote by the same person on
the same topic at any terminal. This terminal also remembers, by its own
person key, who voted here, so the common case is refused at once, offline too.
What the hub decided (``counted``, ``duplicate``, ``refused``) and the results of
closed topics come back from ``GET /api/v1/consultation`` and are cached here.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from contract import crypto, idnumber, safe_load
from contract.timefmt import parse_time

log = logging.getLogger(__name__)

MAX_OPINION_CHARS = 1000
RESULTS_STATE = "consultation:hub"


@dataclass(frozen=True)
class TopicOption:
    id: str
    label: dict[str, str]


@dataclass(frozen=True)
class Topic:
    id: str
    title: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    options: tuple[TopicOption, ...] = ()
    opens_at: datetime | None = None
    closes_at: datetime | None = None

    def state(self, now: datetime) -> str:
        """``upcoming``, ``open`` or ``closed`` at ``now``."""
        if self.opens_at and now < self.opens_at:
            return "upcoming"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"

    def option(self, option_id: str) -> TopicOption | None:
        return next((o for o in self.options if o.id == option_id), None)


class ConsultationError(Exception):
    """Why a vote or an opinion was not taken; ``code`` is what the screen explains."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _text(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def parse_topics(doc: Any) -> list[Topic]:
    """Topics of a ``topics`` content item; entries the terminal cannot use are skipped, not fatal."""
    topics: list[Topic] = []
    for raw in (doc or {}).get("topics") or [] if isinstance(doc, dict) else []:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
            continue
        options = tuple(TopicOption(str(o["id"]), _text(o.get("label"))) for o in raw.get("options") or []
                        if isinstance(o, dict) and isinstance(o.get("id"), str))
        topics.append(Topic(id=raw["id"], title=_text(raw.get("title")), description=_text(raw.get("description")),
                            options=options, opens_at=parse_time(raw.get("opens_at")),
                            closes_at=parse_time(raw.get("closes_at"))))
    return topics


class Consultation:
    """The terminal's side: list topics, take a vote or an opinion, learn outcomes and results."""

    def __init__(self, services: Any) -> None:
        self.services = services

    @property
    def store(self) -> Any:
        return self.services.store

    def now(self) -> datetime:
        return self.services.clock.now()

    def state_of(self, topic: Topic) -> str:
        """The topic's state by this terminal's clock, but closed once the hub has published its results."""
        return "closed" if self.results(topic.id) is not None else topic.state(self.now())

    def topics(self, content: Any) -> list[Topic]:
        """Topics worth showing: open ones first (closing soonest first), then closed ones."""
        shown = [t for t in getattr(content, "topics", []) or [] if self.state_of(t) != "upcoming"]
        far = datetime.max.replace(tzinfo=UTC)
        return sorted(shown, key=lambda t: (self.state_of(t) != "open", t.closes_at or far, t.id))

    # --- taking part ---------------------------------------------------------------------------

    def _enrollment(self) -> Any:
        keys = getattr(self.store, "keys", None)
        enrollment = keys.enrollment() if keys is not None else None
        if enrollment is None:
            raise ConsultationError("not_enrolled", "this terminal is not enrolled with the platform yet, so it "
                                                    "cannot seal a vote; ask staff to enrol it")
        return enrollment

    def _voted_key(self, topic_id: str, identity: Any) -> str:
        return f"consultation:voted:{topic_id}:{self.store.person_key(identity.id_number)}"

    def has_voted_here(self, topic: Topic, identity: Any) -> bool:
        return bool(identity is not None and self.store.get_state(self._voted_key(topic.id, identity)))

    def vote(self, topic: Topic, option_id: str, identity: Any, language: str) -> str:
        """Seal the voter's ID number to the platform and queue the vote; returns the item id."""
        if identity is None:
            raise ConsultationError("not_identified", "identify with an ID card before voting")
        enrollment = self._enrollment()
        if self.state_of(topic) != "open":
            raise ConsultationError("closed", f"topic {topic.id} is not open for voting")
        if topic.option(option_id) is None:
            raise ConsultationError("bad_option", f"{option_id!r} is not an option of topic {topic.id}")
        if self.has_voted_here(topic, identity):
            raise ConsultationError("already_voted", "this person has already voted on this topic")
        sealed = crypto.seal(enrollment.sealing_key, crypto.canonical_json({"id_number": identity.id_number}))
        item = self.store.enqueue("vote", {"topic_id": topic.id, "option": option_id, "voter": crypto.b64e(sealed),
                                           "cast_at": self.now().isoformat(), "language": language})
        self.store.set_state(self._voted_key(topic.id, identity), item)
        return item

    def opinion(self, topic: Topic, text: str, identity: Any, language: str, kind: str = "opinion") -> str:
        """Queue an opinion or a proposal. Who wrote it travels only sealed to the platform, which keeps a keyed
        hash of it to limit the opinions one person gives on a topic; the text carries no name."""
        if identity is None:
            raise ConsultationError("not_identified", "identify with an ID card before giving an opinion")
        enrollment = self._enrollment()
        text = text.strip()
        if not text:
            raise ConsultationError("empty", "the opinion is empty")
        if len(text) > MAX_OPINION_CHARS:
            raise ConsultationError("too_long", f"an opinion has at most {MAX_OPINION_CHARS} characters")
        if idnumber.find_in_text(text):  # the text is delivered and shown to staff as it is: never an ID number
            raise ConsultationError("id_number", "the opinion quotes an ID number")
        if self.state_of(topic) != "open":
            raise ConsultationError("closed", f"topic {topic.id} is not open")
        author = crypto.seal(enrollment.sealing_key, crypto.canonical_json({"id_number": identity.id_number}))
        return str(self.store.enqueue("opinion", {"topic_id": topic.id, "text": text, "language": language,
                                                  "kind": "proposal" if kind == "proposal" else "opinion",
                                                  "at": self.now().isoformat(), "author": crypto.b64e(author)}))

    # --- what the hub says ------------------------------------------------------------------------

    def refresh(self) -> dict[str, Any] | None:
        """Deliver the outbox, then fetch outcomes and results from the hub (None when unreachable)."""
        sync = self.services.sync
        if sync is None:
            return None
        try:
            sync.run_once(heartbeat=False)
            client = sync.client()
            if client is None:
                return None
            data = client.request("GET", "/consultation").json()
        except Exception as exc:  # noqa: BLE001  (offline or hub trouble: the cached answer stands)
            log.info("consultation refresh failed: %s", type(exc).__name__)
            return None
        if isinstance(data, dict):
            self.store.set_state(RESULTS_STATE, json.dumps(data, ensure_ascii=False))
            return data
        return None

    def cached(self) -> dict[str, Any]:
        text = self.store.get_state(RESULTS_STATE, "") or ""
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    def outcome(self, item_id: str) -> dict[str, str]:
        """``pending`` until the hub has said ``counted``, ``duplicate`` or ``refused``."""
        for vote in self.cached().get("votes") or []:
            if vote.get("item_id") == item_id:
                return {"outcome": str(vote.get("outcome")), "reason": str(vote.get("reason") or "")}
        return {"outcome": "pending", "reason": ""}

    def results(self, topic_id: str) -> dict[str, Any] | None:
        return next((r for r in self.cached().get("results") or [] if r.get("topic_id") == topic_id), None)


def load_topics(directory: Any) -> list[Topic]:
    """The sample set's ``topics.json`` (the demo without a hub); none when the file is absent."""

    path = Path(directory) / "topics.json"
    if not path.exists():
        return []
    return parse_topics(safe_load.load_file(path))
