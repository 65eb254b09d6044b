"""GET /static/{name}: the pages' stylesheet and script, from the package (no CDN)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.pages.assets import ASSETS, BRIEFLY, FOREVER
from api.pages.web import error_page

router = APIRouter(include_in_schema=False)


@router.get("/static/{name}")
def static_file(request: Request, name: str, v: str | None = None) -> Response:
    asset = ASSETS.get(name)
    if asset is None:
        return error_page(request, 404, "Not found", "There is no such file.")
    cache = FOREVER if v == asset.digest else BRIEFLY
    headers = {"Cache-Control": cache, "ETag": asset.etag}
    if request.headers.get("if-none-match") == asset.etag:
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)
