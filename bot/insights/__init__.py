"""Insights for the people who run Waypost: what it does and where it fails survivors, from daily
counts that never name anyone (bot/storage/counts.py), with every small number hidden so that no
figure, chart or export can point to a person."""
