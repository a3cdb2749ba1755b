"""One survivor's cases as the core asks about them: the `Cases` of bot/storage/survivor_data.py.

The engine relays their messages to the caseworker who holds their case; `/mydata` lists their
cases; `/forget` and retention leave the cases open for the team but strip them of the survivor.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.escalation.case_events import SURVIVOR, Action, Verb
from bot.escalation.case_notes import CaseNotes
from bot.escalation.cases import ACTIVE, GROUP_CARDS, TO_CASEWORKER_COPY, CaseRepository
from bot.storage.models import Case, OutboxMessage


class SurvivorCases:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.cases = CaseRepository(session)

    def claimed_case(self, survivor_id: int) -> int | None:
        return self.cases.claimed_case_of(survivor_id)

    def relay_to_caseworker(self, case_id: int, message_ref: int, now: datetime) -> None:
        self.cases.relay_from_survivor(case_id, message_ref, now)

    def add_to_waiting_case(self, survivor_id: int, text: str, now: datetime) -> bool:
        case = self.cases.waiting_case_of(survivor_id)
        if case is None:
            return False
        CaseNotes(self.session).add(case.id, text, now)
        self.cases.record(case, SURVIVOR, Action(Verb.WROTE_WHILE_WAITING), now)
        return True

    def listed(self, survivor_id: int) -> list[tuple[int, str, datetime]]:
        rows = self.session.execute(
            select(Case.id, Case.status, Case.opened_at)
            .where(Case.survivor_id == survivor_id)
            .order_by(Case.id)
        ).all()
        return [(number, status, opened_at) for number, status, opened_at in rows]

    def notes_count(self, survivor_id: int) -> int:
        return CaseNotes(self.session).count_of_survivor(survivor_id)

    def let_go(self, survivor_id: int) -> int:
        """Their notes go while the cases still say whose they are; then the cases are theirs
        no more."""
        CaseNotes(self.session).erase_of_survivor(survivor_id)
        self._unlink_outbox(survivor_id)
        still_open = self.session.scalar(
            select(func.count()).where(Case.survivor_id == survivor_id, Case.status.in_(ACTIVE))
        )
        self.session.execute(
            update(Case).where(Case.survivor_id == survivor_id).values(survivor_id=None)
        )
        return still_open or 0

    def _unlink_outbox(self, survivor_id: int) -> None:
        """Their cases' outbox rows stay, as the cases do, but say nothing of their chat: not
        the ids of their messages copied to a caseworker, nor where a message to them landed
        (rows written before the courier kept that for group cards only)."""
        theirs = OutboxMessage.case_id.in_(select(Case.id).where(Case.survivor_id == survivor_id))
        self.session.execute(
            update(OutboxMessage)
            .where(theirs, OutboxMessage.kind == TO_CASEWORKER_COPY)
            .values(source_message_id=None)
        )
        self.session.execute(
            update(OutboxMessage)
            .where(theirs, OutboxMessage.kind.not_in(GROUP_CARDS))
            .values(delivered_chat_id=None, delivered_message_id=None)
        )
