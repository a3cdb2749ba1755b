"""A reminder being set, kept in the survivor's sealed answers between questions."""

from __future__ import annotations

from datetime import date, time, timedelta

from bot.reminders.plan import KINDS, ReminderDraft
from bot.reminders.schedule import DEFAULT_NOTICES, Notice, Repeat, Rule

DRAFT_PREFIX = "reminder_"
KIND, WHAT, DAY, TIME, REPEAT, PLACE, NOTICES, CHECKIN, CHOSEN, EDITING = (
    f"{DRAFT_PREFIX}{name}"
    for name in (
        "kind",
        "what",
        "day",
        "time",
        "repeat",
        "place",
        "notices",
        "checkin",
        "chosen",
        "editing",
    )
)
NO_ANSWER = "-"


def start(answers: dict[str, str], kind: str) -> None:
    clear(answers)
    answers[KIND] = kind


def clear(answers: dict[str, str]) -> None:
    for key in [key for key in answers if key.startswith(DRAFT_PREFIX)]:
        del answers[key]


def fill(answers: dict[str, str], draft: ReminderDraft, reminder_id: int) -> None:
    """Start changing a saved reminder: its answers become the draft."""
    clear(answers)
    answers.update(
        {
            KIND: draft.kind,
            DAY: draft.rule.first_day.isoformat(),
            TIME: f"{draft.rule.at:%H:%M}",
            REPEAT: draft.rule.repeat.value,
            NOTICES: ",".join(notice.value for notice in draft.notices),
            CHECKIN: "" if draft.checkin_after is None else str(_minutes(draft.checkin_after)),
            EDITING: str(reminder_id),
        }
    )
    if draft.what:
        answers[WHAT] = draft.what
    if draft.place:
        answers[PLACE] = draft.place


def read(answers: dict[str, str]) -> ReminderDraft | None:
    """The draft so far as a reminder, or None when a needed answer is missing or broken."""
    try:
        kind = answers[KIND]
        rule = Rule(
            date.fromisoformat(answers[DAY]),
            time.fromisoformat(answers[TIME]),
            Repeat(answers.get(REPEAT, Repeat.ONCE.value)),
        )
        notices = tuple(Notice(code) for code in answers.get(NOTICES, "").split(",") if code)
        checkin = answers.get(CHECKIN, "")
    except (KeyError, ValueError):
        return None
    if kind not in KINDS:
        return None
    return ReminderDraft(
        kind=kind,
        rule=rule,
        notices=notices or DEFAULT_NOTICES,
        checkin_after=timedelta(minutes=int(checkin)) if checkin.isdigit() else None,
        what=_given(answers.get(WHAT)),
        place=_given(answers.get(PLACE)),
    )


def editing(answers: dict[str, str]) -> int | None:
    value = answers.get(EDITING, "")
    return int(value) if value.isdigit() else None


def _given(value: str | None) -> str | None:
    return None if value in (None, "", NO_ANSWER) else value


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)
