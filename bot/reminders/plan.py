"""What messages one occurrence of a reminder brings, and when each is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.reminders.schedule import Notice, QuietHours, Rule, notice_time

APPOINTMENT = "appointment"
REPORTING = "reporting"
KINDS = (APPOINTMENT, REPORTING)
"""The kinds a survivor sets up themselves."""
DEADLINE = "deadline"
"""Set by Waypost from a decision's date (see bot/deadlines): the last day to act."""
DEADLINE_CONTEXT = "deadlines"
"""The gettext context of a deadline's words (flows/deadlines/decisions.yaml): the deadlines
feature says them, and a deadline reminder repeats them."""
AFTER = "after"
"""The message after a reporting slot: "Did it go OK?", or with a check-in, "Are you safe?"."""
ASK_HOW_IT_WENT_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class ReminderDraft:
    """A reminder as the survivor described it; `what` and `place` are theirs, kept sealed."""

    kind: str
    rule: Rule
    notices: tuple[Notice, ...]
    checkin_after: timedelta | None = None
    what: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class Planned:
    purpose: str
    due_at: datetime


def planned_messages(
    draft: ReminderDraft, occurrence: datetime, quiet: QuietHours | None
) -> list[Planned]:
    """The messages of one occurrence. Quiet hours move notices and the gentle "did it go OK"
    question, but never a safety check-in: the survivor is told so when they set it up."""
    planned = []
    for notice in draft.notices:
        due = notice_time(occurrence, notice)
        planned.append(Planned(notice.value, quiet.move_out(due, occurrence) if quiet else due))
    if draft.kind == REPORTING:
        if draft.checkin_after is not None:
            planned.append(Planned(AFTER, occurrence + draft.checkin_after))
        else:
            due = occurrence + ASK_HOW_IT_WENT_AFTER
            if quiet is not None:
                due = quiet.move_out(due, due + timedelta(days=1))
            planned.append(Planned(AFTER, due))
    return planned


def checkin_time(draft: ReminderDraft, occurrence: datetime) -> datetime | None:
    return None if draft.checkin_after is None else occurrence + draft.checkin_after
