"""Typed messages counted by screen and language for administrators, never kept as words; and
example questions added to a node through the draft, like any other content."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.admin.content import ContentStore
from bot.app import load_for_console
from bot.engine import tallies
from bot.storage.counts import DailyCounts
from bot.storage.models import DailyCount
from tests.chat_driver import ChatDriver
from tests.console_harness import ADMIN, CASEWORKER_USER
from tests.test_console_flows import edit_node

RIGHTS = "flows/rights.yaml"


def test_typed_words_are_counted_by_screen_and_language_and_never_kept(console):
    chat = ChatDriver(console.runtime)
    chat.onboard()
    for _ in range(6):
        chat.text("banana bread recipe")  # not understood at the menu
    chat.text("my")  # "Did you mean…?": several topics fit
    with console.runtime.database.transaction() as session:
        rows = session.scalars(select(DailyCount)).all()
        kept = [(r.metric, r.key, r.language, r.nation, r.count) for r in rows]
    assert (tallies.TYPED_NOT_UNDERSTOOD, "menu", "en", "england_wales", 6) in kept
    assert (tallies.TYPED_DID_YOU_MEAN, "menu", "en", "england_wales", 1) in kept
    assert not any("banana" in str(row) for row in kept)

    console.sign_in(ADMIN)
    page = console.client.get("/understanding")
    assert page.status_code == 200
    row = page.text.split('href="/flows/menu/menu">menu</a>', 1)[1].split("</tr>", 1)[0]
    assert "<td>English</td>" in row and "<td>6</td>" in row
    assert "<td>fewer than 5</td>" in row  # the one "did you mean": small counts are hidden


def test_counts_add_up_within_their_days_only(runtime):
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    with runtime.database.transaction() as session:
        counts = DailyCounts(session)
        for when in (now, now, now - timedelta(days=10)):
            counts.add("typed_not_understood", when, "menu", "sq", None)
    with runtime.database.transaction() as session:
        recent = DailyCounts(session).totals(["typed_not_understood"], now.date(), now.date())
        longer = DailyCounts(session).totals(
            ["typed_not_understood"], now.date() - timedelta(days=29), now.date()
        )
    assert [(r.key, r.language, r.count) for r in recent["typed_not_understood"]] == [
        ("menu", "sq", 2)
    ]
    assert longer["typed_not_understood"][0].count == 3


@pytest.mark.security
def test_a_caseworker_cannot_see_the_counts(console):
    console.sign_in(CASEWORKER_USER)
    assert console.client.get("/understanding").status_code == 403


@pytest.fixture
def store(console) -> ContentStore:
    runtime = console.runtime
    return ContentStore(runtime.settings, runtime.database, runtime.clock, load_for_console)


def test_example_questions_are_changed_on_a_nodes_page_through_the_draft(console, store):
    console.sign_in(ADMIN)
    live = store.live_files()[RIGHTS]
    page = edit_node(
        console,
        "rights",
        "rights_work",
        ask="Can I work?\r\nam i allowed a job\r\ncan i get a job\r\n",
    )
    assert page.status_code == 200 and "Saved to the draft" in page.text
    draft = store.drafts()[RIGHTS]
    node = draft.split("- id: rights_work", 1)[1].split("- id:", 1)[0]
    assert '      - "can i get a job"' in node and "i can work or no?" not in node
    assert store.live_files()[RIGHTS] == live  # nothing published yet


def test_a_question_too_long_is_shown_by_its_field_and_blocks_publishing(console, store):
    console.sign_in(ADMIN)
    page = edit_node(console, "rights", "rights_work", ask="Can I work? " * 8)
    assert page.status_code == 200
    shown = page.text.split('name="ask"', 1)[1].split("<h2>", 1)[0]
    assert "64" in shown  # the problem, by the field it is about
    assert not store.check_draft().publishable
