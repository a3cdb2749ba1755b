"""The fake Bot API server (tests/fake_bot_api.py) in a process of its own.

In the bot's process its Python work (a thread per connection, JSON both ways) would compete
with the bot for the GIL and for time; in its own process it has its own interpreter, and it
can run on the other core. `python -m benchmarks.loopback_api` prints the server's address,
serves until its standard input closes, then prints how many calls of each method it answered.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

from bot.config import PROJECT_ROOT
from tests.fake_bot_api import FakeBotApi


class LoopbackApi:
    """The parent's end: start the server process, read its address, stop it for its counts."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.loopback_api"],
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self.base_url = self._process.stdout.readline().strip()
        if not self.base_url.startswith("http://"):
            self._process.kill()
            raise RuntimeError(f"the fake Bot API server did not start: {self.base_url!r}")

    def stop(self) -> Counter[str]:
        """Answered calls by method (getMe, sendMessage, answerCallbackQuery...)."""
        output, _ = self._process.communicate(timeout=30)
        return Counter(json.loads(output))


def main() -> None:
    api = FakeBotApi().start()
    print(api.base_url, flush=True)
    sys.stdin.read()  # until the parent closes our standard input
    api.stop()
    print(json.dumps(Counter(call.method for call in api.calls if not call.failed)), flush=True)


if __name__ == "__main__":
    main()
