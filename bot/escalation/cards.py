"""What caseworkers see of a case: a short card for the group, a full one in private.

The group card reveals little to anyone who reads the group: no name, no words the survivor
typed. Staff text is in English, the caseworkers' working language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from babel import Locale

from bot.engine.state import SurvivorState
from bot.storage.models import Case, CaseEvent

STORY_KEY = "account"  # where the "tell it once" input node saves the survivor's story

INTERPRETER = {True: "needed", False: "not needed"}
GENDER = {"woman": "a woman", "man": "a man", "any": "anyone"}
NATIONS = {
    "england_wales": "England or Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}


def short_card(case: Case, now: datetime) -> str:
    return " · ".join(
        [
            f"Case #{case.id}",
            "URGENT" if case.urgency == "urgent" else "normal",
            _language(case.language),
            NATIONS.get(case.nation or "", "nation not given"),
            trigger(case.reason),
            f"opened {age(now - case.opened_at)}",
        ]
    )


def claimed_card(case: Case, now: datetime, caseworker_name: str) -> str:
    return f"{short_card(case, now)}\nClaimed by {caseworker_name}."


def full_card(
    case: Case,
    events: list[CaseEvent],
    now: datetime,
    survivor: SurvivorState | None,
    topic_titles: Mapping[str, str],
) -> str:
    """Everything a caseworker needs so the survivor does not have to tell it again, and only
    what the survivor agreed to share."""
    lines = [
        f"Case #{case.id} ({'URGENT' if case.urgency == 'urgent' else 'normal'})",
        f"Language: {_language(case.language)}",
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
        if event.actor == "survivor" and ":" in event.action:
            what = event.action.split(":", 1)[1]
            lines.append(f"- {event.at:%d %b %H:%M} UTC: {trigger(what)}")
    if survivor is None:
        lines.append("The survivor has erased their data; only the case remains.")
    elif not survivor.shares_with_caseworker:
        lines.append("They chose not to share the topics they read or their story.")
    else:
        topics = [topic_titles.get(topic, topic) for topic in survivor.topics]
        lines.append(f"Topics read: {', '.join(topics) if topics else 'none yet'}.")
        story = survivor.answers.get(STORY_KEY)
        lines.append(f"Their story, in their words:\n{story}" if story else "No story written.")
    return "\n".join(lines)


def trigger(reason: str) -> str:
    """A reason code as words: ``danger_threatened`` -> ``danger: threatened``."""
    if reason.startswith("danger_"):
        return "danger: " + reason.removeprefix("danger_").replace("_", " ")
    return reason.replace("_", " ")


def age(elapsed: timedelta) -> str:
    minutes = int(elapsed.total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} days ago"


def _language(code: str | None) -> str:
    if not code:
        return "language not chosen"
    try:
        return Locale.parse(code).get_display_name("en") or code
    except ValueError:
        return code
