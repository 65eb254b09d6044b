"""The docs page, served with Swagger UI from the installed package: no CDN, works offline.

The page has no inline script (its settings are in /api/docs/init.js), so its CSP allows
scripts and styles from this site only (Swagger UI's icons are data: images); a browser test
checks that it renders and runs requests with no violation. A token typed into "Authorize"
lives as long as the page: `persistAuthorization` is off, so nothing is kept in storage.
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

DOCS_URL = "/api/docs"
ASSETS = f"{DOCS_URL}/assets"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-url="{openapi_url}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{docs}/init.js"></script>
</body>
</html>
"""
INIT = """"use strict";
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.url,
    domNode: root,
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    displayRequestDuration: true,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
"""


def install(app: FastAPI) -> None:
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
    page = PAGE.format(
        title=escape(f"{app.title}: API docs"),
        assets=ASSETS,
        docs=DOCS_URL,
        openapi_url=escape(app.openapi_url or "/api/openapi.json"),
    )

    @app.get(DOCS_URL, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(page, headers={"Content-Security-Policy": CSP})

    @app.get(f"{DOCS_URL}/init.js", include_in_schema=False)
    def init() -> Response:
        return Response(INIT, media_type="text/javascript; charset=utf-8")
