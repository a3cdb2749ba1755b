"""Noticing newly published content, so the bot serves it within seconds and without a restart.

The web console is another process: it publishes by writing the content files and recording a
version (`bot/admin/content.py`). The bot only needs the newest version's number, one small
query, and a way to serve the files as they now are, which the app hands in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import func, select

from bot.storage.database import Database
from bot.storage.models import ContentVersion

logger = logging.getLogger(__name__)


def published_version(database: Database) -> int | None:
    """The newest published version, or None before the first publication."""
    with database.transaction() as session:
        return session.scalar(select(func.max(ContentVersion.id)))


class ContentWatcher:
    """The bot's side of publishing: notice a newly published version and serve it.

    `reload` serves the content files as they are now and says whether they passed every check.
    """

    def __init__(self, database: Database, reload: Callable[[], bool]) -> None:
        self.database = database
        self.reload = reload
        self.serving = published_version(database)

    def check(self) -> bool:
        """Whether new content is now served (checked every few seconds: one small query)."""
        latest = published_version(self.database)
        if latest == self.serving:
            return False
        self.serving = latest  # a version that fails to load is not retried every few seconds
        if not self.reload():
            return False
        logger.info("serving content version %s", latest)
        return True
