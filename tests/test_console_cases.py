"""Cases in the web console: the same cases as on Telegram, claimed and resolved in either place.

The console never talks to Telegram: what Telegram must show after a claim on the web (the full
card in private, "Claimed by" on the group's card, the survivor's notice) goes through the
outbox, which the bot delivers here to the fake Bot API, as in tests/test_escalation.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.escalation.cases import CaseRepository
from bot.escalation.staff import StaffRepository
from bot.office_hours import DEFAULT_OFFICE_HOURS
from bot.storage.models import Case, CaseEvent
from bot.storage.survivors import SurvivorRepository
from tests.chat_driver import ChatDriver
from tests.console_harness import (
    ADMIN,
    CASEWORKER_TELEGRAM_ID,
    CASEWORKER_USER,
    ConsoleUnderTest,
)
from tests.telegram_harness import RunningBot, running_bot
from tests.test_escalation import GROUP, ask_for_a_person, eventually, eventually_call
from tests.test_telegram import SURVIVOR

OTHER_CASEWORKER = 9002


@pytest.fixture
async def bot(console, fake_api) -> AsyncIterator[RunningBot]:
    """The bot on the console's database, as in production (two processes, one database)."""
    async with running_bot(console.runtime, fake_api) as running:
        yield running


def register(console: ConsoleUnderTest, telegram_user_id: int, name: str) -> None:
    with console.runtime.database.transaction() as session:
        StaffRepository(session).add_caseworker(telegram_user_id, name, console.runtime.clock.now())


def case(console: ConsoleUnderTest, case_id: int = 1) -> Case:
    with console.runtime.database.transaction() as session:
        found = session.get(Case, case_id)
        assert found is not None
        return found


def events(console: ConsoleUnderTest) -> list[str]:
    with console.runtime.database.transaction() as session:
        return [f"{e.actor} {e.action}" for e in session.scalars(select(CaseEvent))]


def survivor_asks(console: ConsoleUnderTest, chat: int = SURVIVOR, danger: bool = False) -> None:
    """A survivor asks for a person (or writes danger words), with no bot running."""
    driver = ChatDriver(console.runtime, chat_key=f"telegram:{chat}")
    driver.onboard()
    if danger:
        driver.text("they found me")
    else:
        driver.ask_for_a_person()


def post(console: ConsoleUnderTest, path: str):
    """Press a button on a case page: a form with the session's CSRF token."""
    token = console.form_token("/cases")
    return console.client.post(path, data={"csrf_token": token}, follow_redirects=False)


def test_cases_appear_open_first_and_urgent_first_for_caseworkers_and_administrators(
    console, clock
):
    survivor_asks(console, chat=1)
    clock.advance(timedelta(minutes=30))
    survivor_asks(console, chat=2, danger=True)
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")

    console.sign_in(CASEWORKER_USER)
    page = console.client.get("/cases")
    assert page.status_code == 200
    opened = page.text.split("<h2>Open</h2>", 1)[1].split("<h2>Recently resolved</h2>")[0]
    assert opened.index("Case #2") < opened.index("Case #1")  # urgent first, though newer
    assert "URGENT" in opened and "danger: followed" in opened
    assert "asked for person" in opened and "30 min ago" in opened and "waiting" in opened

    detail = console.client.get("/cases/1")
    assert "Case #1 · normal · English · England or Wales · asked for person" in detail.text
    assert "Interpreter" not in detail.text  # the full card only once they have claimed it
    assert 'action="/cases/1/claim"' in detail.text
    assert "opened: asked for person" in detail.text  # the audit trail

    console.sign_in(ADMIN)
    detail = console.client.get("/cases/1")
    assert detail.status_code == 200 and "Case #1 · normal" in detail.text
    assert 'action="/cases/1/claim"' not in detail.text  # administrators read


