"""Test servers and data generators shared by tests/ and bench/."""
