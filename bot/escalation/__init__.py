"""Escalation: noticing danger, and bringing a person in."""
