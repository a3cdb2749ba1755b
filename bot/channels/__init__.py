"""Channels adapt the transport-agnostic core to a way of talking: Telegram, or a terminal."""
