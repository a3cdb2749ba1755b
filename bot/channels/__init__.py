"""Channels: Telegram and the terminal, each adapting the transport-agnostic core."""

import os

# python-telegram-bot 22 is moving RetryAfter.retry_after from seconds to a timedelta and warns
# on every "429 Too Many Requests" until a bot opts in. Waypost reads both forms, so it opts in.
os.environ.setdefault("PTB_TIMEDELTA", "true")
