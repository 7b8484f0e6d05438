"""/docs and /redoc served with the app's own copies of Swagger UI and ReDoc.

FastAPI's defaults load both from a CDN, which leaves blank pages offline or on an
intranet; the files come from the pinned npm packages in static/vendor/.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from entrypoints.web.rendering import templates
from entrypoints.web.vendor_assets import url

router = APIRouter(include_in_schema=False)
FAVICON = "/static/favicon.svg"


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} - API docs",
        swagger_js_url=url("swagger-ui-dist", "swagger-ui-bundle.js"),
        swagger_css_url=url("swagger-ui-dist", "swagger-ui.css"),
        swagger_favicon_url=FAVICON,
    )


# Not get_redoc_html: ReDoc would fetch Redocly's logo from their CDN (see the template).
@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "redoc.html",
        {"title": f"{request.app.title} - API reference", "openapi_url": request.app.openapi_url},
    )
