"""A removed caseworker gets nothing more of a survivor's, and their cases wait again.

Regression for issue 16: after `waypost caseworkers remove`, claimed cases stayed theirs and the
survivor's messages were still copied to them; no one else could claim the case.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.admin.accounts import AccountError, AccountRepository, Role
from bot.cli import main
from bot.escalation.cases import CaseRepository, ClaimOutcome
from bot.escalation.removal import remove_caseworker
from bot.escalation.staff import StaffRepository
from bot.office_hours import DEFAULT_OFFICE_HOURS
from bot.storage.models import Case, CaseEvent, OutboxMessage, StaffAccount, StaffEvent
from tests.console_harness import ADMIN, CASEWORKER_TELEGRAM_ID, CASEWORKER_USER
from tests.test_escalation import CASEWORKER, GROUP, case, claimed_case
from tests.test_telegram import SURVIVOR

pytestmark = pytest.mark.security

OTHER = 9002
PASSWORD = "violet tractor under moonlight"


def remove(runtime, telegram_user_id: int = CASEWORKER):
    with runtime.database.transaction() as session:
        return remove_caseworker(session, telegram_user_id, "operator:test", runtime.clock.now())


def waiting_case(runtime) -> None:
    """Case #1, waiting, with no survivor behind it (enough for what is tested here)."""
    now = runtime.clock.now()
    with runtime.database.transaction() as session:
        session.add(
            Case(
                reason="asked_for_person",
                urgency="normal",
                status="open",
                opened_at=now,
                updated_at=now,
            )
        )


def add(runtime, telegram_user_id: int, name: str) -> None:
    with runtime.database.transaction() as session:
        StaffRepository(session).add_caseworker(telegram_user_id, name, runtime.clock.now())


async def test_removing_a_caseworker_hands_their_case_back_and_stops_every_relay(
    bot, fake_api, runtime
):
    add(runtime, CASEWORKER, "Sam")
    await claimed_case(bot, fake_api)
    fake_api.send_text(SURVIVOR, "before")
    await bot.settled()
    await fake_api.wait_for_calls("copyMessage", 1, chat_id=CASEWORKER)

    removal = remove(runtime)

    assert removal is not None and removal.released == [1]
    assert case(runtime).status == "open" and case(runtime).claimed_by is None
    bot.channel.courier.wake()
    again = await fake_api.wait_for_calls("sendMessage", 2, chat_id=GROUP)
    assert again[-1].text.startswith("Waiting again, its caseworker was removed: Case #1")
    assert again[-1].buttons == [("Claim", "case:claim:1")]

    fake_api.send_text(SURVIVOR, "after")  # now a note on the waiting request, not a copy
    await bot.settled()
    assert await bot.channel.courier.deliver_due(bot.application.bot) == 0
    assert len(fake_api.calls_to("copyMessage", CASEWORKER)) == 1

    # The removed caseworker can neither claim again nor write to the survivor.
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    fake_api.send_text(CASEWORKER, "still here?")
    await bot.settled()
    assert case(runtime).claimed_by is None
    assert fake_api.calls_to("sendMessage", CASEWORKER)[-1].text == (
        "You are not authorised to act on cases."
    )

    add(runtime, OTHER, "Ana")  # and someone else can take it, with what was written meanwhile
    fake_api.press(GROUP, "case:claim:1", user_id=OTHER, chat_type="supergroup")
    await bot.settled()
    assert case(runtime).claimed_by == OTHER
    [card] = fake_api.calls_to("sendMessage", OTHER)
    assert "after" in card.text

    with runtime.database.transaction() as session:
        trail = [(e.actor, e.action) for e in session.scalars(select(CaseEvent))]
        staff = [
            (e.actor, e.action, e.telegram_user_id) for e in session.scalars(select(StaffEvent))
        ]
    assert ("operator:test", "released:caseworker removed") in trail
    assert ("operator:test", "removed", CASEWORKER) in staff


async def test_a_copy_queued_before_the_removal_is_never_delivered(bot, fake_api, runtime):
    add(runtime, CASEWORKER, "Sam")
    await claimed_case(bot, fake_api)
    await bot.channel.courier.stop()  # so the copy waits in the outbox, as it might for a moment
    fake_api.send_text(SURVIVOR, "queued")
    await bot.settled()

    remove(runtime)

    assert await bot.channel.courier.deliver_due(bot.application.bot) >= 1  # the group card
    assert fake_api.calls_to("copyMessage", CASEWORKER) == []
    with runtime.database.transaction() as session:
        [copy] = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "to_caseworker")
        ).all()
    assert copy.sent_at is None and copy.failed_at is not None


