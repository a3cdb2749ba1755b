"""The Insights page: figures for the people who run Waypost, small numbers hidden in the page,
its charts and its CSV alike; administrators only."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from playwright.sync_api import expect, sync_playwright

from bot.engine import tallies
from bot.storage.counts import DailyCounts
from tests.browser import CHROMIUM_ARGS, chromium_or_skip, served
from tests.chat_driver import ChatDriver
from tests.console_harness import ADMIN, CASEWORKER_USER, PASSWORD


@pytest.fixture
def counted(console, clock):
    """A few weeks of counts in two languages: enough for every table and chart to say
    something, with a Tigrinya figure small enough to be hidden."""
    now = clock.now()
    with console.runtime.database.transaction() as session:
        counts = DailyCounts(session)
        for week in range(4):
            when = now - timedelta(weeks=week)
            for _ in range(9):
                counts.add(tallies.CONVERSATION_STARTED, when, "", "en", "england_wales")
                counts.add(tallies.CONSENT_GIVEN, when, "", "en", "england_wales")
                counts.add(tallies.TOPIC_OPENED, when, "nrm_what", "en", "england_wales")
            counts.add(tallies.PERSON_REQUESTED, when, "asked_for_person", "en", "england_wales")
            counts.add(tallies.PERSON_REQUESTED, when, "asked_for_person", "en", "england_wales")
        for _ in range(3):
            counts.add(tallies.CONVERSATION_STARTED, now, "", "ti", "scotland")
    return console


def test_an_administrator_sees_what_happened_with_small_figures_hidden(counted):
    counted.sign_in(ADMIN)
    page = counted.client.get("/insights")
    assert page.status_code == 200
    summary = page.text.split('id="table-summary"', 1)[1].split("</section>", 1)[0]
    assert "<td>New conversations</td><td>39</td>" in summary
    assert "<td>Requests for a person</td><td>8</td>" in summary
    languages = page.text.split('id="table-languages"', 1)[1].split("</section>", 1)[0]
    assert "<td>Tigrinya</td><td>fewer than 5</td>" in languages
    # English 36 would give Tigrinya's 3 back from the total of 39: it is hidden too.
    assert "<td>English</td><td>not shown</td>" in languages
    assert page.text.count("<svg") == 5 and "<script" not in page.text


def test_the_csv_shows_what_the_page_shows(counted):
    counted.sign_in(ADMIN)
    page = counted.client.get("/insights").text
    exported = counted.client.get("/insights/languages.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text)))[1:]
    assert rows[0][0] == "language"
    for row in rows[1:]:
        shown = "".join(f"<td>{cell}</td>" for cell in row)
        assert shown in page, row
    assert counted.client.get("/insights/nobody.csv").status_code == 404


def test_a_date_range_narrows_the_figures_and_bad_dates_get_a_kind_word(counted, clock):
    counted.sign_in(ADMIN)
    today = clock.now().date()
    week = counted.client.get(f"/insights?since={(today - timedelta(days=6)).isoformat()}")
    summary = week.text.split('id="table-summary"', 1)[1].split("</section>", 1)[0]
    assert "<td>New conversations</td><td>12</td>" in summary
    wrong = counted.client.get("/insights?since=yesterday")
    assert wrong.status_code == 200 and "Dates look like 2026-12-31." in wrong.text
    backwards = counted.client.get(f"/insights?since={today}&until={today - timedelta(days=3)}")
    assert "The first date must not be after the last." in backwards.text


def test_typed_messages_reach_the_page_through_a_conversation(console):
    chat = ChatDriver(console.runtime)
    chat.onboard()
    for _ in range(5):
        chat.text("banana bread recipe")
    console.sign_in(ADMIN)
    page = console.client.get("/insights").text
    screens = page.split('id="table-not_understood"', 1)[1].split("</section>", 1)[0]
    assert "<td>menu</td><td>5</td>" in screens


@pytest.mark.security
def test_a_caseworker_cannot_see_insights(console):
    console.sign_in(CASEWORKER_USER)
    assert console.client.get("/insights").status_code == 403
    assert console.client.get("/insights/summary.csv").status_code == 403


def test_the_charts_render_with_data_in_a_browser(counted, tmp_path):
    chromium = chromium_or_skip()
    with served(counted.client.app) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{address}/sign-in")
            page.get_by_label("Username").fill(ADMIN)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("link", name="Insights").first.click()
            # Both languages' figures are hidden (Tigrinya's 3, then English beside it).
            expect(page.locator("#chart-languages")).to_contain_text("Nothing to draw")
            for name in ("weeks", "funnel", "topics"):
                chart = page.locator(f"#chart-{name} svg")
                expect(chart).to_be_visible()
                box = chart.bounding_box()
                assert box is not None and box["width"] > 300 and box["height"] > 100
            # Drawn with data: the weekly lines have paths, the funnel its bars.
            assert page.locator("#chart-weeks path[stroke-width='3']").count() >= 2
            assert page.locator("#chart-funnel .bars rect").count() == 4
            shot = page.locator("#chart-funnel").screenshot(path=str(tmp_path / "funnel.png"))
            assert len(shot) > 2_000
            page.emulate_media(media="print")  # the monthly report, as printed to PDF
            expect(page.locator("header")).to_be_hidden()
            page.screenshot(path=str(tmp_path / "printed.png"), full_page=True)
        finally:
            browser.close()
