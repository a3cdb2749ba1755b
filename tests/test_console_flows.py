"""The flow editor, the draft, publishing, versions and the preview, through the console's web
pages (Starlette's TestClient), on a copy of the bundled content."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from bot.admin.content import ContentStore
from bot.admin.node_translations import translations_in
from bot.app import load_for_console
from bot.engine.events import Start
from bot.flowmodel.flowset import callback_data
from bot.flows.watching import ContentWatcher
from bot.storage.models import Case, OutboxMessage
from tests.chat_driver import ChatDriver
from tests.console_harness import ADMIN, CASEWORKER_USER, ConsoleUnderTest

MENU = "flows/menu.yaml"
ALBANIAN = "locales/sq/LC_MESSAGES/messages.po"
VIETNAMESE = "locales/vi/LC_MESSAGES/messages.po"
QUESTION = "What would you like to know?"


@pytest.fixture
def admin(console) -> ConsoleUnderTest:
    console.sign_in(ADMIN)
    return console


@pytest.fixture
def store(console) -> ContentStore:
    runtime = console.runtime
    return ContentStore(runtime.settings, runtime.database, runtime.clock, load_for_console)


def edit_node(console, flow, node, language=None, csrf=True, **fields):
    """Open the node's page and send its form as a browser would, with these fields changed
    (`say_0` is the field `say-0`)."""
    page = console.client.get(f"/flows/{flow}/{node}", params={"language": language or ""})
    assert page.status_code == 200, page.text
    data = EditorForm.of(page.text) | {k.replace("_", "-"): v for k, v in fields.items()}
    if not csrf:
        del data["csrf_token"]
    return console.client.post(f"/flows/{flow}/{node}", data=data)


class EditorForm(HTMLParser):
    """The fields the node editor's form sends: its inputs and text areas, boxes unticked."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._textarea: str | None = None

    @classmethod
    def of(cls, page: str) -> dict[str, str]:
        parser = cls()
        parser.feed(page)
        return parser.fields

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form":
            self._in_form = named.get("method") == "post" and named.get("action") == ""
        elif self._in_form and tag == "input" and named.get("type") != "checkbox":
            self.fields[named["name"] or ""] = named.get("value") or ""
        elif self._in_form and tag == "textarea":
            self._textarea = named["name"]
            self.fields[self._textarea or ""] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} on the page"
    return found[1]


def field_problems(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-problems"[^>]*>(.*?)</ul>', page, re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>|\s+", " ", found[1])) if found else ""


def publish(console, summary="a change"):
    token = console.form_token("/draft")
    return console.client.post("/publish", data={"summary": summary, "csrf_token": token})


def chat_in(console, language):
    chat = ChatDriver(console.runtime, chat_key=f"test:{language}")
    chat.send(Start(language, chosen=True))
    chat.press_data(callback_data("consent", "agree"))
    chat.press_data(callback_data("nation", "england_wales"))
    return chat


def test_the_flows_page_lists_every_flow_and_marks_the_ones_changed_in_the_draft(admin):
    page = admin.client.get("/flows")
    assert page.status_code == 200
    assert 'href="/flows/menu"' in page.text and "Main menu" in page.text
    assert "2026-11-23" in page.text and "changed in the draft" not in page.text
    edit_node(admin, "menu", "menu", say_0="What do you want to know?")
    assert "changed in the draft" in admin.client.get("/flows").text
    nodes = admin.client.get("/flows/menu")
    assert 'href="/flows/menu/human_gender"' in nodes.text
    assert admin.client.get("/flows/no_such_flow").status_code == 404
    assert admin.client.get("/flows/menu/no_such_node").status_code == 404


def test_an_english_edit_changes_one_line_of_the_flow_and_the_translations_follow(admin, store):
    live = store.live_files()[MENU]
    page = edit_node(admin, "menu", "menu", say_0="What do you want to know?")
    assert page.status_code == 200 and "Saved to the draft" in page.text
    draft = store.drafts()
    assert draft[MENU] == live.replace(f'"{QUESTION}"', '"What do you want to know?"')
    albanian = translations_in(draft[ALBANIAN], "menu/menu")
    assert QUESTION not in albanian
    assert albanian["What do you want to know?"].fuzzy  # not shown until someone checks it
    assert store.live_files()[MENU] == live  # nothing published


