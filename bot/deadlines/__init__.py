"""Deadlines that follow a decision: worked out from rules kept in content, and reminded."""
