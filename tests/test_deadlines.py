"""Deadlines after a negative decision: rules from content, dates, days left and reminders."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import load_content
from bot.config import PROJECT_ROOT, Settings
from bot.deadlines.rules import RULES_FILE, load_deadlines
from bot.reminders.courier import ReminderCourier
from bot.storage.models import Case, Reminder, ReminderMessage
from bot.working_days import add_working_days
from tests.chat_driver import ChatDriver

TODAY = date(2026, 11, 23)  # the clock's Monday


@pytest.mark.parametrize(
    ("start", "nation", "expected"),
    [
        (date(2026, 11, 27), "england_wales", date(2026, 11, 30)),  # the weekend does not count
        (date(2026, 11, 27), "scotland", date(2026, 12, 1)),  # nor St Andrew's Day, in Scotland
        (date(2026, 11, 27), None, date(2026, 11, 30)),  # not a holiday everywhere: counted
        (date(2027, 3, 16), "northern_ireland", date(2027, 3, 18)),  # St Patrick's Day
        (date(2027, 3, 16), "england_wales", date(2027, 3, 17)),
        (date(2026, 12, 24), None, date(2026, 12, 29)),  # Christmas, and Boxing Day moved
    ],
)
def test_working_days_skip_the_bank_holidays_of_the_survivors_nation(start, nation, expected):
    assert add_working_days(start, 1, nation) == expected


def test_the_bundled_rules_name_their_sources():
    loaded = load_deadlines(PROJECT_ROOT / "flows" / RULES_FILE)
    assert loaded.problems == []
    assert {rule.id for rule in loaded.rules} == {"reconsideration", "support_ends"}
    assert all(rule.source.startswith("https://") for rule in loaded.rules)


def test_a_broken_rule_is_reported_with_the_file_and_line(tmp_path: Path):
    flows = tmp_path / "flows"
    shutil.copytree(PROJECT_ROOT / "flows", flows)
    rules = flows / RULES_FILE
    rules.write_text(rules.read_text().replace("days: 30", "days: -30"))
    problems = [str(p) for p in load_content(Settings(flows_dir=flows), TODAY).result.problems]
    line = rules.read_text().splitlines().index("    days: -30") + 1
    assert any(p.startswith(f"{rules}:{line}: error:") and "greater than 0" in p for p in problems)


@pytest.fixture
def chat(runtime) -> ChatDriver:
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.command("menu")
    chat.press("Something has happened")
    chat.press("I got a negative decision")
    chat.press("Work out my dates")
    return chat


def deadline_messages(runtime) -> list[tuple[str, datetime]]:
    with runtime.database.transaction() as session:
        keyring = session.info["keyring"]
        rows = session.execute(
            select(ReminderMessage, Reminder)
            .join(Reminder, ReminderMessage.reminder_id == Reminder.id)
            .order_by(ReminderMessage.due_at)
        )
        return [
            (keyring.open(message.sealed)["purpose"], message.due_at)
            for message, reminder in rows
            if keyring.open(reminder.sealed)["kind"] == "deadline"
        ]


def cases(runtime) -> list[tuple[str, str]]:
    with runtime.database.transaction() as session:
        return [(c.reason, c.urgency) for c in session.scalars(select(Case))]


def test_a_final_decision_shows_both_deadlines_reminds_and_brings_a_caseworker(chat, runtime):
    chat.press("The final one (conclusive grounds)")
    chat.press("Sat 21 Nov")
    # Within six months: no year. Support: 9 working days, the earliest reading (not 14 days).
    assert chat.texts[:6] == [
        "Ask for the decision to be looked at again: by Monday 21 December.",
        "28 days left.",
        "Your support may end: about Thursday 3 December. "
        "Ask your support worker for the exact date.",
        "10 days left.",
        "For this date, weekends and bank holidays do not count.",
        "I will remind you a week before each date, and the day before.",
    ]
    assert "Talk to your support worker or a legal adviser today. They can help you ask." in (
        chat.texts
    )
    assert deadline_messages(runtime) == [
        ("week_before", datetime(2026, 11, 26, 10, 0, tzinfo=UTC)),
        ("day_before", datetime(2026, 12, 2, 10, 0, tzinfo=UTC)),
        ("week_before", datetime(2026, 12, 14, 10, 0, tzinfo=UTC)),
        ("day_before", datetime(2026, 12, 20, 10, 0, tzinfo=UTC)),
    ]
    # A request to the team only with a yes (issue 15): asked, then opened for this reason.
    assert chat.texts[-1] == "Do you want the Waypost team to contact you about this?"
    assert cases(runtime) == []
    chat.press("Yes, please contact me")
    chat.press("No")
    chat.press("I do not mind")
    chat.press("No, keep them private")
    assert cases(runtime) == [("negative_decision", "normal")]
    state = chat.state
    assert state is not None
    assert "decision_date" not in state.answers and "decision_kind" not in state.answers


def test_a_first_decision_has_only_the_reconsideration_deadline(chat, runtime):
    chat.press("The first one (reasonable grounds)")
    chat.text("21/11")  # typed, without a year: the last 21 November
    assert chat.texts[:2] == [
        "Ask for the decision to be looked at again: by Monday 21 December.",
        "28 days left.",
    ]
    assert not any("support" in text and "may end" in text for text in chat.texts)
    assert [purpose for purpose, _ in deadline_messages(runtime)] == ["week_before", "day_before"]


def test_a_passed_deadline_says_to_get_advice_today_and_sets_no_reminder(chat, runtime):
    chat.press("The first one (reasonable grounds)")
    chat.text("01/10/2026")
    assert chat.texts[:2] == [
        "Ask for the decision to be looked at again: by Saturday 31 October 2026.",
        "This date has passed. Talk to a legal adviser today.",
    ]
    assert deadline_messages(runtime) == []


def test_a_day_in_the_future_is_refused_kindly_and_changes_nothing(chat, runtime):
    chat.press("I am not sure")
    chat.text("30/11/2026")
    assert chat.texts == ["Please choose the day, or type the date on the letter like 2/11."]
    assert chat.state is not None and chat.state.node == "decision_date"
    assert deadline_messages(runtime) == [] and cases(runtime) == []


def test_telling_it_again_replaces_the_reminders_and_joins_the_case(chat, runtime):
    chat.press("I am not sure")
    chat.press("Sat 21 Nov")
    chat.press("Yes, please contact me")
    for answer in ("No", "I do not mind", "No, keep them private"):
        chat.press(answer)
    chat.command("menu")
    chat.press("Something has happened")
    chat.press("I got a negative decision")
    chat.press("Work out my dates")
    chat.press("The final one (conclusive grounds)")
    chat.press("Fri 20 Nov")
    # 20 December is a Sunday: the reminders are for Friday 18, a week and a day before.
    assert [due.day for _, due in deadline_messages(runtime)] == [26, 2, 11, 17]
    assert len(cases(runtime)) == 1
    assert "You do not need to ask again." in chat.texts  # the request still open is shown


def test_a_deadline_reminder_is_discreet_and_names_the_deadline_on_a_tap(chat, runtime):
    chat.press("The final one (conclusive grounds)")
    chat.press("Sat 21 Nov")
    runtime.clock.set(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    courier = ReminderCourier(
        runtime.database,
        runtime.clock,
        lambda: runtime.engine.content.translations,
        runtime.settings.reminder_grace,
        runtime.settings.checkin_answer_within,
    )
    [outgoing] = courier.collect()
    assert outgoing.message.text == "Reminder: Thursday 10:00"
    [details] = [b.data for b in outgoing.message.buttons]
    chat.press_data(details)
    assert chat.texts[0].startswith("Your support may end. Next: Thursday 3 December, 10:00.")
