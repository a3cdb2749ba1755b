"""A fake Telegram Bot API server on loopback: updates in, recorded API calls out.

The real python-telegram-bot Application talks to it over HTTP exactly as it would to Telegram.
It answers `getUpdates` after a short wait (not a 10-second long poll) so starting and stopping
a bot in a test is quick, and disables Nagle's algorithm so small responses are not held back.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

TOKEN = "123456:TEST-TOKEN"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Waypost", "username": "waypost_test_bot"}
SHORT_POLL_SECONDS = 0.05
THROTTLED_METHODS = ("sendMessage", "copyMessage")
TOO_MANY_REQUESTS = {
    "ok": False,
    "error_code": 429,
    "description": "Too Many Requests: retry after 1",
    "parameters": {"retry_after": 1},
}


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    failed: bool = False
    """The fake answered this call with an error (see `fail_next`)."""
    result: Any = None
    """What the fake answered, when it accepted the call (a sent message, with its id)."""

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of each inline button, top to bottom."""
        markup = self.params.get("reply_markup") or {}
        rows = markup.get("inline_keyboard", [])
        return [(button["text"], button["callback_data"]) for row in rows for button in row]


class FakeBotApi:
    def __init__(self, token: str = TOKEN, limit_per_second: int | None = None) -> None:
        """With `limit_per_second`, messages beyond it in any second get Telegram's 429."""
        self.token = token
        self.limit_per_second = limit_per_second
        self.throttled = 0
        self._accepted_at: deque[float] = deque()  # time.monotonic() of recent messages
        self.calls: list[ApiCall] = []
        self.polls = 0
        self.last_update_id = 0
        self.acknowledged_update_id = 0
        self.failures: list[tuple[str, int | None, int, dict[str, Any]]] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._condition = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/bot"

    def start(self) -> FakeBotApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # feeding updates

    def push(self, kind: str, payload: dict[str, Any], update_id: int | None = None) -> int:
        """Queue an update; give `update_id` to deliver one again, as Telegram does after a
        bot died before confirming it."""
        with self._condition:
            update_id = update_id if update_id is not None else next(self._update_ids)
            self.last_update_id = max(self.last_update_id, update_id)
            self._updates.append({"update_id": update_id, kind: payload})
            self._condition.notify_all()
        return update_id

    def send_text(
        self,
        chat_id: int,
        text: str,
        chat_type: str = "private",
        language_code: str | None = "en",
        user_id: int | None = None,
    ) -> int:
        message = self.text_message(chat_id, text, chat_type, language_code, user_id)
        self.push("message", message)
        return message["message_id"]

    def text_message(
        self,
        chat_id: int,
        text: str,
        chat_type: str = "private",
        language_code: str | None = "en",
        user_id: int | None = None,
    ) -> dict[str, Any]:
        message = self._message(chat_id, chat_type, language_code, user_id)
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return message

    def edit_text(self, chat_id: int, message_id: int, text: str) -> None:
        message = self._message(chat_id, "private", "en", None)
        message.update(message_id=message_id, text=text, edit_date=int(time.time()))
        self.push("edited_message", message)

    def send_sticker(self, chat_id: int) -> int:
        message = self._message(chat_id, "private", "en", None)
        message["sticker"] = {
            "file_id": "sticker-1",
            "file_unique_id": "u1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        self.push("message", message)
        return message["message_id"]

    def press(
        self,
        chat_id: int,
        data: str,
        language_code: str | None = "en",
        user_id: int | None = None,
        chat_type: str = "private",
        message_id: int | None = None,
    ) -> None:
        """Press an inline button on a message in `chat_id` (by default the survivor's own)."""
        self.push(
            "callback_query",
            {
                "id": str(next(self._update_ids)),
                "from": _user(user_id or abs(chat_id), language_code),
                "chat_instance": f"ci-{chat_id}",
                "data": data,
                "message": {
                    "message_id": message_id or next(self._message_ids),
                    "date": int(time.time()),
                    "chat": _chat(chat_id, chat_type),
                    "from": BOT_USER,
                    "text": "(an earlier message)",
                },
            },
        )

    def add_bot_to_group(self, chat_id: int, by_user: int) -> None:
        self.push(
            "my_chat_member",
            {
                "chat": _chat(chat_id, "group"),
                "from": _user(by_user, "en"),
                "date": int(time.time()),
                "old_chat_member": {"status": "left", "user": BOT_USER},
                "new_chat_member": {"status": "member", "user": BOT_USER},
            },
        )

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        chat_id: int | None = None,
        **parameters: Any,
    ) -> None:
        """The next call to `method` (for `chat_id`, if given) gets this error, not success."""
        answer = {"ok": False, "error_code": status, "description": description}
        if parameters:
            answer["parameters"] = parameters
        with self._condition:
            self.failures.append((method, chat_id, status, answer))

    def _message(
        self, chat_id: int, chat_type: str, language_code: str | None, user_id: int | None
    ) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": _chat(chat_id, chat_type),
            "from": _user(user_id or abs(chat_id), language_code),
        }

    # observing calls

    def calls_to(self, method: str, chat_id: int | None = None) -> list[ApiCall]:
        with self._condition:
            return self._matching(method, chat_id)

    def accepted(self, method: str, chat_id: int | None = None) -> list[ApiCall]:
        """Calls the fake answered with success: what Telegram would have delivered."""
        return [call for call in self.calls_to(method, chat_id) if not call.failed]

    def all_updates_fetched(self) -> bool:
        return self.acknowledged_update_id >= self.last_update_id

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        with self._condition:
            return self._condition.wait_for(predicate, timeout)

    async def wait_for_calls(
        self, method: str, count: int, chat_id: int | None = None, timeout: float = 10.0
    ) -> list[ApiCall]:
        """Wait until at least `count` calls to `method` were made; return them all."""

        def enough() -> bool:
            return len(self._matching(method, chat_id)) >= count

        if not await asyncio.to_thread(self.wait_until, enough, timeout):
            seen = [call.method for call in self.calls]
            raise AssertionError(f"expected {count} {method} call(s) within {timeout}s; saw {seen}")
        return self.calls_to(method, chat_id)

    def _matching(self, method: str, chat_id: int | None) -> list[ApiCall]:
        return [
            call
            for call in self.calls
            if call.method == method and (chat_id is None or call.chat_id == chat_id)
        ]

    # answering

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._take_updates(params)}
        with self._condition:
            call = ApiCall(method, params)
            self.calls.append(call)
            self._condition.notify_all()
            for index, (failing, chat_id, status, answer) in enumerate(self.failures):
                if failing == method and chat_id in (None, call.chat_id):
                    del self.failures[index]
                    call.failed = True
                    return status, answer
            if method in THROTTLED_METHODS and self._over_limit():
                call.failed = True
                self.throttled += 1
                return 429, TOO_MANY_REQUESTS
            result = call.result = self._result(method, params)
        if result is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method"}
        return 200, {"ok": True, "result": result}

    def _over_limit(self) -> bool:
        """Like Telegram's flood control: count the messages accepted in the last second."""
        if self.limit_per_second is None:
            return False
        now = time.monotonic()
        while self._accepted_at and self._accepted_at[0] <= now - 1.0:
            self._accepted_at.popleft()
        if len(self._accepted_at) >= self.limit_per_second:
            return True
        self._accepted_at.append(now)
        return False

    def _take_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        with self._condition:
            # Asking from `offset` on tells Telegram every earlier update was received.
            self.acknowledged_update_id = max(self.acknowledged_update_id, offset - 1)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates:
                self._condition.wait(SHORT_POLL_SECONDS)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.polls += 1
            self._condition.notify_all()
            return list(self._updates)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False}
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            chat_id = int(params["chat_id"])
            message = {
                "message_id": int(params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": _chat(chat_id, "private" if chat_id > 0 else "supergroup"),
                "from": BOT_USER,
                "text": params.get("text", "(unchanged)"),
            }
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "copyMessage":
            return {"message_id": next(self._message_ids)}
        if method in (
            "deleteMessage",
            "deleteMessages",
            "answerCallbackQuery",
            "leaveChat",
            "setMyCommands",
            "setWebhook",
            "deleteWebhook",
            "close",
            "logOut",
        ):
            return True
        return None


def _chat(chat_id: int, chat_type: str) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "Survivor"
    else:
        chat["title"] = "Some group"
    return chat


def _user(user_id: int, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Survivor"}
    if language_code:
        user["language_code"] = language_code
    return user


def _handler_for(api: FakeBotApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            self._serve()

        def do_GET(self) -> None:
            self._serve()

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            prefix = f"/bot{api.token}/"
            if not self.path.startswith(prefix):
                self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                return
            method = self.path[len(prefix) :].split("?")[0]
            self._reply(*api.answer(method, _decode(body, self.headers.get("Content-Type", ""))))

        def _reply(self, status: int, payload: dict[str, Any]) -> None:
            body = json.dumps(payload).encode()
            head = (
                f"HTTP/1.1 {status} {'OK' if status == 200 else 'Error'}\r\n"
                "Content-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            # One write for head and body: with Nagle on, two small writes stall ~40 ms.
            self.wfile.write(head + body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests read the recorded calls instead."""

    return Handler


def _decode(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body)
    params: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params