def test_an_albanian_edit_is_kept_unreviewed_unless_a_native_speaker_checked_it(admin, store):
    page = edit_node(admin, "menu", "menu", language="sq", tr_say_0="Çfarë kërkoni?")
    assert 'lang="sq"' in page.text and "Çfarë kërkoni?" in page.text
    entry = translations_in(store.drafts()[ALBANIAN], "menu/menu")[QUESTION]
    assert (entry.text, entry.unreviewed) == ("Çfarë kërkoni?", True)
    assert set(store.drafts()) == {ALBANIAN}  # the flow file is untouched

    edit_node(admin, "menu", "menu", language="sq", tr_say_0="Çfarë kërkoni?", reviewed="yes")
    entries = translations_in(store.drafts()[ALBANIAN], "menu/menu")
    assert not entries[QUESTION].unreviewed
    assert not entries["More to learn"].unreviewed  # every translation on the page was checked


def test_a_right_to_left_language_is_edited_right_to_left(admin):
    page = admin.client.get("/flows/menu/menu", params={"language": "ar"})
    assert 'id="tr-say-0" dir="rtl"' in page.text
    assert 'id="say-0">' in page.text and 'lang="en" dir="ltr"' in page.text


def test_a_broken_transition_is_shown_by_its_field_and_cannot_be_published(admin, store):
    live = store.live_files()[MENU]
    page = edit_node(admin, "menu", "menu", goto_0="nrm_intor")
    problems = field_problems(page.text, "goto-0")
    assert "goes to node 'nrm_intor', which does not exist" in problems
    assert field_problems(page.text, "say-0") == ""

    draft = admin.client.get("/draft")
    assert "cannot be published until they are fixed" in draft.text
    assert re.search(r'id="publish"\s+disabled', draft.text)
    refused = publish(admin)
    assert refused.status_code == 409 and "Not published" in refused.text
    assert store.live_files()[MENU] == live and store.versions() == []

    fixed = edit_node(admin, "menu", "menu", goto_0="nrm_intro")
    assert field_problems(fixed.text, "goto-0") == ""
    assert store.drafts() == {}  # back as published: nothing left to publish


def test_an_emptied_message_is_an_error_by_its_field_and_the_catalogues_are_left_alone(
    admin, store
):
    live = store.live_files()
    page = edit_node(admin, "menu", "menu", language="sq", say_0="  ")
    assert "at least 1 character" in field_problems(page.text, "say-0")
    assert set(store.drafts()) == {MENU}
    assert store.drafts()[MENU] == live[MENU].replace(f'"{QUESTION}"', '""')
    assert not store.check_draft().publishable


def test_plain_language_figures_are_shown_and_a_hard_message_is_flagged(admin):
    page = admin.client.get("/flows/menu/menu")
    assert re.search(r'id="say-0-figures">\s*Reading grade [-\d.]+, 6 words\s*<', page.text)
    hard = (
        "Notwithstanding administrative considerations, comprehensive organisational "
        "documentation necessitates extraordinarily meticulous verification."
    )
    page = edit_node(admin, "menu", "menu", say_0=hard)
    assert "over the limits, make it plainer" in page.text
    assert "reading grade" in field_problems(page.text, "say-0")


def test_publishing_writes_the_file_and_the_running_bot_serves_it_at_once(admin, store):
    watcher = ContentWatcher(admin.runtime.database, admin.runtime.reload_content)
    edit_node(admin, "menu", "menu", say_0="What do you want to know?")
    done = publish(admin, "friendlier menu")
    assert done.status_code == 200 and "Published as version" in done.text
    assert "friendlier menu" in done.text
    assert (
        '"What do you want to know?"'
        in (admin.runtime.settings.flows_dir / "menu.yaml").read_text()
    )
    assert store.drafts() == {}
    assert watcher.check()
    chat = chat_in(admin, "en")
    chat.command("menu")
    assert chat.texts[0] == "What do you want to know?"


def test_a_vietnamese_change_is_published_and_served(admin):
    watcher = ContentWatcher(admin.runtime.database, admin.runtime.reload_content)
    edit_node(admin, "menu", "menu", language="vi", tr_say_0="Hôm nay bạn muốn biết gì?")
    assert publish(admin, "Vietnamese menu").status_code == 200
    assert watcher.check()
    chat = chat_in(admin, "vi")
    chat.command("menu")
    assert "Hôm nay bạn muốn biết gì?" in chat.texts


