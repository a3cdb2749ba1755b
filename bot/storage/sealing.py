"""Encryption at rest for what survivors type: sealed with Fernet under WAYPOST_SECRET_KEY.

Several keys may be given, newest first: data is sealed with the first and opened with any,
so keys can be rotated (`waypost keys rotate`) without downtime.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SealingError(ValueError):
    """A key is malformed, or no key opens the data."""


class Keyring:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise SealingError("no key given")
        try:
            self._fernet = MultiFernet([Fernet(key.strip().encode()) for key in keys])
        except ValueError:
            raise SealingError(
                "a key is not a Fernet key (32 url-safe base64 bytes): "
                "make one with `waypost keys new`"
            ) from None

    @classmethod
    def from_setting(cls, value: str) -> Keyring:
        return cls([key for key in value.split(",") if key.strip()])

    @staticmethod
    def new_key() -> str:
        return Fernet.generate_key().decode()

    def seal(self, value: Any) -> str:
        return self._fernet.encrypt(json.dumps(value, ensure_ascii=False).encode()).decode()

    def open(self, token: str) -> Any:
        if not token:
            return None
        try:
            return json.loads(self._fernet.decrypt(token.encode()))
        except InvalidToken:
            raise SealingError(
                "survivors' data cannot be opened with WAYPOST_SECRET_KEY: is it the right key?"
            ) from None

    def reseal(self, token: str) -> str:
        """The same data, sealed with the newest key."""
        return self._fernet.rotate(token.encode()).decode() if token else token
