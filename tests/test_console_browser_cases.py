"""A caseworker in a real browser: signs in, finds a case, claims it, resolves it; the flow
editor is not theirs."""

from __future__ import annotations

from playwright.sync_api import expect, sync_playwright

from bot.escalation.staff import StaffRepository
from tests.browser import CHROMIUM_ARGS, chromium_or_skip, served
from tests.chat_driver import ChatDriver
from tests.console_harness import (
    CASEWORKER_TELEGRAM_ID,
    CASEWORKER_USER,
    PASSWORD,
)


def test_a_caseworker_claims_and_resolves_a_case_in_a_browser(console, clock):
    chromium = chromium_or_skip()
    with console.runtime.database.transaction() as session:
        StaffRepository(session).add_caseworker(CASEWORKER_TELEGRAM_ID, "Ben", clock.now())
    survivor = ChatDriver(console.runtime, chat_key="telegram:4242")
    survivor.onboard()
    survivor.ask_for_a_person()

    with served(console.client.app) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{address}/")
            page.get_by_label("Username").fill(CASEWORKER_USER)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("heading", name="Hello, ben")).to_be_visible()

            page.get_by_role("link", name="Cases", exact=True).first.click()
            page.get_by_role("link", name="Case #1").click()
            expect(page.locator("#case-state")).to_have_text("Waiting. Opened just now.")
            page.get_by_role("button", name="Claim").click()
            expect(page.locator("#case-state")).to_contain_text("Claimed by Ben.")
            expect(page.get_by_text("Interpreter: needed")).to_be_visible()

            page.get_by_role("button", name="Resolve").click()
            expect(page.locator("#case-state")).to_contain_text("Resolved just now.")
            expect(page.get_by_role("cell", name="resolved", exact=True)).to_be_visible()

            refused = page.goto(f"{address}/flows")
            assert refused is not None and refused.status == 403
            expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
        finally:
            browser.close()