def test_an_earlier_version_can_be_restored_and_is_served(admin, store):
    watcher = ContentWatcher(admin.runtime.database, admin.runtime.reload_content)
    live = store.live_files()[MENU]
    edit_node(admin, "menu", "menu", say_0="What do you want to know?")
    publish(admin)
    watcher.check()
    [_newest, installed] = store.versions()
    page = admin.client.get("/versions")
    assert f'action="/versions/{installed.id}/restore"' in page.text
    token = hidden(page.text, "csrf_token")
    restored = admin.client.post(f"/versions/{installed.id}/restore", data={"csrf_token": token})
    assert restored.status_code == 200 and "Restored" in restored.text
    assert (admin.runtime.settings.flows_dir / "menu.yaml").read_text() == live
    assert watcher.check()
    chat = chat_in(admin, "en")
    chat.command("menu")
    assert chat.texts[0] == QUESTION
    missing = admin.client.post("/versions/999/restore", data={"csrf_token": token})
    assert missing.status_code == 404


def test_publishing_needs_a_summary_and_discarding_empties_the_draft(admin, store):
    edit_node(admin, "menu", "menu", say_0="What do you want to know?")
    assert publish(admin, summary="  ").status_code == 400
    assert store.versions() == []
    token = admin.form_token("/draft")
    assert admin.client.post("/discard", data={"csrf_token": token}).status_code == 200
    assert store.drafts() == {}
    assert "Nothing is waiting to be published" in admin.client.get("/draft").text


def test_a_save_from_a_page_older_than_the_node_is_refused(admin, store):
    old_page = admin.client.get("/flows/menu/menu")
    edit_node(admin, "menu", "menu", say_0="What do you want to know?")
    stale = admin.client.post(
        "/flows/menu/menu",
        data={
            "csrf_token": hidden(old_page.text, "csrf_token"),
            "seen": hidden(old_page.text, "seen"),
            "label-0": "NRM?",
        },
    )
    assert stale.status_code == 409 and "nothing was saved" in stale.text
    assert '"What is the NRM?"' in store.drafts()[MENU]


@pytest.mark.security
def test_a_caseworker_cannot_reach_the_editor_nor_publish(console, store):
    console.sign_in(CASEWORKER_USER)
    for path in ("/flows", "/flows/menu/menu", "/draft", "/versions", "/preview"):
        assert console.client.get(path).status_code == 403, path
    store.save_draft(MENU, store.live_files()[MENU].replace(QUESTION, "Hacked?"), "ana")
    token = console.form_token("/")  # the caseworker's own, valid token
    refused = console.client.post("/publish", data={"summary": "mine", "csrf_token": token})
    assert refused.status_code == 403
    edit = console.client.post("/flows/menu/menu", data={"csrf_token": token, "say-0": "x"})
    assert edit.status_code == 403
    assert store.versions() == [] and "Hacked?" not in store.live_files()[MENU]


@pytest.mark.security
def test_a_save_without_its_csrf_token_is_refused_and_with_it_succeeds(admin, store):
    refused = edit_node(admin, "menu", "menu", csrf=False, say_0="What do you want to know?")
    assert refused.status_code == 403 and store.drafts() == {}
    saved = edit_node(admin, "menu", "menu", say_0="What do you want to know?")
    assert saved.status_code == 200 and set(store.drafts()) >= {MENU}


def test_the_preview_runs_the_draft_in_the_chosen_language(admin, store):
    edit_node(admin, "onboarding", "consent", language="sq", tr_say_5="A pajtoheni me këtë?")
    page = admin.client.get("/preview", params={"language": "sq"})
    assert "A pajtoheni me këtë?" in page.text
    assert "A jeni dakord me këtë?" not in page.text
    token = hidden(page.text, "csrf_token")

    after = admin.client.post(
        "/preview?language=sq", data={"csrf_token": token, "press": "consent/agree"}
    )
    assert 'value="nation/england_wales"' in after.text  # the next screen's buttons
    albanian = translations_in(store.live_files()[ALBANIAN], "onboarding/danger")
    danger = albanian["I am worried about you. Your safety comes first."].text
    after = admin.client.post(
        "/preview?language=sq", data={"csrf_token": token, "text": "I want to kill myself"}
    )
    assert danger in after.text and "999" in after.text
    with admin.runtime.database.transaction() as session:  # the preview alerted nobody real
        assert session.scalar(select(func.count()).select_from(Case)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0

    english = admin.client.get("/preview", params={"language": "en"})
    assert "Is this OK?" in english.text and "A pajtoheni" not in english.text
    again = admin.client.post("/preview?language=en", data={"csrf_token": token, "reset": "yes"})
    assert again.text.count("Is this OK?") == 1


def test_the_preview_says_why_a_draft_the_bot_would_refuse_cannot_be_tried(admin):
    edit_node(admin, "menu", "menu", goto_0="nrm_intor")
    page = admin.client.get("/preview")
    assert "The bot would refuse this draft" in page.text
    assert "nrm_intor" in html.unescape(page.text)
