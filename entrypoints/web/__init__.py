"""The dashboard at `/` and the offline API docs: pages, templates and vendored files."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from entrypoints.web import docs, pages
from entrypoints.web.rendering import STATIC


def install(app: FastAPI) -> None:
    """Adds the pages, /docs, /redoc and /static to an app made with docs_url=None."""
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
