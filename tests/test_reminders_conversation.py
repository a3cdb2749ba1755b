"""Setting, listing, changing, pausing and deleting reminders in conversation (engine level)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.reminders.repository import ReminderRepository
from bot.storage.models import ReminderMessage
from tests.chat_driver import ChatDriver


@pytest.fixture
def chat(runtime) -> ChatDriver:
    chat = ChatDriver(runtime)
    chat.onboard()
    return chat


def set_weekly_reporting(chat: ChatDriver, checkin: str = "No, thank you") -> None:
    """Monday 23 November 2026: weekly reporting from Tuesday at 10:00, all with buttons."""
    chat.command("reminders")
    chat.press("Add reporting")
    chat.press("Tomorrow (Tue 24 Nov)")
    chat.press("10:00")
    chat.press("10:00")
    chat.press("Every week")
    chat.text("Sandford House")
    chat.press(checkin)
    chat.press("The day before and 2 hours before")


def planned(runtime) -> list[tuple[str, datetime]]:
    with runtime.database.transaction() as session:
        rows = session.scalars(select(ReminderMessage).order_by(ReminderMessage.due_at))
        keyring = session.info["keyring"]
        return [(keyring.open(row.sealed)["purpose"], row.due_at) for row in rows]


def test_weekly_reporting_set_with_buttons_is_read_back_and_saved(chat, runtime):
    set_weekly_reporting(chat)
    assert (
        chat.texts[0]
        == "Reporting. Next: Tuesday 24 November, 10:00. Every week.\nWhere: Sandford House"
    )
    assert "I will remind you the day before, 2 hours before." in chat.texts
    # Monday 10:00 is "the day before" the first Tuesday: honest about this first time.
    assert (
        "This first time, it is too soon for some of them. I will remind you 2 hours before."
        in chat.texts
    )
    chat.press("Yes, save it")
    assert "Saved. I will remind you." in chat.texts
    assert (
        "Reporting. Next: Tuesday 24 November, 10:00. Every week.\nWhere: Sandford House"
        "\nNo check-in: I do not ask if you are safe after it."
    ) in chat.texts
    # It is Monday 10:00: "the day before" (Monday 10:00) is not in the future, so it is not
    # planned; two hours before is, and "how did it go" two hours after.
    assert planned(runtime) == [
        ("two_hours", datetime(2026, 11, 24, 8, 0, tzinfo=UTC)),
        ("after", datetime(2026, 11, 24, 12, 0, tzinfo=UTC)),
    ]


def test_times_can_be_typed(chat, runtime):
    chat.command("reminders")
    chat.press("Add an appointment")
    chat.text("GP surgery")
    chat.text("3/12")
    chat.text("2:30pm")
    chat.press("Skip")
    chat.press("Only 1 hour before")
    assert chat.texts[0].startswith("GP surgery. Next: Thursday 3 December, 14:30. Once.")


def test_a_day_can_be_typed_in_words(chat):
    chat.command("reminders")
    chat.press("Add an appointment")
    chat.text("GP surgery")
    chat.text("thursday")
    chat.text("2:30pm")
    chat.press("Skip")
    chat.press("Only 1 hour before")
    assert chat.texts[0].startswith("GP surgery. Next: Thursday 26 November, 14:30. Once.")


def test_a_date_that_cannot_be_read_gets_a_kind_line_and_changes_nothing(chat):
    chat.command("reminders")
    chat.press("Add reporting")
    chat.text("next tuesday-ish")
    assert chat.texts[0] == "Please choose a day, or type the date like 24/11."
    assert "Tomorrow (Tue 24 Nov)" in chat.labels
    chat.text("31/02")
    assert chat.texts[0] == "Please choose a day, or type the date like 24/11."


def test_a_day_button_from_the_past_is_refused(chat, clock):
    chat.command("reminders")
    chat.press("Add reporting")
    today = next(b for b in chat.buttons if b.label.startswith("Today"))
    clock.advance(timedelta(days=2))
    chat.press_data(today.data)
    assert chat.texts[0] == "That choice is not here any more. Please choose again."


def test_a_time_already_past_today_is_caught_before_saving(chat):
    chat.command("reminders")
    chat.press("Add an appointment")
    chat.press("Doctor or nurse")
    chat.press("Today (Mon 23 Nov)")
    chat.text("08:00")
    chat.press("Skip")  # no reminder to choose: the time is caught at once
    assert chat.texts[0] == "That time has already passed. Please choose another day."
    assert "Is this right?" not in chat.texts


def test_list_change_pause_resume_delete(chat, runtime):
    set_weekly_reporting(chat)
    chat.press("Yes, save it")
    chat.press("Change, pause or delete")
    chat.press("Reporting: Tuesday 10:00")
    assert "Turn it back on" not in chat.labels  # it is on
    chat.press("Pause it")
    assert chat.texts[:2] == [
        "This only stops my messages. You still have to report, as your papers say.",
        "There is no safety check-in to stop.",
    ]
    assert planned(runtime)  # nothing paused before they say yes
    chat.press("Yes, pause it")
    assert "Paused. I will not remind you until you turn it back on." in chat.texts
    assert "Reporting: paused." in chat.texts
    assert planned(runtime) == []
    chat.press("Change, pause or delete")
    chat.press("Reporting")
    assert "Pause it" not in chat.labels
    chat.press("Turn it back on")
    assert planned(runtime)
    chat.press("Change, pause or delete")
    chat.press("Reporting: Tuesday 10:00")
    chat.press("Change the day or time")
    chat.text("25/11")
    chat.text("11:15")
    assert chat.texts[0].startswith("Reporting. Next: Wednesday 25 November, 11:15. Every week.")
    chat.press("Yes, save it")
    with runtime.database.transaction() as session:
        saved = ReminderRepository(session).of_survivor(chat.state.survivor_id, runtime.clock.now())
    assert len(saved) == 1 and saved[0].draft.place == "Sandford House"
    chat.press("Change, pause or delete")
    chat.press("Reporting: Wednesday 11:15")
    chat.press("Delete it")
    chat.press("Yes, delete it")
    assert "You have no reminders yet." in chat.texts
    assert planned(runtime) == []


def test_quiet_hours_are_told_when_a_check_in_falls_in_them(chat):
    chat.command("reminders")
    chat.press("Quiet hours")
    chat.press("22:00 to 08:00")
    assert "Done. I will not write to you first between 22:00 and 08:00." in chat.texts
    chat.press("Add reporting")
    chat.press("Tomorrow (Tue 24 Nov)")
    chat.text("20:30")
    chat.press("Only this time")
    chat.press("Skip")
    chat.press("Yes, ask me 3 hours after")
    chat.press("Only 2 hours before")
    assert (
        "This safety check-in falls in your quiet hours. I will still send it, for your safety."
        in chat.texts
    )


def test_reminders_are_in_my_data_and_erased_by_forget(chat, runtime):
    set_weekly_reporting(chat)
    chat.press("Yes, save it")
    chat.command("mydata")
    assert "You set 1 reminder. Send /reminders to see it." in chat.texts
    assert not any("2026-11-24" in text for text in chat.texts)
    chat.command("forget")
    chat.press("Yes, delete everything")
    assert "Your 1 reminder is deleted too." in chat.texts
    assert planned(runtime) == []


def test_a_date_over_six_months_away_shows_its_year(chat):
    chat.command("reminders")
    chat.press("Add an appointment")
    chat.text("GP surgery")
    chat.text("20/11")  # 20 November next year: without its year it would read as this week
    assert chat.texts == ["Did you mean Saturday 20 November 2027?"]
    chat.press("Yes")
    chat.text("10:00")
    chat.press("Skip")
    chat.press("Only 1 hour before")
    assert chat.texts[0].startswith("GP surgery. Next: Saturday 20 November 2027, 10:00. Once.")


def test_change_pause_or_delete_with_no_reminders_says_so(chat):
    chat.command("reminders")
    chat.press("Change, pause or delete")
    assert chat.texts[0] == "You have no reminders yet."
    assert "Which one?" not in chat.texts
    assert "Add an appointment" in chat.labels
