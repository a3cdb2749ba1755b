"""What a caseworker reads on a claimed case: enough not to ask again, and only what is shared."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.engine.state import SurvivorState
from bot.escalation.cards import RemindersOnCard, full_card
from bot.escalation.case_notes import Note
from bot.reminders.plan import APPOINTMENT, REPORTING, ReminderDraft
from bot.reminders.repository import MissedCheckin, SavedReminder
from bot.reminders.schedule import DEFAULT_NOTICES, Repeat, Rule
from bot.storage.models import Case

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
REPORTING_DRAFT = ReminderDraft(
    REPORTING,
    Rule(date(2026, 11, 24), time(10, 0), Repeat.WEEKLY),
    DEFAULT_NOTICES,
    checkin_after=timedelta(hours=1),
    place="Sandford House",
)
SOLICITOR = ReminderDraft(
    APPOINTMENT, Rule(date(2026, 12, 2), time(14, 30)), DEFAULT_NOTICES, what="legal"
)
REMINDERS = RemindersOnCard(
    missed=[MissedCheckin(datetime(2026, 11, 24, 10, 0, tzinfo=UTC), REPORTING_DRAFT)],
    upcoming=[
        SavedReminder(1, REPORTING_DRAFT, None, datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
        SavedReminder(2, SOLICITOR, None, datetime(2026, 12, 2, 14, 30, tzinfo=UTC)),
        SavedReminder(3, SOLICITOR, "survivor", datetime(2026, 12, 9, 14, 30, tzinfo=UTC)),
    ],
)


def card(shares: bool, notes: list[Note] | None = None) -> str:
    case = Case(
        id=7,
        survivor_id=1,
        reason="missed_checkin",
        urgency="urgent",
        language="sq",
        nation="england_wales",
        opened_at=NOW,
    )
    survivor = SurvivorState(survivor_id=1, language="sq", shares_with_caseworker=shares)
    return full_card(case, [], NOW, survivor, {}, REMINDERS, notes or [])


def test_a_missed_check_in_shows_where_and_when_even_when_nothing_else_is_shared():
    text = card(shares=False)
    assert (
        "Missed safety check-in after: Reporting, Tuesday 24 November, 10:00 (UK time), "
        "at Sandford House" in text
    )
    assert "Reminders to come" not in text
    assert "Solicitor" not in text


def test_reminders_to_come_are_shown_when_the_survivor_shares_and_paused_ones_are_not():
    text = card(shares=True)
    assert (
        "Reminders to come:\n"
        "- Reporting, Tuesday 1 December, 10:00 (UK time), at Sandford House\n"
        "- Solicitor or legal adviser, Wednesday 2 December, 14:30 (UK time)"
    ) in text
    assert "9 December" not in text


def test_what_they_typed_while_waiting_is_shown_oldest_first_whatever_they_share():
    notes = [
        Note("Can someone call me?", datetime(2026, 11, 24, 9, 5, tzinfo=UTC)),
        Note("After two is best.\nThank you", datetime(2026, 11, 24, 9, 7, tzinfo=UTC)),
    ]
    assert (
        "They wrote while waiting:\n"
        "- 24 Nov 09:05 UTC: Can someone call me?\n"
        "- 24 Nov 09:07 UTC: After two is best.\nThank you\n"
        "They chose not to share"
    ) in card(shares=False, notes=notes)
    assert "They wrote while waiting" not in card(shares=True)
