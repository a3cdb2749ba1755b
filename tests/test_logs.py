import logging

from bot.logs import RedactToken


def test_the_token_is_blotted_out_wherever_it_appears():
    record = logging.LogRecord(
        "httpx", logging.ERROR, __file__, 1, "failed: %s", ("https://x/bot123:SECRET/getMe",), None
    )
    assert RedactToken("123:SECRET").filter(record)
    assert record.getMessage() == "failed: https://x/bot<token>/getMe"
