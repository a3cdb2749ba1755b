"""A real browser on the web console: headless Chromium (Debian's package) driven by Playwright.

The console is served by uvicorn on a free loopback port in a thread of the test process. Under
CI=true a missing browser fails the run; elsewhere the browser tests are skipped with a reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from starlette.applications import Starlette

CHROMIUM = os.environ.get("WAYPOST_CHROMIUM", "/usr/bin/chromium")
# Without these Chromium tries to reach Google's services at every start, which this closed
# network refuses, many connections at a time.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_or_skip() -> str:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"no browser at {CHROMIUM}: CI must install Debian's chromium package")
    pytest.skip(f"no browser at {CHROMIUM} (install Debian's chromium package)")


@contextmanager
def served(app: Starlette) -> Iterator[str]:
    """The app on http://127.0.0.1:<free port> until the block ends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the console did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
