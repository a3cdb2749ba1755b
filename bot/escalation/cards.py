"""What caseworkers see of a case: a short card for the group, a full one in private.

The group card reveals little to anyone who reads the group: no name, no words the survivor
typed. Staff text is in English, the caseworkers' working language.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from babel import Locale

from bot.storage.models import Case, CaseEvent

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


def full_card(case: Case, events: list[CaseEvent], now: datetime) -> str:
    lines = [
        f"Case #{case.id} ({'URGENT' if case.urgency == 'urgent' else 'normal'})",
        f"Language: {_language(case.language)}"
        + ("" if case.language in (None, "en") else " (an interpreter is probably needed)"),
        f"Nation: {NATIONS.get(case.nation or '', 'not given')}",
        f"Opened {age(now - case.opened_at)}.",
        "What happened:",
    ]
    for event in events:
        if event.actor == "survivor":
            what = event.action.split(":", 1)[-1]
            lines.append(f"- {event.at:%d %b %H:%M} UTC: {trigger(what)}")
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