async def test_delivery_checks_the_claimer_is_still_registered(bot, fake_api, runtime):
    """Even if the registration went without the hand-back (a row deleted by hand), nothing is
    copied to someone who is no longer a caseworker."""
    add(runtime, CASEWORKER, "Sam")
    await claimed_case(bot, fake_api)
    await bot.channel.courier.stop()
    fake_api.send_text(SURVIVOR, "queued")
    await bot.settled()
    with runtime.database.transaction() as session:
        StaffRepository(session).delete_caseworker(
            StaffRepository(session).caseworker(CASEWORKER), "test", runtime.clock.now()
        )

    await bot.channel.courier.deliver_due(bot.application.bot)

    assert fake_api.calls_to("copyMessage", CASEWORKER) == []


async def test_a_web_claim_card_still_queued_is_not_sent_after_the_removal(runtime):
    add(runtime, CASEWORKER, "Sam")
    waiting_case(runtime)
    with runtime.database.transaction() as session:
        caseworker = StaffRepository(session).caseworker(CASEWORKER)
        CaseRepository(session).claim_from_console(
            1, caseworker, runtime.clock.now(), DEFAULT_OFFICE_HOURS
        )

    remove(runtime)

    with runtime.database.transaction() as session:
        [card] = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "case_card")
        ).all()
        assert card.failed_at is not None and card.sent_at is None


def test_the_command_removes_hands_back_and_says_what_to_do_when_unknown(
    monkeypatch, settings, runtime
):
    add(runtime, CASEWORKER, "Sam")
    monkeypatch.setenv("WAYPOST_DATABASE_URL", settings.database_url)

    removed = CliRunner().invoke(main, ["caseworkers", "remove", str(CASEWORKER)])
    unknown = CliRunner().invoke(main, ["caseworkers", "remove", str(CASEWORKER)])
    history = CliRunner().invoke(main, ["caseworkers", "history"])

    assert removed.exit_code == 0, removed.output
    assert f"Sam ({CASEWORKER}) can no longer act on cases." in removed.output
    assert unknown.exit_code == 1
    assert "is not a caseworker (see `waypost caseworkers list`)" in unknown.output
    assert f"removed\t{CASEWORKER}\tby operator" in history.output


def test_one_telegram_user_has_at_most_one_web_account(runtime):
    with runtime.database.transaction() as session:
        AccountRepository(session).create(
            "sam.k", PASSWORD, Role.CASEWORKER, runtime.clock.now(), CASEWORKER
        )
    with (
        runtime.database.transaction() as session,
        pytest.raises(AccountError, match=f"Telegram user {CASEWORKER} already belongs to"),
    ):
        AccountRepository(session).create(
            "samuel", PASSWORD, Role.CASEWORKER, runtime.clock.now(), CASEWORKER
        )
    with pytest.raises(IntegrityError), runtime.database.transaction() as session:
        session.add(
            StaffAccount(
                username="sneaky",
                password_hash="x",
                role="caseworker",
                telegram_user_id=CASEWORKER,
                created_at=runtime.clock.now(),
            )
        )


def test_a_claim_by_someone_removed_a_moment_ago_is_refused_and_does_not_bring_them_back(
    runtime,
):
    """The press was read while they were registered; the claim runs after the removal."""
    add(runtime, CASEWORKER, "Sam")
    waiting_case(runtime)
    with runtime.database.transaction() as session:
        looked_up = StaffRepository(session).caseworker(CASEWORKER)
    remove(runtime)

    with runtime.database.transaction() as session:
        outcome = CaseRepository(session).claim(
            1, looked_up, runtime.clock.now(), DEFAULT_OFFICE_HOURS
        )

    assert outcome is ClaimOutcome.NOT_CASEWORKER
    assert case(runtime).claimed_by is None
    with runtime.database.transaction() as session:
        assert StaffRepository(session).caseworker(CASEWORKER) is None


def test_disabling_a_caseworker_account_on_the_web_removes_them_as_a_caseworker(console):
    runtime = console.runtime
    add(runtime, CASEWORKER_TELEGRAM_ID, "Ben")
    waiting_case(runtime)
    with runtime.database.transaction() as session:
        ben = StaffRepository(session).caseworker(CASEWORKER_TELEGRAM_ID)
        CaseRepository(session).claim(1, ben, runtime.clock.now(), DEFAULT_OFFICE_HOURS)
        [account] = session.scalars(
            select(StaffAccount.id).where(StaffAccount.username == CASEWORKER_USER)
        ).all()
    console.sign_in(ADMIN)

    answer = console.client.post(
        f"/accounts/{account}/disable", data={"csrf_token": console.form_token("/accounts")}
    )

    assert f"Telegram user {CASEWORKER_TELEGRAM_ID} is no longer a caseworker either" in answer.text
    assert "back to waiting, and the caseworker group alerted again: #1" in answer.text
    assert case(runtime).status == "open" and case(runtime).claimed_by is None
    with runtime.database.transaction() as session:
        assert StaffRepository(session).caseworker(CASEWORKER_TELEGRAM_ID) is None
        [event] = session.scalars(select(StaffEvent)).all()[-1:]
    assert (event.actor, event.action) == (f"console:{ADMIN}", "removed")
