"""Drive the conversation core directly, as a channel would, and read its replies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.app import Runtime
from bot.clock import ManualClock
from bot.engine.events import Command, Event, Press, Start, Text
from bot.engine.replies import ButtonView, Message, Reply
from bot.engine.state import SurvivorState
from bot.storage.survivors import SurvivorRepository

PAUSE = timedelta(seconds=1)


@dataclass
class ChatDriver:
    runtime: Runtime
    chat_key: str = "test:1"
    replies: list[Reply] = field(default_factory=list)

    def send(self, event: Event) -> list[Reply]:
        _a_moment_passes(self.runtime)
        self.replies = self.runtime.conversation.handle(self.chat_key, event).replies
        return self.replies

    def start(self, hint: str | None = None) -> list[Reply]:
        return self.send(Start(hint))

    def command(self, name: str) -> list[Reply]:
        return self.send(Command(name))

    def text(self, text: str) -> list[Reply]:
        return self.send(Text(text))

    def press(self, label: str) -> list[Reply]:
        """Press the button with this label on the last message that had buttons."""
        button = next((b for b in self.buttons if b.label == label), None)
        assert button is not None, f"no button {label!r}; have {[b.label for b in self.buttons]}"
        return self.send(Press(button.data))

    def press_data(self, data: str) -> list[Reply]:
        return self.send(Press(data))

    def onboard(self, nation_label: str = "England or Wales") -> None:
        self.start()
        self.press("English")
        self.press("Yes, that is OK")
        self.press(nation_label)

    def ask_for_a_person(self) -> list[Reply]:
        """Through "Talk to a person", answering only the questions asked (each is asked once)."""
        self.command("human")
        replies = self.press("Ask the Waypost team to contact me")
        for label in ("Yes", "A woman", "Yes, they can see them"):
            if label in self.labels:
                replies = self.press(label)
        return replies

    @property
    def texts(self) -> list[str]:
        return [reply.text for reply in self.replies if isinstance(reply, Message)]

    @property
    def buttons(self) -> tuple[ButtonView, ...]:
        with_buttons = [r for r in self.replies if isinstance(r, Message) and r.buttons]
        return with_buttons[-1].buttons if with_buttons else ()

    @property
    def labels(self) -> list[str]:
        return [button.label for button in self.buttons]

    @property
    def state(self) -> SurvivorState | None:
        with self.runtime.database.transaction() as session:
            return SurvivorRepository(session).find(self.chat_key)


def _a_moment_passes(runtime: Runtime) -> None:
    """People take a second or two between messages (and the flood limit counts them)."""
    if isinstance(runtime.clock, ManualClock):
        runtime.clock.advance(PAUSE)
