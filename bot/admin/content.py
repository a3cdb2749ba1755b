"""Draft, check, publish and restore content: flow files and translation catalogues.

Edits are drafts (rows in `content_drafts`) until published. Publishing checks the draft with
exactly the rules of `waypost flows check`, writes each changed file atomically, and records a
version with every content file as it now is, so any version can be restored; the running bot
notices the new version and serves it without a restart (`bot/flows/watching.py`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, func, select

from bot.admin.loading import LoadContent
from bot.clock import Clock
from bot.config import Settings
from bot.flows.checking import ContentReport, check_content
from bot.flows.watching import published_version
from bot.storage.database import Database
from bot.storage.models import ContentDraft, ContentVersion

logger = logging.getLogger(__name__)

FLOWS, LOCALES = "flows", "locales"
AS_INSTALLED = "as installed, before the first publication"


class PublishRefused(Exception):
    def __init__(self, report: ContentReport) -> None:
        super().__init__(f"{len(report.errors)} error(s)")
        self.report = report


@dataclass(frozen=True)
class DraftInfo:
    path: str
    changed_by: str
    changed_at: datetime


@dataclass(frozen=True)
class VersionInfo:
    id: int
    published_by: str
    published_at: datetime
    summary: str


class ContentStore:
    def __init__(
        self, settings: Settings, database: Database, clock: Clock, load_content: LoadContent
    ) -> None:
        self.settings = settings
        self.database = database
        self.clock = clock
        self.load_content = load_content
        self._editing = threading.Lock()
        self._checking = threading.Lock()
        self._checked: tuple[tuple[str, date], ContentReport] | None = None

    # what there is

    def live_files(self) -> dict[str, str]:
        """Every content file, by its path under `flows/` or `locales/`."""
        files: dict[str, str] = {}
        for prefix, root, pattern in (
            (FLOWS, self.settings.flows_dir, "**/*.yaml"),
            (LOCALES, self.settings.locales_dir, "*/LC_MESSAGES/*.po"),
        ):
            for path in sorted(root.glob(pattern)):
                files[f"{prefix}/{path.relative_to(root).as_posix()}"] = path.read_text("utf-8")
        return files

    def drafts(self) -> dict[str, str]:
        with self.database.transaction() as session:
            return {d.path: d.text for d in session.scalars(select(ContentDraft))}

    def draft_files(self) -> dict[str, str]:
        """The content as it would be published now: live files with the drafts over them."""
        return {**self.live_files(), **self.drafts()}

    # editing

    def save_draft(self, path: str, text: str, who: str) -> ContentReport:
        """Keep the change (even a broken one, so it can be fixed) and check the whole draft."""
        return self.save_drafts({path: text}, who)

    def save_drafts(self, changed: dict[str, str], who: str) -> ContentReport:
        """Several files changed by one edit, kept together, then one check of the draft. A file
        changed back to what is published is no longer a draft."""
        live = self.live_files()
        for path in changed:
            if path not in live:
                raise KeyError(path)
        with self.database.transaction() as session:
            for path, text in changed.items():
                draft = session.get(ContentDraft, path)
                if text == live[path]:
                    if draft is not None:
                        session.delete(draft)
                elif draft is None:
                    session.add(
                        ContentDraft(
                            path=path, text=text, changed_by=who, changed_at=self.clock.now()
                        )
                    )
                else:
                    draft.text, draft.changed_by, draft.changed_at = text, who, self.clock.now()
        return self.check_draft()

    def change_drafts(
        self, change: Callable[[dict[str, str]], dict[str, str]], who: str
    ) -> dict[str, str]:
        """Work out an edit on the draft as it is and save it, with no other edit in between,
        so two administrators saving at once both keep their work. `change` gets the draft's
        files and returns those it changes."""
        with self._editing:
            changed = change(self.draft_files())
            if changed:
                self.save_drafts(changed, who)
            return changed

    def draft_changes(self) -> list[DraftInfo]:
        """Who changed each file of the draft, and when."""
        with self.database.transaction() as session:
            rows = session.scalars(select(ContentDraft).order_by(ContentDraft.path))
            return [DraftInfo(row.path, row.changed_by, row.changed_at) for row in rows]

    def discard_drafts(self) -> None:
        with self.database.transaction() as session:
            session.execute(delete(ContentDraft))

    def check_draft(self) -> ContentReport:
        """The draft checked like `waypost flows check` (a second or so, so the last answer is
        kept while the draft and the day stay the same: pages can show it as they load)."""
        files = self.draft_files()
        key = (fingerprint(files), self.clock.now().date())
        with self._checking:
            if self._checked is not None and self._checked[0] == key:
                return self._checked[1]
            with self.materialised(files) as settings:
                report = check_content(settings, self.load_content(settings, key[1]))
            self._checked = (key, report)
            return report

    @contextmanager
    def materialised(self, files: dict[str, str]) -> Iterator[Settings]:
        """The files in a folder of their own, and settings that read content from there."""
        with tempfile.TemporaryDirectory(prefix="waypost-draft-") as folder:
            root = Path(folder)
            for name, text in files.items():
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, "utf-8")
            (root / LOCALES).mkdir(exist_ok=True)
            yield replace(self.settings, flows_dir=root / FLOWS, locales_dir=root / LOCALES)

    # publishing

    def publish(self, who: str, summary: str) -> VersionInfo:
        drafts = self.drafts()
        if not drafts:
            raise ValueError("nothing to publish")
        report = self.check_draft()
        if not report.publishable:
            raise PublishRefused(report)
        return self._write(drafts, who, summary)

    def restore(self, version_id: int, who: str) -> VersionInfo:
        """Serve an earlier version again; it becomes the newest version (history is kept)."""
        with self.database.transaction() as session:
            version = session.get(ContentVersion, version_id)
            if version is None:
                raise KeyError(version_id)
            files = _unpack(version.files)
        live = self.live_files()
        changed = {name: text for name, text in files.items() if live.get(name) != text}
        self.discard_drafts()
        return self._write(changed, who, f"restored version {version_id}")

    def versions(self) -> list[VersionInfo]:
        with self.database.transaction() as session:
            rows = session.scalars(select(ContentVersion).order_by(ContentVersion.id.desc()))
            return [_info(row) for row in rows]

    def latest_version(self) -> int | None:
        return published_version(self.database)

    def _write(self, changed: dict[str, str], who: str, summary: str) -> VersionInfo:
        now = self.clock.now()
        with self.database.transaction() as session:
            if session.scalar(select(func.count()).select_from(ContentVersion)) == 0:
                session.add(
                    ContentVersion(
                        published_by=who,
                        published_at=now,
                        summary=AS_INSTALLED,
                        files=_pack(self.live_files()),
                    )
                )
        for name, text in changed.items():
            _write_atomically(self._live_path(name), text)
        with self.database.transaction() as session:
            version = ContentVersion(
                published_by=who,
                published_at=now,
                summary=f"{summary} ({', '.join(sorted(changed))})" if changed else summary,
                files=_pack(self.live_files()),
            )
            session.add(version)
            session.execute(delete(ContentDraft))
            session.flush()
            return _info(version)

    def _live_path(self, name: str) -> Path:
        prefix, _, rest = name.partition("/")
        root = self.settings.flows_dir if prefix == FLOWS else self.settings.locales_dir
        path = (root / rest).resolve()
        if root.resolve() not in path.parents:
            raise ValueError(f"{name} is outside the content folders")
        return path


def fingerprint(files: dict[str, str]) -> str:
    """Names and texts of a set of content files, hashed: equal only for the same content."""
    digest = hashlib.sha256()
    for name in sorted(files):
        for part in (name, files[name]):
            encoded = part.encode("utf-8")
            digest.update(len(encoded).to_bytes(8, "big"))
            digest.update(encoded)
    return digest.hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    """A reader (the bot) sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def _pack(files: dict[str, str]) -> bytes:
    return zlib.compress(json.dumps(files, ensure_ascii=False).encode("utf-8"))


def _unpack(blob: bytes) -> dict[str, str]:
    files: dict[str, str] = json.loads(zlib.decompress(blob).decode("utf-8"))
    return files


def _info(row: ContentVersion) -> VersionInfo:
    return VersionInfo(row.id, row.published_by, row.published_at, row.summary)
