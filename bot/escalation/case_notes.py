"""What a survivor typed while their request waited for a caseworker, kept with the case.

Without this their words would be lost: nobody reads the chat before a caseworker claims the
case. They are the survivor's own words, so they are sealed like their story, shown only on the
full card of the caseworker who claims the case, and deleted when the survivor erases their data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from bot.storage.models import Case, CaseNote
from bot.storage.sealing import Keyring, SealingError


@dataclass(frozen=True)
class Note:
    text: str
    at: datetime


class CaseNotes:
    def __init__(self, session: Session) -> None:
        self.session = session
        keyring = session.info.get("keyring")
        if keyring is None:
            raise SealingError("WAYPOST_SECRET_KEY is needed to read or write survivors' words")
        self.keyring: Keyring = keyring

    def add(self, case_id: int, text: str, now: datetime) -> None:
        self.session.add(CaseNote(case_id=case_id, sealed=self.keyring.seal(text), at=now))

    def of_case(self, case_id: int) -> list[Note]:
        """Oldest first, as they were written."""
        rows = self.session.scalars(
            select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)
        )
        return [Note(self.keyring.open(row.sealed), row.at) for row in rows]

    def count_of_survivor(self, survivor_id: int) -> int:
        count = self.session.scalar(
            select(func.count()).where(CaseNote.case_id.in_(_cases_of(survivor_id)))
        )
        return count or 0

    def erase_of_survivor(self, survivor_id: int) -> None:
        """Before their cases are anonymised, while they still say whose they are."""
        self.session.execute(delete(CaseNote).where(CaseNote.case_id.in_(_cases_of(survivor_id))))

    def reseal_all(self) -> int:
        rows = self.session.scalars(select(CaseNote)).all()
        for row in rows:
            row.sealed = self.keyring.reseal(row.sealed)
        return len(rows)


def _cases_of(survivor_id: int) -> Select[tuple[int]]:
    return select(Case.id).where(Case.survivor_id == survivor_id)
