"""The flow model: nodes, buttons and what they say, the flow set, the glossary.

The engine runs it; bot/flows/ reads it from YAML and checks it; translation tooling extracts
its texts. So it is its own part of the core, depending on none of them.
"""