async def test_a_claim_on_the_web_shows_on_telegram_as_a_claim_there_would(console, bot, fake_api):
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    await ask_for_a_person(bot)
    [group_card] = await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    console.sign_in(CASEWORKER_USER)

    answer = post(console, "/cases/1/claim")
    assert answer.status_code == 303 and answer.headers["location"] == "/cases/1"
    assert case(console).status == "claimed" and case(console).claimed_by == 9001
    assert events(console)[-1] == f"caseworker:{CASEWORKER_TELEGRAM_ID} claimed"
    waiting = console.client.get("/cases/1").text
    assert "The bot is sending you the full card" in waiting

    bot.channel.courier.wake()  # the bot's own tick finds it within seconds in production
    [private] = await fake_api.wait_for_calls("sendMessage", 1, chat_id=CASEWORKER_TELEGRAM_ID)
    assert private.text.startswith("Case #1 (normal)\nLanguage: English")
    assert "Interpreter: needed\nWould like help from: a woman" in private.text
    assert private.buttons == [
        ("Reply", "case:reply:1"),
        ("Ready replies", "case:replies:1"),
        ("Resolve", "case:resolve:1"),
    ]
    [edit] = await fake_api.wait_for_calls("editMessageText", 1, chat_id=GROUP)
    assert edit.text.startswith("Case #1 · normal") and edit.text.endswith("Claimed by Ben.")
    assert int(edit.params["message_id"]) == group_card.result["message_id"]
    assert "reply_markup" not in edit.params  # the Claim button is gone
    await eventually_call(fake_api, texts.CASE_CLAIMED)

    page = console.client.get("/cases/1").text
    assert "Interpreter: needed" in page and "The full card is in your private chat" in page
    assert 'action="/cases/1/resolve"' in page

    # From now on the case is Ben's on Telegram too: what the survivor writes reaches him.
    fake_api.send_text(SURVIVOR, "I got a letter today")
    await bot.settled()
    await fake_api.wait_for_calls("copyMessage", 1, chat_id=CASEWORKER_TELEGRAM_ID)


@pytest.mark.security
async def test_a_claim_on_telegram_shows_on_the_web_and_the_web_claim_is_refused(
    console, bot, fake_api
):
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    register(console, OTHER_CASEWORKER, "Sam")
    await ask_for_a_person(bot)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.press(GROUP, "case:claim:1", user_id=OTHER_CASEWORKER, chat_type="supergroup")
    await bot.settled()

    console.sign_in(CASEWORKER_USER)
    assert "claimed by Sam" in console.client.get("/cases").text
    page = console.client.get("/cases/1").text
    assert "Claimed by Sam" in page and 'action="/cases/1/claim"' not in page
    assert "Interpreter" not in page  # Sam's case: Ben sees the group card only

    refused = post(console, "/cases/1/claim")
    assert refused.status_code == 409
    assert "Case #1 is claimed by someone else." in refused.text
    assert case(console).claimed_by == OTHER_CASEWORKER
    assert events(console) == ["survivor opened:asked_for_person", "caseworker:9002 claimed"]


@pytest.mark.security
async def test_resolving_on_the_web_tells_the_survivor_and_only_the_claimer_may(
    console, bot, fake_api
):
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    await ask_for_a_person(bot)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER_TELEGRAM_ID, chat_type="supergroup")
    await bot.settled()

    console.sign_in(CASEWORKER_USER)
    page = console.client.get("/cases/1").text
    assert "Interpreter: needed" in page  # claimed on Telegram, his: the full card here too
    answer = post(console, "/cases/1/resolve")
    assert answer.status_code == 303
    assert case(console).status == "resolved"
    assert events(console)[-1] == f"caseworker:{CASEWORKER_TELEGRAM_ID} resolved"
    bot.channel.courier.wake()
    await eventually_call(fake_api, texts.CASE_CLOSED)

    listing = console.client.get("/cases").text
    resolved = listing.split("<h2>Recently resolved</h2>", 1)[1]
    assert "Case #1" in resolved and "resolved just now" in resolved
    page = console.client.get("/cases/1").text
    assert "Interpreter" not in page  # resolved: the survivor's details are not shown again
    again = post(console, "/cases/1/resolve")
    assert again.status_code == 409 and "Only the caseworker who claimed" in again.text


