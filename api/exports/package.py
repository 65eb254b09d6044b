"""GET /api/exports/datapackage.json: a Frictionless data package
(https://specs.frictionlessdata.io/data-package/) describing every CSV export and each of its
fields, from the same definitions the files are written from (api/exports/fields.py).

Paths are relative to the package's own address (/api/exports/), so a tool that loads the
package by its URL finds each file beside it; the package's filters are the files' filters.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from api.exports.fields import LIST, RESOURCES, Field

__all__ = ["RESOURCES", "package"]

LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}


def field_schema(field: Field) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": field.name,
        "type": field.type,
        "title": field.title,
        "description": field.description,
    }
    if field.type == "datetime":
        out["format"] = "any"  # "2026-05-08 10:00:00+00:00", as the CSV writes it
    constraints: dict[str, Any] = {}
    if field.enum:
        constraints["enum"] = list(field.enum)
    if field.required:
        constraints["required"] = True
    if constraints:
        out["constraints"] = constraints
    return out


def resource(name: str, query: list[tuple[str, str]], base: str) -> dict[str, Any]:
    title, fields = RESOURCES[name]
    filtered = f"?{urlencode(query)}" if query and name != "codes" else ""
    path = f"{base}{name}.csv{filtered}"
    schema: dict[str, Any] = {"fields": [field_schema(f) for f in fields],
                              "missingValues": [""]}
    if name == "pledges":
        schema["primaryKey"] = ["reference"]
    elif name != "codes":
        schema["foreignKeys"] = [
            {"fields": ["reference"], "reference": {"resource": "pledges", "fields": ["reference"]}}
        ]
    return {
        "name": name,
        "path": path,
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "profile": "tabular-data-resource",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "schema": schema,
    }


def package(
    query: list[tuple[str, str]], created: datetime, position: int, base: str = ""
) -> dict[str, Any]:
    """`base`: "" for paths relative to the package, else the address files are under."""
    return {
        "profile": "tabular-data-package",
        "name": "gcm-pledges",
        "title": "GCM pledges: the consolidated list",
        "description": (
            "Pledges made under the Global Compact for Safe, Orderly and Regular Migration, "
            "as published by the GCM Pledge Tracker: public data only, no contact or other "
            f"personal data. Cells holding several values separate them by '{LIST}'. Codes "
            "come with their labels (the codes file)."
        ),
        "created": created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "version": str(position),
        "licenses": [LICENSE],
        "keywords": ["GCM", "IMRF", "migration", "pledges"],
        "resources": [resource(name, query, base) for name in RESOURCES],
    }
