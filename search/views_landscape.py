"""The IP landscape page (IPランドスケープ) and its chart exports (SVG, CSV)."""

from __future__ import annotations

import csv
from datetime import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from listings.exports import BOM, neutralize_cell

from .landscape import landscape_get
from .landscape_charts import landscape_page_charts, landscape_url

EXPORT_FORMATS = ("svg", "csv")


@require_GET
def landscape_index(request):
    """Charts of supply and demand by field, IPC, region, owner and time."""
    data = landscape_get(user=request.user)
    page = landscape_page_charts(data=data, user=request.user, params=request.GET)
    state = {"ipc": page.ipc, "measure": page.measure}
    return render(
        request,
        "search/landscape.html",
        {
            "data": data,
            "built_at_display": _when(data.get("built_at")),
            "page": page,
            "charts": page.charts,
            "state_query": landscape_url(**state).partition("?")[2],
            "measure_links": [
                (value, landscape_url(ipc=page.ipc, measure=value))
                for value in ("supply", "demand")
            ],
        },
    )


def _when(value) -> str:
    try:
        return datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value or "")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(chart) -> str:
    writer = csv.writer(_Echo())
    lines = [writer.writerow(["key", "label", *chart.columns])]
    for row in chart.rows:
        cells = [row.key, row.label, *row.values]
        lines.append(writer.writerow([neutralize_cell(str(c)) for c in cells]))
    return BOM + "".join(lines)


@require_GET
def landscape_export(request, chart: str, fmt: str):
    """One chart as an SVG file or its table as CSV (same filters as the page)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("Unknown export format.")
    data = landscape_get(user=request.user)
    page = landscape_page_charts(data=data, user=request.user, params=request.GET)
    found = page.charts.get(chart)
    if found is None:
        raise Http404("No such chart.")
    filename = f"{found.export_stem}.{fmt}"
    if fmt == "svg":
        body = '<?xml version="1.0" encoding="UTF-8"?>\n' + found.svg
        response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    else:
        response = HttpResponse(_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
