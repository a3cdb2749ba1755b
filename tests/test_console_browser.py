"""The web console in a real browser (headless Chromium driven by Playwright): an administrator
changes an Albanian message, meets a broken transition, previews, publishes, sees the bot use
the new text and rolls back; a caseworker is kept out; forms need their CSRF token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from bot.engine.events import Start
from bot.flowmodel.flowset import callback_data
from bot.flows.watching import ContentWatcher
from tests.browser import CHROMIUM_ARGS, chromium_or_skip, served
from tests.chat_driver import ChatDriver
from tests.console_harness import ADMIN, CASEWORKER_USER, PASSWORD

WAIT_MS = 20_000  # a save checks the whole draft: seconds on a busy machine
OLD_ALBANIAN = "Çfarë doni të dini?"
NEW_ALBANIAN = "Çfarë kërkoni sot?"


@pytest.fixture
def page(console) -> Iterator[Page]:
    executable = chromium_or_skip()
    with served(console.client.app) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=address)
        context.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)
        yield context.new_page()
        context.close()
        browser.close()


def sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=f"Hello, {username}")).to_be_visible()


def menu_in_albanian(console) -> list[str]:
    chat = ChatDriver(console.runtime, chat_key="test:sq")
    chat.send(Start("sq", chosen=True))
    chat.press_data(callback_data("consent", "agree"))
    chat.press_data(callback_data("nation", "england_wales"))
    chat.command("menu")
    return chat.texts


def save(page: Page) -> None:
    page.locator("#save").click()
    expect(page.locator("#notice")).to_be_visible()


def test_an_administrator_edits_albanian_previews_publishes_and_rolls_back(console, page):
    watcher = ContentWatcher(console.runtime.database, console.runtime.reload_content)
    sign_in(page, ADMIN)

    page.get_by_role("link", name="Flows", exact=True).click()
    page.get_by_role("link", name="menu", exact=True).click()
    page.get_by_role("link", name="menu", exact=True).click()
    page.locator("#language").select_option("sq")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#tr-say-0")).to_have_value(OLD_ALBANIAN)
    page.locator("#tr-say-0").fill(NEW_ALBANIAN)
    save(page)
    expect(page.locator("#notice")).to_contain_text("Saved to the draft")

    page.locator("#goto-0").fill("nrm_intor")
    save(page)
    expect(page.locator("#goto-0-problems")).to_contain_text(
        "goes to node 'nrm_intor', which does not exist"
    )
    page.goto("/draft")
    expect(page.locator("#publish")).to_be_disabled()
    page.goto("/flows/menu/menu?language=sq")
    page.locator("#goto-0").fill("nrm_intro")
    save(page)
    expect(page.locator("#goto-0-problems")).to_have_count(0)

    page.goto("/preview?language=sq")
    page.locator(f'button[value="{callback_data("consent", "agree")}"]').click()
    page.locator(f'button[value="{callback_data("nation", "england_wales")}"]').click()
    page.locator("#preview-text").fill("/menu")
    page.locator("#send").click()
    expect(page.locator("#chat")).to_contain_text(NEW_ALBANIAN)
    assert OLD_ALBANIAN in menu_in_albanian(console)  # the bot still serves what was published

    page.goto("/draft")
    page.locator("#summary").fill("Albanian menu question")
    page.locator("#publish").click()
    expect(page.locator("#published")).to_be_visible()
    assert watcher.check()
    assert NEW_ALBANIAN in menu_in_albanian(console)

    page.locator("tr", has_text="as installed").get_by_role("button", name="Restore").click()
    expect(page.locator("#restored")).to_be_visible()
    assert watcher.check()
    assert OLD_ALBANIAN in menu_in_albanian(console)


@pytest.mark.security
def test_a_caseworker_is_kept_out_and_forms_need_their_csrf_token(console, page):
    sign_in(page, CASEWORKER_USER)
    expect(page.get_by_role("link", name="Flows")).to_have_count(0)
    answer = page.goto("/flows/menu/menu")
    assert answer is not None and answer.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()

    page.goto("/")
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    assert token
    publish = page.request.post("/publish", form={"summary": "mine", "csrf_token": token})
    assert publish.status == 403

    without = page.request.post("/sign-out", form={}, max_redirects=0)
    assert without.status == 403
    with_token = page.request.post("/sign-out", form={"csrf_token": token}, max_redirects=0)
    assert with_token.status == 303
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
