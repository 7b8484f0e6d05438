"""The REST API (FastAPI), prefix /api/v1."""
