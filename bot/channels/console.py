"""Chat with Waypost in a terminal: the same engine and flows, buttons shown as numbers."""

from __future__ import annotations

from typing import TextIO

from bot.chat_keys import Channel, chat_key
from bot.conversation import Conversation
from bot.engine.events import COMMANDS, Command, Event, Press, Start, Text
from bot.engine.replies import ButtonView, ClearChat, DeleteMessages, Message, Reply

CHAT_KEY = chat_key(Channel.CONSOLE, "local")
CLEAR_SCREEN = "\033[3J\033[2J\033[H"
QUIT = "/quit"


class ConsoleChat:
    def __init__(self, conversation: Conversation, stdin: TextIO, stdout: TextIO) -> None:
        self.conversation = conversation
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = stdin.isatty() and stdout.isatty()
        self.buttons: tuple[ButtonView, ...] = ()

    def run(self, language: str | None = None) -> None:
        self._print(
            "Waypost chat. Type a number to choose, or write a message. "
            f"Commands: {', '.join('/' + name for name in COMMANDS)}. {QUIT} to leave."
        )
        self._show(
            self.conversation.handle(CHAT_KEY, Start(language, chosen=bool(language))).replies
        )
        while True:
            if self.interactive:
                self.stdout.write("> ")
                self.stdout.flush()
            line = self.stdin.readline()
            if not line or line.strip() == QUIT:
                return
            line = line.rstrip("\n")
            if not self.interactive:
                self._print(f"> {line}")
            self._show(self.conversation.handle(CHAT_KEY, self._event(line)).replies)

    def _event(self, line: str) -> Event:
        stripped = line.strip()
        if stripped.isdigit() and 1 <= int(stripped) <= len(self.buttons):
            return Press(self.buttons[int(stripped) - 1].data)
        if stripped.startswith("/") and len(stripped) > 1:
            name = stripped[1:].split()[0].lower()
            return Start() if name == "start" else Command(name)
        return Text(line)

    def _show(self, replies: list[Reply]) -> None:
        for reply in replies:
            if isinstance(reply, ClearChat):
                if self.interactive:
                    self.stdout.write(CLEAR_SCREEN)
                continue
            if isinstance(reply, DeleteMessages):
                continue  # a terminal cannot take back what was typed into it
            self._show_message(reply)

    def _show_message(self, message: Message) -> None:
        self._print("")
        self._print(message.text)
        if message.buttons:
            self.buttons = message.buttons
            for number, button in enumerate(message.buttons, start=1):
                self._print(f"  {number}. {button.label}")

    def _print(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()
