"""The transport-agnostic conversation engine: state and an event in, replies and new state out."""
