"""Benchmarks: Waypost's own cost per update, beside a baseline measured in the same run."""
