"""Time from a new process to a ready bot, with all flows and languages loaded and checked."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    """The bundled flows, plus nine renamed copies of every topic linked from the menu."""
    import shutil

    import yaml

    shutil.copytree(PROJECT_ROOT / "flows", target)
    topic_files = [p for p in (PROJECT_ROOT / "flows").glob("*.yaml")]
    menu_links = []
    for copy in range(1, 10):
        for path in topic_files:
            data = yaml.safe_load(path.read_text())
            if not data.get("consent_required", True) or data["flow"] == "menu":
                continue
            ids = {node["id"] for node in data["nodes"]}
            text = path.read_text()
            for node_id in sorted(ids, key=len, reverse=True):
                text = text.replace(node_id, f"{node_id}_{copy}")
            data_copy = yaml.safe_load(text)
            data_copy["flow"] = f"{data['flow']}_copy{copy}"
            (target / f"{data['flow']}_copy{copy}.yaml").write_text(yaml.safe_dump(data_copy))
            menu_links.append(data_copy["nodes"][0]["id"])
    menu = target / "menu.yaml"
    links = "".join(f'      - {{label: "More {i}", goto: {n}}}\n' for i, n in enumerate(menu_links))
    menu.write_text(menu.read_text().replace("    buttons:\n", "    buttons:\n" + links, 1))
    return target
