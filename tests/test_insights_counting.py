"""Each event the Insights page shows is counted where it happens, in the same transaction, by
day, language and nation: never who."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.engine import tallies
from bot.escalation.cases import CaseRepository
from bot.escalation.silent_checkins import escalate_silent_checkins
from bot.escalation.staff import StaffRepository
from bot.reminders.repository import ReminderRepository
from bot.retention import Retention
from bot.storage.models import DailyCount
from tests.chat_driver import ChatDriver
from tests.test_reminders_conversation import set_weekly_reporting


def counted(runtime) -> dict[tuple[str, str, str, str], int]:
    with runtime.database.transaction() as session:
        rows = session.scalars(select(DailyCount)).all()
        return {(r.metric, r.key, r.language, r.nation): r.count for r in rows}


def test_a_conversation_its_consent_topics_danger_and_forget_are_counted(runtime):
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.press("What is the NRM?")
    chat.text("i am scared")  # possible danger: "Are you safe right now?"
    chat.text("he will kill me")  # clear danger: emergency guidance
    chat.command("forget")
    chat.press("Yes, delete everything")
    other = ChatDriver(runtime, chat_key="test:2")
    other.start()
    other.press("Shqip")
    other.press("No")  # declines: nothing kept, but counted
    found = counted(runtime)
    assert found[(tallies.CONVERSATION_STARTED, "", "en", "")] == 1
    assert found[(tallies.CONVERSATION_STARTED, "", "sq", "")] == 1
    assert found[(tallies.CONSENT_GIVEN, "", "en", "")] == 1
    assert found[(tallies.CONSENT_DECLINED, "", "sq", "")] == 1
    assert found[(tallies.TOPIC_OPENED, "nrm_intro", "en", "england_wales")] == 1
    assert found[(tallies.DANGER_POSSIBLE, "afraid", "en", "england_wales")] == 1
    assert found[(tallies.DANGER_CLEAR, "threatened", "en", "england_wales")] == 1
    assert found[(tallies.FORGOTTEN, "", "en", "england_wales")] == 1
    assert not any("kill" in str(key) or "scared" in str(key) for key in found)


def test_a_request_for_a_person_and_its_resolution_are_counted(runtime, clock):
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.ask_for_a_person()
    clock.advance(timedelta(minutes=12))  # Monday morning: in office hours
    with runtime.database.transaction() as session:
        worker = StaffRepository(session).add_caseworker(77, "Ben", clock.now())
        cases = CaseRepository(session)
        (case,) = cases.active()
        cases.claim(case.id, worker, clock.now(), runtime.settings.office_hours)
        cases.resolve(case, worker, clock.now())
    found = counted(runtime)
    assert found[(tallies.CLAIM_WAIT, "in_hours 15", "en", "england_wales")] == 1
    assert found[(tallies.PERSON_REQUESTED, "asked_for_person", "en", "england_wales")] == 1
    assert found[(tallies.CASE_RESOLVED, "", "en", "england_wales")] == 1


def test_reminders_set_sent_answered_and_silent_check_ins_are_counted(runtime, clock):
    chat = ChatDriver(runtime)
    chat.onboard(nation_label="Scotland")
    set_weekly_reporting(chat, checkin="Yes, ask me 1 hour after")
    chat.press("Yes, save it")
    clock.advance(timedelta(days=1, hours=2))  # Tuesday, past reporting at 10:00
    with runtime.database.transaction() as session:
        reminders = ReminderRepository(session)
        reminders.plan_due(clock.now())
        due = reminders.due(clock.now(), 10)
        for message in due:
            reminders.sent(message.id, clock.now(), clock.now() - timedelta(minutes=1))
        answered = due[0].id
        reminders.answer(answered, "safe", clock.now())
    escalate_silent_checkins(runtime.database, clock)
    found = counted(runtime)
    assert found[(tallies.REMINDER_SET, "reporting", "en", "scotland")] == 1
    delivered = sum(n for (m, *_), n in found.items() if m == tallies.REMINDER_DELIVERED)
    assert delivered == len(due) > 1
    assert found[(tallies.CHECKIN_ANSWERED, "safe", "en", "scotland")] == 1
    # Every other message sent was given an answer-by time already past: each is silent.
    assert found[(tallies.CHECKIN_MISSED, "", "en", "scotland")] == len(due) - 1
    assert found[(tallies.CHECKIN_ESCALATED, "", "en", "scotland")] == len(due) - 1


def test_deletion_after_a_long_silence_is_counted_without_the_survivor(runtime, clock):
    chat = ChatDriver(runtime)
    chat.onboard()
    retention = Retention(runtime.database, clock, keep_for=timedelta(days=30))
    clock.advance(timedelta(days=31))
    for warned in retention.to_warn():
        retention.warned(warned.chat_key)
    clock.advance(timedelta(days=8))
    assert retention.erase_expired() == 1
    assert counted(runtime)[(tallies.RETENTION_DELETED, "", "en", "england_wales")] == 1
