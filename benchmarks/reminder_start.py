"""One bot start on an existing database, in a fresh process, as `waypost run` starts it.

`python -m benchmarks.reminder_start NOW` (the database and key from the environment, as for the
bot): build the runtime (content loaded and checked, database migrated), the Telegram channel
and application (no network yet), then the reminders' first round, as the tick the bot starts
with runs it: silent check-ins, one `collect()` (planning what fell due, handing out up to a
round of messages) and `next_due()` for the timed run. Prints one line of JSON: what the round
found, the time of each phase from the top of this module, and the process's peak memory
(RSS, from the kernel: nothing else ran in this process to inflate it).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

from bot.app import build_runtime  # noqa: E402
from bot.channels.telegram.application import TelegramChannel  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.escalation.silent_checkins import escalate_silent_checkins  # noqa: E402


def peak_rss_bytes() -> int:
    """This process's peak RSS. On Linux from /proc (VmHWM): `getrusage`'s ru_maxrss survives
    exec, so in a child it is never below the peak of the parent it was forked from (the
    benchmark run, with everything it did before)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024  # kilobytes but on macOS
    kilobytes = next(line.split()[1] for line in status.splitlines() if line[:6] == "VmHWM:")
    return int(kilobytes) * 1024


def main() -> None:
    phases = {"imports": time.perf_counter() - STARTED}
    clock = ManualClock(datetime.fromisoformat(sys.argv[1]))
    runtime = build_runtime(Settings.from_environ(os.environ), clock)
    phases["build_runtime"] = time.perf_counter() - STARTED
    channel = TelegramChannel(runtime.telegram_services())
    channel.build_application()
    courier = channel.reminders.courier
    phases["application"] = time.perf_counter() - STARTED
    escalated = escalate_silent_checkins(runtime.database, clock)
    first_round = courier.collect()
    phases["collect"] = time.perf_counter() - STARTED
    next_due = courier.next_due()
    phases["next_due"] = time.perf_counter() - STARTED
    runtime.close()
    found = {
        "escalated": len(escalated),
        "first_round": len(first_round),
        "next_due": None if next_due is None else next_due.isoformat(),
    }
    print(json.dumps({**found, "phases": phases, "peak_rss": peak_rss_bytes()}))


if __name__ == "__main__":
    main()
