"""The Telegram channel: python-telegram-bot at the edge, the core behind it.

`application` receives survivors' updates, `staff` serves caseworkers, `outbox` and
`outbox_plans` deliver what the core left in the outbox, `reminders` sends reminders on time,
`pacing` keeps every request within Telegram's limits and `markup` draws the buttons; the app
hands it all it works with (`services`).
"""
