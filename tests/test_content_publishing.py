"""Publishing content from the web console: checked like `flows check`, written atomically,
versioned, restorable, and served by the running bot without a restart."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from bot.admin.content import AS_INSTALLED, ContentStore, PublishRefused
from bot.app import build_runtime, load_for_console
from bot.config import PROJECT_ROOT
from bot.flows.watching import ContentWatcher
from tests.chat_driver import ChatDriver
from tests.conftest import FIXTURES

MENU = "flows/menu.yaml"
QUESTION = "What would you like to know?"


@pytest.fixture
def runtime(settings, clock, tmp_path):
    shutil.copytree(PROJECT_ROOT / "flows", tmp_path / "flows")
    shutil.copytree(FIXTURES / "locales", tmp_path / "locales")
    local = replace(settings, flows_dir=tmp_path / "flows", locales_dir=tmp_path / "locales")
    runtime = build_runtime(local, clock)
    yield runtime
    runtime.close()


@pytest.fixture
def store(runtime) -> ContentStore:
    return ContentStore(runtime.settings, runtime.database, runtime.clock, load_for_console)


def test_a_broken_edit_is_kept_as_a_draft_but_cannot_be_published(store, runtime):
    live = store.live_files()[MENU]
    broken = live.replace("goto: nrm_intro", "goto: nrm_intor", 1)
    report = store.save_draft(MENU, broken, "ana")
    [error] = report.errors
    assert error.path.name == "menu.yaml" and "nrm_intor" in error.message
    assert store.drafts() == {MENU: broken}
    with pytest.raises(PublishRefused):
        store.publish("ana", "typo")
    assert (runtime.settings.flows_dir / "menu.yaml").read_text() == live
    assert store.versions() == []


def test_publish_is_served_at_once_and_an_earlier_version_can_be_restored(store, runtime):
    watcher = ContentWatcher(runtime.database, runtime.reload_content)
    chat = ChatDriver(runtime)
    chat.onboard()
    live = store.live_files()[MENU]
    store.save_draft(MENU, live.replace(QUESTION, "What do you need to know?"), "ana")
    version = store.publish("ana", "friendlier menu")
    assert [v.summary for v in store.versions()] == [
        "friendlier menu (flows/menu.yaml)",
        AS_INSTALLED,
    ]
    assert version.published_by == "ana" and store.drafts() == {}

    assert watcher.check()
    chat.command("menu")
    assert chat.texts[0] == "What do you need to know?"
    assert not watcher.check()  # nothing new

    first = store.versions()[-1]
    store.restore(first.id, "ben")
    assert (runtime.settings.flows_dir / "menu.yaml").read_text() == live
    assert watcher.check()
    chat.command("menu")
    assert chat.texts[0] == QUESTION
    assert store.versions()[0].summary.startswith(f"restored version {first.id}")


def test_a_translation_edit_is_published_like_a_flow(store, runtime):
    watcher = ContentWatcher(runtime.database, runtime.reload_content)
    path = "locales/sq/LC_MESSAGES/messages.po"
    catalogue = store.live_files()[path]
    store.save_draft(path, catalogue.replace("Çfarë dëshironi të dini?", "Çfarë kërkoni?"), "ana")
    store.publish("ana", "Albanian menu")
    assert watcher.check()
    chat = ChatDriver(runtime)
    chat.start()
    chat.press("Shqip")
    chat.press("Po, në rregull")
    chat.command("menu")
    assert "Çfarë kërkoni?" in chat.texts
