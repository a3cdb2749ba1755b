"""Waypost: a multilingual Telegram chatbot for survivors of modern slavery in the UK."""
