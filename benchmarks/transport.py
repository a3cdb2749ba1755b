"""An in-process Bot API: python-telegram-bot's real request path, with no network at all."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT = {"id": 1, "is_bot": True, "first_name": "Waypost", "username": "waypost_bench_bot"}


class InProcessRequest(BaseRequest):
    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.calls = 0

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        self.calls += 1
        endpoint = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        return 200, json.dumps({"ok": True, "result": self._result(endpoint, params)}).encode()

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return BOT
        if endpoint == "sendMessage":
            chat = int(params["chat_id"])
            return {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": chat, "type": "private"},
                "from": BOT,
                "text": params.get("text", ""),
            }
        return True


def message(update_id: int, chat_id: int, text: str, language: str = "en") -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "S"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "S", "language_code": language},
        "text": text,
    }
    if text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": body}


def press(update_id: int, chat_id: int, data: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": {"id": chat_id, "is_bot": False, "first_name": "S"},
            "chat_instance": "bench",
            "data": data,
            "message": {
                "message_id": update_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT,
                "text": "(earlier)",
            },
        },
    }
