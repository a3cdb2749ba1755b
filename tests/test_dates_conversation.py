"""Dates and reminders in conversation: guessed years asked about, closed days flagged, "today"
made honest out of hours, reporting reminders stopped safely, quiet hours of any range."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import yaml
from sqlalchemy import select

from bot.config import PROJECT_ROOT
from bot.reminders.repository import ReminderRepository
from bot.storage.models import ReminderMessage
from tests.chat_driver import ChatDriver

OPEN_NOW = "The Modern Slavery Helpline is open day and night: 08000 121 700. In danger, call 999."
CLOSED_NOW = "Most offices are closed now. Call them as soon as they open."


@pytest.fixture
def chat(runtime) -> ChatDriver:
    chat = ChatDriver(runtime)
    chat.onboard()
    return chat


def work_out_dates(chat: ChatDriver, decision: str) -> None:
    chat.command("menu")
    chat.press("Something has happened")
    chat.press("I got a negative decision")
    chat.press("Work out my dates")
    chat.press(decision)


def planned(runtime) -> list[str]:
    with runtime.database.transaction() as session:
        keyring = session.info["keyring"]
        rows = session.scalars(select(ReminderMessage).order_by(ReminderMessage.due_at))
        return [keyring.open(row.sealed)["purpose"] for row in rows]


# A typed day in the past is asked about, never moved to next year silently.


def test_a_passed_day_typed_for_an_appointment_is_asked_about_with_its_year(chat):
    chat.command("reminders")
    chat.press("Add an appointment")
    chat.press("Doctor or nurse")
    chat.text("20/11")  # Monday 23 November: 20 November has just passed
    assert chat.texts == ["Did you mean Saturday 20 November 2027?"]
    assert chat.labels[:2] == ["Yes", "No, I will type it again"]
    chat.press("No, I will type it again")
    assert chat.texts[0] == "Which day is it? You can also type the date, like 24/11."
    assert "reminder_day" not in chat.state.answers
    chat.text("30/11")
    assert chat.texts[0] == "What time does it start? You can also type it, like 10:30."
    assert chat.state.answers["reminder_day"] == "2026-11-30"


def test_a_letter_date_whose_year_was_guessed_is_asked_about_before_the_deadlines(chat):
    work_out_dates(chat, "The first one (reasonable grounds)")
    chat.text("24/12")  # a letter cannot be dated next month: last year's 24 December?
    assert chat.texts == ["Did you mean Wednesday 24 December 2025?"]
    chat.press("Yes")
    assert chat.texts[:2] == [
        "Ask for the decision to be looked at again: by Friday 23 January 2026.",
        "This date has passed. Talk to a legal adviser today.",
    ]
    assert "Talk to your support worker or a legal adviser today. They can help you ask." in (
        chat.texts
    )


def test_saying_no_to_a_guessed_letter_date_asks_for_the_date_again(chat):
    work_out_dates(chat, "The first one (reasonable grounds)")
    chat.text("24/12")
    chat.press("No, I will type it again")
    assert chat.state.node == "decision_date"
    chat.text("21/11")
    assert chat.texts[0].startswith("Ask for the decision to be looked at again: by Monday")


# A deadline on a weekend or a bank holiday says offices are shut and when to act by.


def test_a_deadline_on_a_saturday_says_to_act_by_the_friday(chat, runtime, clock):
    work_out_dates(chat, "The first one (reasonable grounds)")
    chat.text("19/11")  # 30 days on is Saturday 19 December
    assert chat.texts[:4] == [
        "Ask for the decision to be looked at again: by Saturday 19 December.",
        "26 days left.",
        "That day is a weekend. Offices are closed.",
        "So act before then, by Friday 18 December at the latest.",
    ]
    with runtime.database.transaction() as session:
        [saved] = ReminderRepository(session).of_survivor(chat.state.survivor_id, clock.now())
    assert saved.draft.rule.first_day == date(2026, 12, 18)  # the reminder agrees: Friday


def test_a_deadline_on_christmas_day_says_to_act_by_christmas_eve(chat, clock):
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    work_out_dates(chat, "The first one (reasonable grounds)")
    chat.text("25/11")  # 30 days on is Friday 25 December
    assert chat.texts[:4] == [
        "Ask for the decision to be looked at again: by Friday 25 December.",
        "24 days left.",
        "That day is a bank holiday. Offices are closed.",
        "So act before then, by Thursday 24 December at the latest.",
    ]


@pytest.mark.parametrize(("nation", "flagged"), [("Scotland", True), ("England or Wales", False)])
def test_a_bank_holiday_is_flagged_for_the_survivors_nation_only(runtime, nation, flagged):
    chat = ChatDriver(runtime)
    chat.onboard(nation)
    work_out_dates(chat, "The first one (reasonable grounds)")
    chat.text("31/10/2026")  # 30 days on is Monday 30 November, St Andrew's Day
    assert chat.texts[0] == "Ask for the decision to be looked at again: by Monday 30 November."
    assert ("That day is a bank holiday. Offices are closed." in chat.texts) is flagged
    assert ("So act before then, by Friday 27 November at the latest." in chat.texts) is flagged


# "Today" out of office hours says who can be reached now.


def test_a_passed_deadline_out_of_hours_names_who_answers_now(chat, clock):
    clock.set(datetime(2026, 11, 28, 20, 0, tzinfo=UTC))  # Saturday evening
    work_out_dates(chat, "The first one (reasonable grounds)")
    chat.text("01/10/2026")
    assert chat.texts[:4] == [
        "Ask for the decision to be looked at again: by Saturday 31 October 2026.",
        "This date has passed. Talk to a legal adviser today.",
        CLOSED_NOW,
        OPEN_NOW,
    ]


def test_a_passed_deadline_in_office_hours_adds_nothing(chat):
    work_out_dates(chat, "The first one (reasonable grounds)")
    chat.text("01/10/2026")
    assert CLOSED_NOW not in chat.texts


def test_a_missed_reporting_out_of_hours_names_who_answers_now(chat, clock):
    chat.press_data("reporting_info_cannot_go/reporting_missed")
    assert CLOSED_NOW not in chat.texts  # Monday 10:00
    clock.set(datetime(2026, 11, 29, 19, 0, tzinfo=UTC))  # Sunday evening
    chat.press_data("reporting_info_cannot_go/reporting_missed")
    assert chat.texts[0] == (
        "Thank you for telling me. Missing reporting can cause problems, so act today."
    )
    assert chat.texts[-2:] == [CLOSED_NOW, OPEN_NOW]
    assert "Ask a caseworker to help me" in chat.labels


# Reporting reminders: no promise of a visit; pausing or deleting warns; the list is clear.


def set_reporting(chat: ChatDriver, checkin: str) -> None:
    chat.command("reminders")
    chat.press("Add reporting")
    chat.press("Tomorrow (Tue 24 Nov)")
    chat.text("10:00")
    chat.press("Every 2 weeks")
    chat.press("Skip")
    chat.press(checkin)
    chat.press("The day before and 2 hours before")
    chat.press("Yes, save it")


def test_the_check_in_says_what_happens_and_when_the_team_works(chat):
    chat.command("reminders")
    chat.press("Add reporting")
    chat.press("Tomorrow (Tue 24 Nov)")
    chat.text("10:00")
    chat.press("Every week")
    chat.press("Skip")
    assert chat.texts == [
        "After reporting, I can ask if you are safe.",
        "If you do not answer, I tell the Waypost team where and when you went.",
        "I cannot promise that someone will come or call. If you are in danger, call 999.",
        "The Waypost team works Monday–Friday, 09:00–17:00 (UK time).",
        "If you do not answer outside those hours, they see it when they are back.",
    ]
    assert not any("checks on you" in text for text in chat.texts)
    assert "Yes, ask me 1 hour after" in chat.labels


def test_the_list_shows_whether_each_reminder_has_a_check_in(chat):
    set_reporting(chat, "Yes, ask me 1 hour after")
    assert (
        "Reporting. Next: Tuesday 24 November, 10:00. Every 2 weeks."
        "\nSafety check-in: I ask if you are safe at 11:00." in chat.texts
    )
    chat.press("Change, pause or delete")
    chat.press("Reporting: Tuesday 10:00")
    chat.press("Pause it")
    chat.press("Yes, pause it")
    assert "Reporting: paused. The safety check-in is off too." in chat.texts


def test_pausing_reporting_with_a_check_in_warns_that_reporting_and_the_check_in_stop(
    chat, runtime
):
    set_reporting(chat, "Yes, ask me 3 hours after")
    chat.press("Change, pause or delete")
    chat.press("Reporting: Tuesday 10:00")
    assert chat.labels[:3] == ["Change the day or time", "Pause it", "Delete it"]
    chat.press("Pause it")
    assert chat.texts == [
        "This only stops my messages. You still have to report, as your papers say.",
        "Its safety check-in stops too. I will not ask if you are safe after.",
        "Pause it?",
    ]
    chat.press("No, keep it on")
    assert planned(runtime)
    chat.press("Change, pause or delete")
    chat.press("Reporting: Tuesday 10:00")
    chat.press("Pause it")
    chat.press("Yes, pause it")
    assert planned(runtime) == []
    chat.press("Change, pause or delete")
    chat.press("Reporting")
    assert chat.labels[:3] == ["Turn it back on", "Change the day or time", "Delete it"]


def test_deleting_reporting_warns_before_it_is_gone(chat, runtime):
    set_reporting(chat, "No, thank you")
    chat.press("Change, pause or delete")
    chat.press("Reporting: Tuesday 10:00")
    chat.press("Delete it")
    assert chat.texts == [
        "This only stops my messages. You still have to report, as your papers say.",
        "There is no safety check-in to stop.",
        "Delete it?",
    ]
    chat.press("Yes, delete it")
    assert planned(runtime) == []


def test_deleting_an_appointment_gives_no_reporting_warning(chat):
    chat.command("reminders")
    chat.press("Add an appointment")
    chat.press("Doctor or nurse")
    chat.press("Tomorrow (Tue 24 Nov)")
    chat.text("15:00")
    chat.press("Skip")
    chat.press("Only the day before")
    chat.press("Yes, save it")
    chat.press("Change, pause or delete")
    chat.press("Doctor or nurse: Tuesday 15:00")
    chat.press("Delete it")
    assert chat.texts == ["Delete it?"]


# An appointment today is not promised "the day before".


def test_an_appointment_today_is_offered_only_reminders_that_can_still_come(chat):
    chat.command("reminders")
    chat.press("Add an appointment")
    chat.press("Doctor or nurse")
    chat.press("Today (Mon 23 Nov)")
    chat.text("16:00")
    chat.press("Skip")
    assert chat.texts == ["It is soon. When shall I remind you?"]
    assert chat.labels[:2] == ["2 hours before", "1 hour before"]
    chat.press("2 hours before")
    assert "I will remind you 2 hours before." in chat.texts


def test_an_appointment_with_one_hour_left_is_not_asked_to_choose(chat):
    chat.command("reminders")
    chat.press("Add an appointment")
    chat.press("Doctor or nurse")
    chat.press("Today (Mon 23 Nov)")
    chat.text("11:30")  # UK time 11:30: two hours before has passed, one hour before has not
    chat.press("Skip")
    assert "It is soon. When shall I remind you?" not in chat.texts  # nothing left to choose
    assert "I will remind you 1 hour before." in chat.texts
    assert chat.texts[-1] == "Is this right?"


def test_an_appointment_too_soon_for_any_reminder_says_so(chat):
    chat.command("reminders")
    chat.press("Add an appointment")
    chat.press("Doctor or nurse")
    chat.press("Today (Mon 23 Nov)")
    chat.text("10:30")  # UK time 10:30: even one hour before has passed
    chat.press("Skip")
    assert "It is too soon to remind you before." in chat.texts
    assert not any(text.startswith("I will remind you") for text in chat.texts)


# Quiet hours: any range, typed or chosen.


def test_quiet_hours_can_be_typed(chat):
    chat.command("reminders")
    chat.press("Quiet hours")
    chat.text("11pm to 7am")
    assert "Done. I will not write to you first between 23:00 and 07:00." in chat.texts
    assert chat.state.quiet_hours == "23:00-07:00"


def test_quiet_hours_can_be_chosen_with_buttons(chat):
    chat.command("reminders")
    chat.press("Quiet hours")
    chat.press("Other hours")
    chat.press("23:00")
    chat.press("06:00")
    assert "Done. I will not write to you first between 23:00 and 06:00." in chat.texts
    state = chat.state
    assert state.quiet_hours == "23:00-06:00"
    assert "quiet_from" not in state.answers and "quiet_until" not in state.answers


def test_quiet_hours_that_start_and_end_together_are_refused_kindly(chat):
    chat.command("reminders")
    chat.press("Quiet hours")
    chat.text("23:30-23:30")
    assert chat.texts[0] == "The start and the end must be different times."
    assert chat.state.quiet_hours is None and chat.state.node == "quiet_hours"


def test_one_time_typed_for_quiet_hours_asks_for_two(chat):
    chat.command("reminders")
    chat.press("Quiet hours")
    chat.text("23:00")
    assert chat.texts[0] == "Please type two times, like 23:00-07:00."
    assert chat.state.quiet_hours is None


def test_every_node_asking_for_a_day_asks_about_a_guessed_year():
    """A day picker marks a guessed year; a node that did not check it would save the mark."""
    asking, nodes = {}, set()
    for path in sorted((PROJECT_ROOT / "flows").glob("*.yaml")):
        for node in yaml.safe_load(path.read_text()).get("nodes", []):
            nodes.add(node["id"])
            pick = node.get("pick") or {}
            if pick.get("options") in ("day", "past_day"):
                asking[node["id"]] = pick.get("do") or {}
    assert {"appt_day", "report_day", "change_day", "decision_date"} <= set(asking)
    for node_id, actions in asking.items():
        assert set(actions) & {"check_typed_day", "show_deadlines"}, node_id
        if "check_typed_day" in actions:  # where a confirmed day goes on to
            assert actions["check_typed_day"]["then"] in nodes, node_id
