"""Entrypoints: CLI, API, scheduler and the composition root that wires them."""