@pytest.mark.security
def test_only_the_claimer_may_resolve(console):
    survivor_asks(console)
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    register(console, OTHER_CASEWORKER, "Sam")
    with console.runtime.database.transaction() as session:
        sam = StaffRepository(session).caseworker(OTHER_CASEWORKER)
        assert sam is not None
        CaseRepository(session).claim(1, sam, console.runtime.clock.now(), DEFAULT_OFFICE_HOURS)
    console.sign_in(CASEWORKER_USER)
    refused = post(console, "/cases/1/resolve")
    assert refused.status_code == 409
    assert case(console).status == "claimed"


@pytest.mark.security
def test_an_account_that_is_not_a_registered_caseworker_reads_but_cannot_act(console):
    survivor_asks(console)
    console.sign_in(CASEWORKER_USER)  # ben's Telegram id is not registered
    listing = console.client.get("/cases").text
    assert "Case #1" in listing
    assert "not a registered caseworker" in listing and "waypost caseworkers add 9001" in listing
    assert 'action="/cases/1/claim"' not in console.client.get("/cases/1").text
    refused = post(console, "/cases/1/claim")
    assert refused.status_code == 403 and "Not allowed" in refused.text

    console.sign_in(ADMIN)
    assert post(console, "/cases/1/claim").status_code == 403
    assert post(console, "/cases/1/resolve").status_code == 403
    assert case(console).status == "open" and events(console) == [
        "survivor opened:asked_for_person"
    ]


@pytest.mark.security
def test_a_claim_without_its_csrf_token_is_refused_and_with_it_succeeds(console):
    survivor_asks(console)
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    console.sign_in(CASEWORKER_USER)
    refused = console.client.post("/cases/1/claim", data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert case(console).status == "open"
    wrong = console.client.post(
        "/cases/1/claim", data={"csrf_token": "not-the-token"}, follow_redirects=False
    )
    assert wrong.status_code == 403 and case(console).status == "open"
    assert post(console, "/cases/1/claim").status_code == 303
    assert case(console).status == "claimed"


def test_pages_for_a_case_that_does_not_exist_say_so(console):
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    console.sign_in(CASEWORKER_USER)
    assert console.client.get("/cases/7").status_code == 404
    assert post(console, "/cases/7/claim").status_code == 404


async def test_a_card_that_cannot_reach_the_caseworker_undoes_the_web_claim(console, bot, fake_api):
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    await ask_for_a_person(bot)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.fail_next(
        "sendMessage",
        403,
        "Forbidden: bot can't initiate conversation with a user",
        chat_id=CASEWORKER_TELEGRAM_ID,
    )
    console.sign_in(CASEWORKER_USER)
    assert post(console, "/cases/1/claim").status_code == 303
    bot.channel.courier.wake()
    await eventually(lambda: case(console).status == "open")
    assert case(console).claimed_by is None
    assert events(console)[-1] == "caseworker:9001 released:no private chat"
    assert fake_api.calls_to("editMessageText", GROUP) == []  # the group card still has Claim
    assert not any(c.text == texts.CASE_CLAIMED for c in fake_api.calls_to("sendMessage"))
    page = console.client.get("/cases/1").text
    assert "could not send you the case card on Telegram" in page
    assert 'action="/cases/1/claim"' in page  # they can claim again once they pressed Start


async def test_a_web_claim_while_the_group_card_is_not_sent_yet_edits_it_once_it_is(
    console, fake_api, clock
):
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    survivor_asks(console)  # while the bot is down: the group card waits in the outbox
    console.sign_in(CASEWORKER_USER)
    assert post(console, "/cases/1/claim").status_code == 303
    fake_api.fail_next("sendMessage", 502, "Bad Gateway", chat_id=GROUP)

    async with running_bot(console.runtime, fake_api) as bot:
        await fake_api.wait_for_calls("sendMessage", 1, chat_id=CASEWORKER_TELEGRAM_ID)
        await eventually_call(fake_api, texts.CASE_CLAIMED)
        assert fake_api.calls_to("editMessageText", GROUP) == []  # its card is not sent yet
        # Time passes as the bot's tick would see it: first the card is sent again, then the
        # edit that waited for it goes (in the same round or the next, as timing has it).
        clock.advance(timedelta(seconds=10))
        bot.channel.courier.wake()
        await eventually(lambda: bool(fake_api.accepted("sendMessage", GROUP)))
        clock.advance(timedelta(seconds=10))
        bot.channel.courier.wake()
        [edit] = await fake_api.wait_for_calls("editMessageText", 1, chat_id=GROUP)
    [card] = fake_api.accepted("sendMessage", GROUP)
    assert card.buttons == [("Claim", "case:claim:1")]
    assert edit.text.endswith("Claimed by Ben.")
    assert int(edit.params["message_id"]) == card.result["message_id"]


async def test_a_case_resolved_on_the_web_before_its_card_went_out_tells_the_survivor_once(
    console, fake_api
):
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    survivor_asks(console)  # the bot is down meanwhile
    console.sign_in(CASEWORKER_USER)
    assert post(console, "/cases/1/claim").status_code == 303
    assert post(console, "/cases/1/resolve").status_code == 303

    async with running_bot(console.runtime, fake_api):
        await eventually_call(fake_api, texts.CASE_CLOSED)
        await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    assert fake_api.calls_to("sendMessage", CASEWORKER_TELEGRAM_ID) == []
    assert not any(c.text == texts.CASE_CLAIMED for c in fake_api.calls_to("sendMessage"))
    assert fake_api.calls_to("editMessageText", GROUP) == []


@pytest.mark.security
async def test_what_a_survivor_wrote_is_shown_as_text_never_run_as_page_code(
    console, bot, fake_api
):
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    await ask_for_a_person(bot)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    with console.runtime.database.transaction() as session:
        survivors = SurvivorRepository(session)
        state = survivors.find(f"telegram:{SURVIVOR}")
        assert state is not None
        state.answers["account"] = '<script>alert("x")</script> & <b>bold</b>'
        survivors.save(state, console.runtime.clock.now())
    console.sign_in(CASEWORKER_USER)
    post(console, "/cases/1/claim")
    bot.channel.courier.wake()
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=CASEWORKER_TELEGRAM_ID)
    page = console.client.get("/cases/1").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>" not in page and "<b>bold" not in page


