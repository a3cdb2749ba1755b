"""Logging that never carries what survivors write, who they are, or the bot token.

python-telegram-bot logs whole updates and API parameters at DEBUG, and httpx logs request
URLs (which contain the token) at INFO: those loggers are held at levels where they say
neither. Waypost's own log lines carry ids and error types, never text. As a last guard, the
handler `waypost run` installs blots out the token wherever it would appear.
"""

from __future__ import annotations

import logging

QUIET_LIBRARIES = {"telegram": logging.INFO, "httpx": logging.WARNING, "httpcore": logging.WARNING}


def quieten_libraries() -> None:
    for name, level in QUIET_LIBRARIES.items():
        logging.getLogger(name).setLevel(level)


class RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        return True


def configure(token: str | None) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if token:
        handler.addFilter(RedactToken(token))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    quieten_libraries()
