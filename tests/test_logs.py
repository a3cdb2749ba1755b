import io
import logging

import pytest
from telegram import Bot

from bot.logs import RedactToken, WithholdUpdates
from tests.fake_bot_api import TOKEN

pytestmark = pytest.mark.security


def test_the_token_is_blotted_out_wherever_it_appears():
    record = logging.LogRecord(
        "httpx", logging.ERROR, __file__, 1, "failed: %s", ("https://x/bot123:SECRET/getMe",), None
    )
    assert RedactToken("123:SECRET").filter(record)
    assert record.getMessage() == "failed: https://x/bot<token>/getMe"


async def test_a_batch_the_library_cannot_parse_is_logged_without_anyones_words(fake_api):
    """python-telegram-bot logs the whole raw batch at CRITICAL when one update is malformed:
    through Waypost's handler, the log keeps what happened and the update ids, not the text."""
    fake_api.push("message", {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}})
    fake_api.push("message", {"message_id": 2, "date": "never", "text": "he will kill me"})
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.addFilter(WithholdUpdates())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        async with Bot(TOKEN, base_url=fake_api.base_url) as bot:
            with pytest.raises(Exception):  # noqa: B017 - whatever the library raises
                await bot.get_updates(timeout=0)
    finally:
        root.removeHandler(handler)
    log = written.getvalue()
    assert "Error while parsing updates" in log and "2 update(s) withheld: ids [1, 2]" in log
    assert "kill" not in log and "Traceback" not in log
