"""The preview: the real engine on the draft content, in a chat an administrator drives from
the console before publishing.

Each preview has its own throwaway SQLite database, so nothing in it touches a survivor, and a
request for a person or danger words made there open a case in that database only: nobody is
alerted. The draft is loaded as the bot would load it (`LoadContent`), once per version of the
draft, and a preview follows the draft as it changes, keeping its place in the conversation.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from bot.admin.content import ContentStore, fingerprint
from bot.admin.draft_problems import DraftProblem, content_problems
from bot.admin.loading import LoadContent
from bot.clock import Clock
from bot.config import DEMO_OPERATOR, Settings
from bot.conversation import Conversation
from bot.engine.actions import ActionRegistry
from bot.engine.engine import Content, Engine
from bot.engine.events import Command, Event, Press, Start, Text
from bot.engine.replies import ButtonView, ClearChat, Message, Reply
from bot.escalation.survivor_cases import SurvivorCases
from bot.storage.database import Database

IDLE_FOR = timedelta(hours=2)
MOST_OPEN = 20
LINES_KEPT = 200


@dataclass(frozen=True)
class Line:
    by: Literal["you", "bot", "note"]
    text: str
    buttons: tuple[ButtonView, ...] = ()


@dataclass(frozen=True)
class DraftLoad:
    """The draft as the bot would serve it, or why it cannot be (errors the bot refuses)."""

    fingerprint: str
    content: Content | None
    actions: ActionRegistry | None
    errors: list[DraftProblem]


class PreviewChat:
    """One administrator's chat with the draft."""

    def __init__(self, settings: Settings, clock: Clock, language: str) -> None:
        folder = tempfile.mkdtemp(prefix="waypost-preview-")
        # Removed on close, or at the latest when the console stops.
        self._remove_folder = weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
        self.database = Database(
            f"sqlite:///{Path(folder) / 'preview.sqlite3'}", settings.keyring()
        )
        self.database.migrate()
        self.clock = clock
        self.language = language
        self.operator = settings.operator or DEMO_OPERATOR
        self.lines: list[Line] = []
        self.used = clock.now()
        self._serving: str | None = None
        self._conversation: Conversation | None = None
        self._chats = 0

    @property
    def buttons(self) -> tuple[ButtonView, ...]:
        shown = [line for line in self.lines if line.buttons]
        return shown[-1].buttons if shown else ()

    def serve(self, draft: DraftLoad) -> None:
        """Use this version of the draft from the next message on."""
        assert draft.content is not None and draft.actions is not None
        if self._conversation is None:
            variables = {
                "operator_name": self.operator.name,
                "operator_contact": self.operator.contact,
            }
            engine = Engine(draft.content, draft.actions, self.clock, variables)
            self._conversation = Conversation(
                self.database, engine, self.clock, cases=SurvivorCases
            )
        elif draft.fingerprint != self._serving:
            self._conversation.engine.publish(draft.content, draft.actions)
            self._note("The draft changed: from here on the preview shows it as it is now.")
        self._serving = draft.fingerprint

    def restart(self, language: str) -> None:
        """A new chat, as a survivor opening the bot for the first time in `language`."""
        self.language, self.lines = language, []
        self._chats += 1
        self.send(Start(language, chosen=True))

    def send(self, event: Event, said: str | None = None) -> None:
        assert self._conversation is not None, "serve the draft first"
        self.used = self.clock.now()
        if said is not None:
            self.lines.append(Line("you", said))
        outcome = self._conversation.handle(f"preview:{self._chats}", event)
        for reply in outcome.replies:
            self._show(reply)
        del self.lines[:-LINES_KEPT]

    def typed(self, text: str) -> None:
        """What the administrator typed, as the Telegram channel reads it (commands too)."""
        stripped = text.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            name = stripped[1:].split()[0].lower()
            self.send(Start(self.language, chosen=True) if name == "start" else Command(name), text)
        else:
            self.send(Text(text), text)

    def pressed(self, data: str) -> None:
        label = next((b.label for b in self.buttons if b.data == data), data)
        self.send(Press(data), f"[{label}]")

    def close(self) -> None:
        self.database.close()
        self._remove_folder()

    def _show(self, reply: Reply) -> None:
        if isinstance(reply, ClearChat):
            self.lines = []
            self._note("Quick exit: the bot deleted what it could of this chat.")
        elif isinstance(reply, Message):
            self.lines.append(Line("bot", reply.text, reply.buttons))

    def _note(self, text: str) -> None:
        self.lines.append(Line("note", text))


class Previews:
    """Every open preview, by a random key kept in its administrator's session: few, and
    closed when idle for a while, so throwaway databases do not pile up."""

    def __init__(
        self, store: ContentStore, settings: Settings, clock: Clock, load_content: LoadContent
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.load_content = load_content
        self.lock = threading.RLock()  # held for a whole page's work on a preview
        self._open: dict[str, PreviewChat] = {}
        self._loaded: DraftLoad | None = None

    def draft(self) -> DraftLoad:
        """The draft, loaded once for each version of it."""
        files = self.store.draft_files()
        key = fingerprint(files)
        if self._loaded is not None and self._loaded.fingerprint == key:
            return self._loaded
        with self.store.materialised(files) as settings:
            loaded = self.load_content(settings, self.clock.now().date())
            if loaded.result.errors:
                errors = content_problems(loaded.result.errors, files)
                self._loaded = DraftLoad(key, None, None, errors)
            else:
                self._loaded = DraftLoad(key, loaded.served(), loaded.actions, [])
        return self._loaded

    def chat(self, key: str) -> PreviewChat | None:
        return self._open.get(key)

    def open(self, key: str, language: str) -> PreviewChat:
        self._close_idle()
        chat = PreviewChat(self.settings, self.clock, language)
        self._open[key] = chat
        return chat

    def close(self, key: str | None = None) -> None:
        """Close one preview, or all of them (when the console stops)."""
        keys = [key] if key is not None else list(self._open)
        for name in keys:
            if (chat := self._open.pop(name, None)) is not None:
                chat.close()

    def _close_idle(self) -> None:
        now: datetime = self.clock.now()
        for key, chat in list(self._open.items()):
            if now - chat.used > IDLE_FOR:
                self.close(key)
        while len(self._open) >= MOST_OPEN:
            self.close(min(self._open, key=lambda k: self._open[k].used))
