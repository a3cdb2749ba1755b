"""What caseworkers see of a case: a short card for the group, a full one in private.

The group card reveals little to anyone who reads the group: no name, no words the survivor
typed. Staff text is in English, the caseworkers' working language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from babel import Locale
from sqlalchemy.orm import Session

from bot.engine.state import SurvivorState
from bot.escalation.case_events import SURVIVOR, Action
from bot.escalation.case_notes import CaseNotes, Note
from bot.escalation.cases import CaseRepository
from bot.nations import Nation
from bot.reminders import wording
from bot.reminders.plan import ReminderDraft
from bot.reminders.repository import MissedCheckin, ReminderRepository, SavedReminder
from bot.storage.models import Case, CaseEvent
from bot.storage.survivors import SurvivorRepository

STORY_KEY = "account"  # where the "tell it once" input node saves the survivor's story

INTERPRETER = {True: "needed", False: "not needed"}
GENDER = {"woman": "a woman", "man": "a man", "any": "anyone"}
CHILD = "CHILD (under 18)"
"""On every card of a case where the survivor said they are under 18: safeguarding applies."""
NATIONS: dict[Nation, str] = {
    "england_wales": "England or Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}


def short_card(case: Case, now: datetime) -> str:
    return " · ".join(
        [
            f"Case #{case.id}",
            "URGENT" if case.urgency == "urgent" else "normal",
            *([CHILD] if case.child else []),
            language_in_english(case.language),
            NATIONS.get(case.nation or "", "nation not given"),
            trigger(case.reason),
            f"opened {age(now - case.opened_at)}",
        ]
    )


def claimed_card(case: Case, now: datetime, caseworker_name: str) -> str:
    return f"{short_card(case, now)}\nClaimed by {caseworker_name}."


@dataclass(frozen=True)
class RemindersOnCard:
    missed: list[MissedCheckin]
    """Safety check-ins this case was opened or raised for: always shown, as the survivor was
    told when they asked for one."""
    upcoming: list[SavedReminder]
    """Shown only if the survivor agreed to share."""


def reminders_on_card(session: Session, case: Case, now: datetime) -> RemindersOnCard:
    if case.survivor_id is None:
        return RemindersOnCard(missed=[], upcoming=[])
    reminders = ReminderRepository(session)
    return RemindersOnCard(
        missed=reminders.missed_checkins(case.survivor_id, since=case.opened_at),
        upcoming=reminders.of_survivor(case.survivor_id, now),
    )


def case_card(session: Session, case: Case, now: datetime, topic_titles: Mapping[str, str]) -> str:
    """The full card of a case as it stands now, read from the database: what its caseworker
    gets on claiming it, on Telegram or in the web console."""
    survivor = SurvivorRepository(session).by_id(case.survivor_id) if case.survivor_id else None
    events = CaseRepository(session).events(case.id)
    reminders = reminders_on_card(session, case, now)
    notes = CaseNotes(session).of_case(case.id)
    return full_card(case, events, now, survivor, topic_titles, reminders, notes)


def full_card(
    case: Case,
    events: list[CaseEvent],
    now: datetime,
    survivor: SurvivorState | None,
    topic_titles: Mapping[str, str],
    reminders: RemindersOnCard,
    notes: list[Note],
) -> str:
    """Everything a caseworker needs so the survivor does not have to tell it again, and only
    what the survivor agreed to share. What they typed while waiting was written for the team
    (they were told so), so it is shown whatever they chose to share."""
    lines = [
        f"Case #{case.id} ({'URGENT' if case.urgency == 'urgent' else 'normal'})",
        *([f"{CHILD}: they said they are a child."] if case.child else []),
        f"Language: {language_in_english(case.language)}",
        f"Nation: {NATIONS.get(case.nation or '', 'not given')}",
        f"Opened {age(now - case.opened_at)}.",
    ]
    if survivor is not None:
        lines += [
            f"Interpreter: {INTERPRETER.get(survivor.needs_interpreter, 'not asked')}",
            f"Would like help from: {GENDER.get(survivor.worker_gender or '', 'not asked')}",
        ]
    lines.append("What happened:")
    for event in events:
        action = Action.read(event.action)
        if event.actor == SURVIVOR and action.about:
            lines.append(f"- {event.at:%d %b %H:%M} UTC: {trigger(action.about)}")
    for missed in reminders.missed:
        line = _reminder_line(missed.draft, missed.occurrence_at, now)
        lines.append(f"Missed safety check-in after: {line}")
    if notes:
        lines.append("They wrote while waiting:")
        lines += [f"- {note.at:%d %b %H:%M} UTC: {note.text}" for note in notes]
    if survivor is None:
        lines.append("The survivor has erased their data; only the case remains.")
    elif not survivor.shares_with_caseworker:
        lines.append("They chose not to share the topics they read, their story or reminders.")
    else:
        topics = [topic_titles.get(topic, topic) for topic in survivor.topics]
        lines.append(f"Topics read: {', '.join(topics) if topics else 'none yet'}.")
        story = survivor.answers.get(STORY_KEY)
        lines.append(f"Their story, in their words:\n{story}" if story else "No story written.")
        lines += _upcoming(reminders.upcoming, now)
    return "\n".join(lines)


def _upcoming(reminders: list[SavedReminder], now: datetime) -> list[str]:
    to_come = [r for r in reminders if r.next_occurrence is not None and r.paused is None]
    if not to_come:
        return ["No reminders to come."]
    return ["Reminders to come:"] + [
        f"- {_reminder_line(r.draft, r.next_occurrence, now)}" for r in to_come if r.next_occurrence
    ]


def _reminder_line(draft: ReminderDraft, at: datetime, now: datetime) -> str:
    """Staff read English, in UK time: "Reporting, Tuesday 24 November, 10:00 (UK time),
    at Sandford House"."""
    line = f"{wording.what(draft, _english)}, {wording.when(at, 'en_GB', now)} (UK time)"
    return f"{line}, at {draft.place}" if draft.place else line


def _english(source: str) -> str:
    return source


def trigger(reason: str) -> str:
    """A reason code as words: ``danger_threatened`` -> ``danger: threatened``."""
    if reason.startswith("danger_"):
        return "danger: " + reason.removeprefix("danger_").replace("_", " ")
    return reason.replace("_", " ")


def age(elapsed: timedelta) -> str:
    """How long ago: "just now", "12 min ago", "3 h ago", "4 days ago"."""
    return "just now" if elapsed < timedelta(minutes=1) else f"{duration(elapsed)} ago"


def duration(elapsed: timedelta) -> str:
    """ "under a minute", "12 min", "3 h", "4 days": as staff would say it."""
    minutes = int(elapsed.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def language_in_english(code: str | None) -> str:
    """Staff read English: "Albanian", not "shqip"."""
    if not code:
        return "language not chosen"
    try:
        return Locale.parse(code).get_display_name("en") or code
    except ValueError:
        return code
