"""Removing a caseworker: nothing of a survivor's reaches them from that moment on.

Their open cases go back to waiting and the caseworker group is asked to claim them again;
anything still queued for them is dropped, and delivery checks the claimer is registered
before copying a survivor's message (`channels/telegram/outbox_plans.py`), so even a relay
planned a moment before the removal does not go out. The removal is in the audit logs: of the
caseworkers (`staff_events`) and of each case handed back (`case_events`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.escalation.cases import CaseRepository
from bot.escalation.staff import StaffRepository


@dataclass(frozen=True)
class Removal:
    name: str
    released: list[int]
    """The cases handed back to the group, by number."""


def remove_caseworker(
    session: Session, telegram_user_id: int, actor: str, now: datetime
) -> Removal | None:
    """Remove a caseworker (None if there is none with this id); `actor` says who did it."""
    staff = StaffRepository(session)
    # Locked, so a claim by them at this moment either comes first and is handed back, or waits
    # and finds them gone (CaseRepository.claim).
    caseworker = staff.caseworker(telegram_user_id, lock=True)
    if caseworker is None:
        return None
    released = CaseRepository(session).hand_back(caseworker, actor, now)
    staff.delete_caseworker(caseworker, actor, now)
    return Removal(caseworker.name, released)
