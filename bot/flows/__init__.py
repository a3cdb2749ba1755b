"""Conversation content: the YAML flow format, its loader and its checks."""
