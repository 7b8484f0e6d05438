"""Where the dashboard's templates and static files are, and the Jinja2 environment."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from entrypoints.web.vendor_assets import url

HERE = Path(__file__).parent
STATIC = HERE / "static"

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["vendor_url"] = url
