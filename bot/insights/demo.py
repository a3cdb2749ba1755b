"""A few months of made-up activity for the Insights page, made through the real code paths:
survivors who are scripts press buttons and type to the real conversation, a made-up caseworker
claims and resolves their requests through the cases repository, all on a clock that runs from
months ago to now. Nothing writes a count directly, so the page shows what the counting code
counts (`waypost demo insights`, and the tests of Insights)."""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

import yaml

from bot.chat_keys import Channel, chat_key
from bot.clock import LONDON, ManualClock
from bot.conversation import Conversation
from bot.engine.events import Command, Event, Press, Start, Text
from bot.engine.replies import ButtonView, Message, Reply
from bot.escalation.cases import CaseRepository
from bot.escalation.staff import StaffRepository
from bot.flowmodel.flowset import callback_data
from bot.nations import Nation
from bot.office_hours import OfficeHours
from bot.storage.database import Database

LANGUAGES = {"en": 30, "ar": 12, "ti": 12, "sq": 14, "vi": 10, "fa": 8, "ro": 6, "am": 4,
             "ps": 3, "ckb": 3}  # fmt: skip
"""How often each language is chosen: a mix like the pilot's, weights not figures."""
NATIONS: dict[Nation, int] = {"england_wales": 80, "scotland": 12, "northern_ireland": 8}
DEMO_CASEWORKER = 900_000_001
"""The made-up caseworker's Telegram id: far from any real one."""
NOT_UNDERSTOOD = "qwzx plorp"
STEP = timedelta(seconds=20)
"""Between one message of a survivor and the next."""


@dataclass
class Simulation:
    conversation: Conversation
    database: Database
    clock: ManualClock
    flows_dir: Path
    office_hours: OfficeHours
    """The team's hours, to count each wait as in or out of them."""
    languages: Collection[str]
    """The languages the content has: survivors choose among these."""
    seed: int = 7
    survivors: int = 0
    _queue: list[tuple[datetime, int, Callable[[], None]]] = field(default_factory=list)
    _order: int = 0

    def run(self, days: int, per_day: float) -> int:
        """`days` of activity from the day the clock is on, about `per_day` new survivors a
        day; returns how many survivors took part."""
        chance = random.Random(self.seed)
        questions = _native_questions(self.flows_dir)
        dangers = _danger_examples(self.flows_dir)
        start = self.clock.now()
        first_day = start.astimezone(LONDON).date()
        with self.database.transaction() as session:
            staff = StaffRepository(session)
            staff.add_caseworker(DEMO_CASEWORKER, "Demo caseworker", start, actor="demo")
        for day in range(days):
            # Visits by the UK clock, 07:00-23:00, so office hours fall where they would.
            date = first_day + timedelta(days=day)
            midnight = datetime.combine(date, time(), LONDON)
            for _ in range(_poisson(chance, per_day * (1.1 if date.weekday() < 5 else 0.7))):
                when = midnight + timedelta(minutes=chance.randrange(7 * 60, 23 * 60))
                self.survivors += 1
                chat = chat_key(Channel.DEMO, self.survivors)
                self._at(when, lambda c=chat: self._visit(chance, c, questions, dangers))
        self._drain(datetime.combine(first_day + timedelta(days=days), time(), LONDON))
        return self.survivors

    def _at(self, when: datetime, act: Callable[[], None]) -> None:
        self._order += 1
        heapq.heappush(self._queue, (when, self._order, act))

    def _drain(self, until: datetime) -> None:
        while self._queue and self._queue[0][0] <= until:
            when, _, act = heapq.heappop(self._queue)
            if when > self.clock.now():
                self.clock.advance(when - self.clock.now())
            act()
        if until > self.clock.now():
            self.clock.advance(until - self.clock.now())

    def _visit(
        self,
        chance: random.Random,
        chat: str,
        questions: dict[str, list[str]],
        dangers: dict[str, list[str]],
    ) -> None:
        """One survivor's first visit: a language, consent, topics, perhaps a question typed or
        a request for a person (claimed later, from the queue)."""
        language = _weighted(chance, {k: w for k, w in LANGUAGES.items() if k in self.languages})
        said = self._sender(chat)
        said(Start(language, chosen=True))
        if chance.random() < 0.15:
            said(Press(callback_data("consent", "decline")))
            return
        said(Press(callback_data("consent", "agree")))
        said(Press(callback_data("nation", _weighted(chance, NATIONS))))
        for _ in range(chance.choice((1, 1, 2, 3))):
            replies = said(Command("menu"))
            topics = [b.data for b in _buttons(replies) if b.data.startswith("menu")]
            if topics:
                said(Press(chance.choice(topics)))
        if chance.random() < 0.5 and questions.get(language):
            said(Text(chance.choice(questions[language])))
        if chance.random() < 0.08:
            said(Text(NOT_UNDERSTOOD))
        if chance.random() < 0.03 and dangers.get(language):
            said(Text(chance.choice(dangers[language])))
        if chance.random() < 0.12:
            self._ask_for_a_person(chance, said)
        if chance.random() < 0.02:
            said(Command("forget"))
            said(Press(callback_data("forget", "confirm")))

    def _ask_for_a_person(
        self, chance: random.Random, said: Callable[[Event], list[Reply]]
    ) -> None:
        replies = said(Command("human"))
        for _ in range(6):  # each question once: ask, interpreter, gender, sharing
            buttons = _buttons(replies)
            if not buttons:
                break
            replies = said(Press(chance.choice(buttons[:2]).data))
        claim_after = timedelta(minutes=chance.choice((3, 8, 12, 25, 40, 90, 240, 900)))
        self._at(self.clock.now() + claim_after, self._claim_waiting)

    def _claim_waiting(self) -> None:
        now = self.clock.now()
        with self.database.transaction() as session:
            cases = CaseRepository(session)
            caseworker = StaffRepository(session).caseworker(DEMO_CASEWORKER)
            assert caseworker is not None
            for case in cases.active():
                if case.claimed_by is None:
                    cases.claim(case.id, caseworker, now, self.office_hours)
                    self._at(now + timedelta(days=2), lambda id=case.id: self._resolve(id))

    def _resolve(self, case_id: int) -> None:
        with self.database.transaction() as session:
            cases = CaseRepository(session)
            case = cases.get(case_id)
            caseworker = StaffRepository(session).caseworker(DEMO_CASEWORKER)
            if case is not None and caseworker is not None and case.status != "resolved":
                cases.resolve(case, caseworker, self.clock.now())

    def _sender(self, chat: str) -> Callable[[Event], list[Reply]]:
        def said(event: Event) -> list[Reply]:
            self.clock.advance(STEP)
            return self.conversation.handle(chat, event).replies

        return said


def _buttons(replies: list[Reply]) -> list[ButtonView]:
    with_buttons = [r for r in replies if isinstance(r, Message) and r.buttons]
    return list(with_buttons[-1].buttons) if with_buttons else []


def _weighted(chance: random.Random, weights: dict[str, int]) -> str:
    return chance.choices(list(weights), list(weights.values()))[0]


def _poisson(chance: random.Random, mean: float) -> int:
    """A day's arrivals: about `mean`, some days more, some fewer."""
    count, limit, product = 0, pow(2.718281828, -mean), chance.random()
    while product > limit:
        count += 1
        product *= chance.random()
    return count


def _native_questions(flows_dir: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted((flows_dir / "questions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[path.stem] = [q for qs in (data.get("topics") or {}).values() for q in qs]
    return found


def _danger_examples(flows_dir: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted((flows_dir / "danger" / "examples").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[path.stem] = list(data.get("danger") or [])
    return found
