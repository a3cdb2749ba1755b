"""Time from a new process to a ready bot, with all flows and languages loaded and checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from bot.storage.sealing import Keyring

READY = (
    "from bot.app import build_runtime; from bot.config import Settings; import os; "
    "build_runtime(Settings.from_environ(os.environ)).close()"
)


def seconds_to_ready(flows_dir: Path | None = None) -> float:
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "WAYPOST_DATABASE_URL": f"sqlite:///{folder}/startup.sqlite3",
            "WAYPOST_SECRET_KEY": Keyring.new_key(),
        }
        if flows_dir is not None:
            env["WAYPOST_FLOWS_DIR"] = str(flows_dir)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", READY], env=env, cwd=PROJECT_ROOT, check=True)
        return time.perf_counter() - started


def ten_times_the_content(target: Path) -> Path:
    """The bundled flows, plus nine renamed copies of every topic linked from the menu.

    Node ids are renamed where flows name nodes (`id`, `goto`, `typed_goto`, `next`), not as
    text, so actions and pickers keep their names; a copy's nodes that only code or another
    flow leads to (the reminders' "I could not go", say) get a menu button of their own.
    """
    import shutil

    import yaml

    shutil.copytree(PROJECT_ROOT / "flows", target)
    topic_files = sorted((PROJECT_ROOT / "flows").glob("*.yaml"))
    menu_links = []
    for copy in range(1, 10):
        for path in topic_files:
            data = yaml.safe_load(path.read_text())
            if not data.get("consent_required", True) or data["flow"] == "menu":
                continue
            renamed = {node["id"]: f"{node['id']}_{copy}" for node in data["nodes"]}
            nodes = [_rename_nodes(node, renamed) for node in data["nodes"]]
            data_copy = {**data, "flow": f"{data['flow']}_copy{copy}", "nodes": nodes}
            (target / f"{data['flow']}_copy{copy}.yaml").write_text(yaml.safe_dump(data_copy))
            menu_links += _entries(nodes)
    menu = target / "menu.yaml"
    links = "".join(f'      - {{label: "More {i}", goto: {n}}}\n' for i, n in enumerate(menu_links))
    menu.write_text(menu.read_text().replace("    buttons:\n", "    buttons:\n" + links, 1))
    return target


def _rename_nodes(value: Any, renamed: dict[str, str], key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _rename_nodes(v, renamed, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename_nodes(item, renamed, key) for item in value]
    if key in ("id", "goto", "typed_goto", "next") and isinstance(value, str):
        return renamed.get(value, value)
    return value


def _entries(nodes: list[dict[str, Any]]) -> list[str]:
    """The copy's first node, and each node no other node of the copy leads to."""
    led_to = set()
    for node in nodes:
        text = json.dumps({k: v for k, v in node.items() if k != "id"})
        led_to |= {other["id"] for other in nodes if f'"{other["id"]}"' in text}
    return [nodes[0]["id"], *(n["id"] for n in nodes[1:] if n["id"] not in led_to)]