@pytest.mark.security
async def test_what_a_survivor_typed_while_waiting_shows_as_text_to_the_claimer_only(
    console, bot, fake_api
):
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    await ask_for_a_person(bot)
    await bot.say(SURVIVOR, '<b>Tuesday</b> is best & "thanks"')
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    console.sign_in(CASEWORKER_USER)
    assert "Tuesday" not in console.client.get("/cases/1").text  # not claimed: group card
    post(console, "/cases/1/claim")
    bot.channel.courier.wake()
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=CASEWORKER_TELEGRAM_ID)
    page = console.client.get("/cases/1").text
    assert "They wrote while waiting:\n- 23 Nov 10:00 UTC: " in page
    assert "&lt;b&gt;Tuesday&lt;/b&gt; is best &amp; &#34;thanks&#34;" in page
    assert "<b>Tuesday" not in page
    console.sign_in(ADMIN)
    assert "Tuesday" not in console.client.get("/cases/1").text


@pytest.mark.security
def test_a_row_number_too_big_for_the_database_is_not_found(console):
    console.sign_in(ADMIN)
    for path in ("/cases/99999999999999999999", "/cases/2147483648"):
        assert console.client.get(path).status_code == 404, path
    assert console.client.post("/accounts/99999999999999999999/disable").status_code == 404


def test_a_caseworker_sees_how_long_requests_waited_and_how_soon_they_claimed(console, clock):
    survivor_asks(console)
    register(console, CASEWORKER_TELEGRAM_ID, "Ben")
    clock.advance(timedelta(minutes=12))
    console.sign_in(CASEWORKER_USER)
    waiting = console.client.get("/cases").text
    assert "<td>waiting 12 min</td>" in waiting and 'id="own-waits"' not in waiting
    post(console, "/cases/1/claim")
    listing = console.client.get("/cases").text
    assert "<td>12 min</td>" in listing
    assert "You claimed 1 request listed here; half of them within 12 min of asking." in listing
