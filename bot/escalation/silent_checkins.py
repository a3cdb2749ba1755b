"""Safety check-ins nobody answered in time: an urgent case for each survivor.

The reminders feature sends the check-ins and knows which went unanswered; bringing in a person
is escalation's, as for danger words, so the reminders need not know about cases.
"""

from __future__ import annotations

import logging

from bot.clock import Clock
from bot.engine import tallies
from bot.escalation.cases import CaseRepository
from bot.reminders.repository import ReminderRepository
from bot.storage.counts import DailyCounts
from bot.storage.database import Database
from bot.storage.survivors import SurvivorRepository

logger = logging.getLogger(__name__)

MISSED_CHECKIN = "missed_checkin"


def escalate_silent_checkins(database: Database, clock: Clock) -> list[int]:
    """Open (or raise to urgent) a case for each silent check-in; returns the cases' numbers."""
    now = clock.now()
    opened = []
    with database.transaction() as session:
        reminders = ReminderRepository(session)
        survivors = SurvivorRepository(session)
        cases = CaseRepository(session)
        counts = DailyCounts(session)
        for silent in reminders.silent_checkins(now):
            counts.add_for_survivor(tallies.CHECKIN_MISSED, now, silent.survivor_id)
            state = survivors.by_id(silent.survivor_id)
            if state is not None:
                opened.append(cases.open(state, MISSED_CHECKIN, "urgent", now).case_id)
                counts.add_for_survivor(tallies.CHECKIN_ESCALATED, now, silent.survivor_id)
            reminders.escalated(silent.id, now)
    if opened:
        logger.warning("%d safety check-in(s) unanswered: caseworkers alerted", len(opened))
    return opened
