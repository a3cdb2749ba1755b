"""Cases and their audit trail. A case is written, with its alert, before anything is sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.engine import tallies
from bot.engine.state import SurvivorState
from bot.escalation.case_events import SURVIVOR, SYSTEM, Action, Verb, caseworker_actor
from bot.escalation.outbox import Outbox
from bot.office_hours import OfficeHours
from bot.storage.counts import DailyCounts
from bot.storage.models import Case, CaseEvent, Caseworker, OutboxMessage

ACTIVE = ("open", "claimed")
REASON_KEY = "request_reason"
"""Why the survivor is asking for a person, kept (sealed, with their answers) from "Do you want
the team to contact you?" until the case opens, so the team sees what it is about."""

# Kinds of outbox message. Alerts go to the caseworker group; the rest to one person.
ALERT = "alert"
REALERT = "realert"
RELEASED = "released"  # a case back to waiting because its caseworker was removed
GROUP_CARDS = (ALERT, REALERT, RELEASED)
TO_CASEWORKER_COPY = "to_caseworker"
TO_CASEWORKER_ENDED = "ended_notice"
TO_CASEWORKER_CARD = "case_card"  # the full card, after a claim made in the web console
CARD_CLAIMED = "card_claimed"  # a group card edited to say who claimed the case
TO_SURVIVOR_COPY = "to_survivor"
TO_SURVIVOR_CLAIMED = "claimed_notice"
TO_SURVIVOR_RESOLVED = "resolved_notice"

NO_PRIVATE_CHAT = "no private chat"  # why a claim was undone: the card could not reach them
CASEWORKER_REMOVED = "caseworker removed"
# What goes to the caseworker who holds a case: stopped at once when they are removed.
TO_CASEWORKER = (TO_CASEWORKER_COPY, TO_CASEWORKER_ENDED, TO_CASEWORKER_CARD)


class Opened(Enum):
    NEW = "new"
    JOINED = "joined"


@dataclass(frozen=True)
class OpenedCase:
    case_id: int
    how: Opened


class ClaimOutcome(Enum):
    CLAIMED = "claimed"
    ALREADY_YOURS = "already yours"
    TAKEN = "claimed by someone else"
    CLOSED = "resolved already"
    NOT_FOUND = "not found"
    NOT_CASEWORKER = "not open to you: you are not a registered caseworker"


class CaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.outbox = Outbox(session)

    def open(self, state: SurvivorState, reason: str, urgency: str, now: datetime) -> OpenedCase:
        """A new case and its group alert; a request while one is active joins that one."""
        case = self.active_for(state.survivor_id)
        if case is None:
            case = Case(
                survivor_id=state.survivor_id,
                reason=reason,
                urgency=urgency,
                status="open",
                language=state.language,
                nation=state.nation,
                child=state.age_group == "child",
                opened_at=now,
                updated_at=now,
            )
            self.session.add(case)
            self.session.flush()
            self.record(case, SURVIVOR, Action(Verb.OPENED, reason), now)
            DailyCounts(self.session).add(
                tallies.PERSON_REQUESTED, now, reason, state.language, state.nation
            )
            self.outbox.enqueue(case.id, ALERT, urgent=urgency == "urgent", now=now)
            case.last_alerted_at = now
            return OpenedCase(case.id, Opened.NEW)
        case.updated_at = now
        self.record(case, SURVIVOR, Action(Verb.ADDED, reason), now)
        if state.age_group == "child" and not case.child:
            # Said since the request was opened: the team must know a child is asking.
            case.child = True
            self.record(case, SURVIVOR, Action(Verb.SAID_UNDER_18), now)
        if urgency == "urgent" and case.urgency != "urgent":
            case.urgency = "urgent"
            self.record(case, SYSTEM, Action(Verb.RAISED_TO_URGENT), now)
            self.outbox.enqueue(case.id, ALERT, urgent=True, now=now)
            case.last_alerted_at = now
        return OpenedCase(case.id, Opened.JOINED)

    def realert_unclaimed(
        self, now: datetime, after: timedelta, supervisor_chat_id: int | None
    ) -> list[int]:
        """Urgent cases nobody claimed in time: alert the group again, and the supervisor."""
        stale = self.session.scalars(
            select(Case).where(
                Case.status == "open",
                Case.urgency == "urgent",
                Case.last_alerted_at <= now - after,
            )
        ).all()
        for case in stale:
            case.last_alerted_at = now
            self.record(case, SYSTEM, Action(Verb.REALERTED), now)
            self.outbox.enqueue(case.id, REALERT, urgent=True, now=now)
            if supervisor_chat_id is not None:
                self.outbox.enqueue(
                    case.id, REALERT, urgent=True, now=now, chat_id=supervisor_chat_id
                )
        return [case.id for case in stale]

    def active_for(self, survivor_id: int) -> Case | None:
        return self.session.scalars(
            select(Case).where(Case.survivor_id == survivor_id, Case.status.in_(ACTIVE))
        ).first()

    def get(self, case_id: int) -> Case | None:
        return self.session.get(Case, case_id)

    def active(self) -> list[Case]:
        return list(
            self.session.scalars(
                select(Case).where(Case.status.in_(ACTIVE)).order_by(Case.opened_at)
            )
        )

    def claim(
        self, case_id: int, caseworker: Caseworker, now: datetime, office_hours: OfficeHours
    ) -> ClaimOutcome:
        """Claim for this caseworker, counting how long the request waited, in or out of the
        `office_hours` it was made in."""
        # Locked (on PostgreSQL; SQLite has one writer at a time), the caseworker first as a
        # removal locks them (escalation/removal.py): a removal at the same moment either comes
        # first, and this claim is refused, or waits for it and hands the case back. And a press
        # on Telegram and a click in the web console cannot both claim the case.
        registered = self._registered(caseworker.telegram_user_id)
        if registered is None:
            return ClaimOutcome.NOT_CASEWORKER
        case = self.session.get(Case, case_id, with_for_update=True)
        if case is None:
            return ClaimOutcome.NOT_FOUND
        if case.status == "resolved":
            return ClaimOutcome.CLOSED
        if case.claimed_by == caseworker.telegram_user_id:
            return ClaimOutcome.ALREADY_YOURS
        if case.claimed_by is not None:
            return ClaimOutcome.TAKEN
        case.status, case.claimed_by, case.claimed_at = "claimed", caseworker.telegram_user_id, now
        case.updated_at = now
        waited = (now - case.opened_at).total_seconds() / 60
        in_hours = office_hours.open_at(case.opened_at)
        key = tallies.claim_wait_key(waited, in_hours)
        DailyCounts(self.session).add(tallies.CLAIM_WAIT, now, key, case.language, case.nation)
        registered.writing_to_case_id = case.id
        self.record(case, caseworker_actor(caseworker.telegram_user_id), Action(Verb.CLAIMED), now)
        return ClaimOutcome.CLAIMED

    def _registered(self, telegram_user_id: int) -> Caseworker | None:
        return self.session.get(
            Caseworker, telegram_user_id, with_for_update=True, populate_existing=True
        )

    def claim_from_console(
        self, case_id: int, caseworker: Caseworker, now: datetime, office_hours: OfficeHours
    ) -> ClaimOutcome:
        """A claim made in the web console, which never talks to Telegram itself: the bot sends
        the caseworker the full card, and only once it arrived tells the survivor and marks the
        group's cards claimed, as after a claim on Telegram (`card_delivered`)."""
        outcome = self.claim(case_id, caseworker, now, office_hours)
        if outcome is ClaimOutcome.CLAIMED:
            case = self.get(case_id)
            assert case is not None
            self.outbox.enqueue(
                case_id,
                TO_CASEWORKER_CARD,
                urgent=case.urgency == "urgent",
                now=now,
                chat_id=caseworker.telegram_user_id,
            )
        return outcome

    def card_delivered(self, case_id: int, now: datetime) -> None:
        """The caseworker has the card of a claim made in the web console: the survivor is
        told, and every card of the case in the staff chats says who has it."""
        case = self.get(case_id)
        if case is None or case.status != "claimed":
            return  # resolved meanwhile: the survivor has been told that instead
        self.tell_survivor_claimed(case_id, now)
        cards = self.session.scalars(
            select(OutboxMessage.id).where(
                OutboxMessage.case_id == case_id,
                OutboxMessage.kind.in_(GROUP_CARDS),
                OutboxMessage.failed_at.is_(None),
            )
        )
        for card_id in cards:
            self.outbox.enqueue(
                case_id, CARD_CLAIMED, urgent=False, now=now, edits_outbox_id=card_id
            )

    def card_refused(self, case_id: int, telegram_user_id: int, now: datetime) -> None:
        """The card of a web claim could not reach the caseworker (no private chat with the
        bot): the claim is undone, as on Telegram, and the console says why."""
        case = self.get(case_id)
        if case is not None and case.status == "claimed" and case.claimed_by == telegram_user_id:
            self._release(case, telegram_user_id, now, NO_PRIVATE_CHAT)

    def console_card(self, case_id: int, telegram_user_id: int) -> OutboxMessage | None:
        """The latest card sent for this caseworker's web claim of the case, if any."""
        return self.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.case_id == case_id,
                OutboxMessage.kind == TO_CASEWORKER_CARD,
                OutboxMessage.chat_id == telegram_user_id,
            )
            .order_by(OutboxMessage.id.desc())
        ).first()

    def tell_survivor_claimed(self, case_id: int, now: datetime) -> None:
        """Once the caseworker has the case card: from now on, a person reads what they write."""
        self.outbox.enqueue(case_id, TO_SURVIVOR_CLAIMED, urgent=False, now=now)

    def release(self, case: Case, caseworker: Caseworker, now: datetime, why: str) -> None:
        """Undo a claim that could not be acted on (the card could not reach the caseworker)."""
        self._release(case, caseworker.telegram_user_id, now, why)

    def _release(self, case: Case, telegram_user_id: int, now: datetime, why: str) -> None:
        case.status, case.claimed_by, case.claimed_at = "open", None, None
        self.record(case, caseworker_actor(telegram_user_id), Action(Verb.RELEASED, why), now)

    def hand_back(self, caseworker: Caseworker, actor: str, now: datetime) -> list[int]:
        """A removed caseworker's open cases wait again, the group is asked to claim them, and
        nothing still queued for the caseworker goes out. Returns the cases' numbers."""
        released = []
        for case in self.claimed_by(caseworker):
            case.status, case.claimed_by, case.claimed_at = "open", None, None
            case.updated_at = case.last_alerted_at = now
            self.record(case, actor, Action(Verb.RELEASED, CASEWORKER_REMOVED), now)
            self.outbox.enqueue(case.id, RELEASED, urgent=case.urgency == "urgent", now=now)
            released.append(case.id)
        self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.kind.in_(TO_CASEWORKER),
                OutboxMessage.case_id.in_(released),
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.failed_at.is_(None),
            )
            .values(failed_at=now, last_error=f"not sent: {CASEWORKER_REMOVED}")
        )
        return released

    def resolve(self, case: Case, caseworker: Caseworker, now: datetime) -> None:
        """Closed by the caseworker; the survivor is told once that the menu is back."""
        case.status, case.resolved_at, case.updated_at = "resolved", now, now
        self.record(case, caseworker_actor(caseworker.telegram_user_id), Action(Verb.RESOLVED), now)
        DailyCounts(self.session).add(tallies.CASE_RESOLVED, now, "", case.language, case.nation)
        self.outbox.enqueue(case.id, TO_SURVIVOR_RESOLVED, urgent=False, now=now)

    def end_by_survivor(self, case: Case, now: datetime) -> None:
        """The survivor ended the conversation; their caseworker is told."""
        case.status, case.resolved_at, case.updated_at = "resolved", now, now
        self.record(case, SURVIVOR, Action(Verb.ENDED), now)
        if case.claimed_by is not None:
            self.outbox.enqueue(case.id, TO_CASEWORKER_ENDED, urgent=False, now=now)

    def resolved_recently(self, limit: int) -> list[Case]:
        return list(
            self.session.scalars(
                select(Case)
                .where(Case.status == "resolved")
                .order_by(Case.resolved_at.desc(), Case.id.desc())
                .limit(limit)
            )
        )

    def claimed_case_of(self, survivor_id: int) -> int | None:
        return self.session.scalar(
            select(Case.id).where(Case.survivor_id == survivor_id, Case.status == "claimed")
        )

    def waiting_case_of(self, survivor_id: int) -> Case | None:
        """The survivor's request that no caseworker has claimed yet, if any."""
        return self.session.scalars(
            select(Case).where(Case.survivor_id == survivor_id, Case.status == "open")
        ).first()

    def relay_from_survivor(self, case_id: int, message_ref: int, now: datetime) -> None:
        case = self.get(case_id)
        assert case is not None
        self.record(case, SURVIVOR, Action(Verb.WROTE), now)
        self.outbox.enqueue(
            case_id, TO_CASEWORKER_COPY, urgent=False, now=now, source_message_id=message_ref
        )

    def relay_from_caseworker(
        self, case: Case, caseworker: Caseworker, message_id: int, now: datetime
    ) -> None:
        self.record(case, caseworker_actor(caseworker.telegram_user_id), Action(Verb.WROTE), now)
        self.outbox.enqueue(
            case.id,
            TO_SURVIVOR_COPY,
            urgent=False,
            now=now,
            source_chat_id=caseworker.telegram_user_id,
            source_message_id=message_id,
        )

    def send_ready_reply(
        self, case: Case, caseworker: Caseworker, reply_id: str, now: datetime
    ) -> None:
        self.record(
            case, caseworker_actor(caseworker.telegram_user_id), Action(Verb.READY, reply_id), now
        )
        self.outbox.enqueue(case.id, TO_SURVIVOR_COPY, urgent=False, now=now, ready_reply=reply_id)

    def claimed_by(self, caseworker: Caseworker) -> list[Case]:
        return list(
            self.session.scalars(
                select(Case)
                .where(Case.claimed_by == caseworker.telegram_user_id, Case.status == "claimed")
                .order_by(Case.id)
            )
        )

    def record(self, case: Case, actor: str, action: Action, now: datetime) -> None:
        self.session.add(
            CaseEvent(case_id=case.id, actor=actor[:40], action=str(action)[:40], at=now)
        )

    def events(self, case_id: int) -> list[CaseEvent]:
        return list(
            self.session.scalars(
                select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
            )
        )
