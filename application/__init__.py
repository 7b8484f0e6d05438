"""Use cases the entrypoints call: run or trigger a collection cycle, read what was stored."""
