"""Logging that never carries what survivors write, who they are, or the bot token.

python-telegram-bot logs whole updates and API parameters at DEBUG, and httpx logs request
URLs (which contain the token) at INFO: those loggers are held at levels where they say
neither. Waypost's own log lines carry ids and error types, never text. As a last guard, the
handler `waypost run` installs blots out the token wherever it would appear, and withholds the
raw updates python-telegram-bot logs at CRITICAL when it cannot parse a batch (they hold other
survivors' words).
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


class WithholdUpdates(logging.Filter):
    """A library record that carries raw Telegram data (a dict or list of updates) keeps its
    words and the update ids, and loses the data and the traceback (whose message may quote it):
    the exception's type is enough to know what went wrong."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("telegram") or not isinstance(record.args, tuple):
            return True
        if not any(isinstance(arg, dict | list) for arg in record.args):
            return True
        record.args = tuple(_withheld(arg) for arg in record.args)
        if record.exc_info and record.exc_info[0] is not None:
            record.msg = f"{record.msg} ({record.exc_info[0].__name__})"
            record.exc_info, record.exc_text = None, None
        return True


def _withheld(value: object) -> object:
    if isinstance(value, dict):
        return f"<update {value.get('update_id')} withheld>"
    if isinstance(value, list):
        ids = [item.get("update_id") for item in value if isinstance(item, dict)]
        return f"<{len(value)} update(s) withheld: ids {ids}>"
    return value


def configure(token: str | None) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(WithholdUpdates())
    if token:
        handler.addFilter(RedactToken(token))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    quieten_libraries()
