"""Understanding what a survivor typed: danger first, in every language Waypost speaks.

The engine asks; channels never do. Nothing here knows of Telegram, storage or features.
"""
