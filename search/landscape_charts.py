"""The landscape page's charts, built from the aggregates dict of ``landscape_get``.

Each chart is one :class:`Chart`: the SVG (from ``search.charts``), the rows
of its table view and CSV export, and where each item links. The rows are the
dict's own numbers, so the table, the CSV and the picture always agree.
Everything here depends on the size of the dict only (tens to a few hundred
items), never on the number of listings; ``landscape_page_charts`` caches the
result per snapshot, language and view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.constants import OrganizationKind
from accounts.selectors import membership_list_active, user_is_platform_admin

from . import charts
from .selectors import landscape_demand_by_size_band, landscape_owner_supply

MEASURES = ("supply", "demand")
VIEWS = ("public", "tlo", "admin")
CACHE_SECONDS = 15 * 60
SEARCH_PARAM = {
    "strategic_field": "strategic_field",
    "ipc_class": "ipc",
    "ipc": "ipc",
    "prefecture": "prefecture",
    "university": "owner",
    "offer": "offer",
    "license_type": "license_type",
}


@dataclass
class ChartRow:
    key: str
    label: str
    values: list
    href: str = ""  # into search, with the item's filter
    drill: str = ""  # deeper into the landscape (IPC)
    review: str = ""  # the coordinators' review queue
    emphasis: bool = False


@dataclass
class Chart:
    key: str
    title: str
    description: str
    svg: SafeString
    columns: list[str]
    rows: list[ChartRow]
    notes: list[str] = field(default_factory=list)
    wide: bool = False
    export_stem: str = ""  # download name without extension


@dataclass(frozen=True)
class Viewer:
    """Which variant of the page a user gets."""

    kind: str  # one of VIEWS
    organization: object = None

    @property
    def cache_part(self) -> str:
        org = getattr(self.organization, "pk", "")
        return f"{self.kind}:{org}"


def landscape_viewer(user) -> Viewer:
    """Coordinators get the admin view, TLO staff their own organisation's view."""
    if user_is_platform_admin(user):
        return Viewer("admin")
    for membership in membership_list_active(user=user):
        if membership.organization.kind == OrganizationKind.UNIVERSITY:
            return Viewer("tlo", membership.organization)
    return Viewer("public")


def label_of(item: dict, language: str) -> str:
    if language.startswith("en"):
        return item.get("label_en") or item.get("label_ja") or item.get("key", "")
    return item.get("label_ja") or item.get("label_en") or item.get("key", "")


def search_url(param: str, value: str) -> str:
    return reverse("search:search") + "?" + urlencode({param: value})


def landscape_url(**params) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("landscape:index") + ("?" + query if query else "")


def ipc_path(data: dict, ipc: str) -> list[dict]:
    """The IPC nodes from the top down to ``ipc`` ([] for the top level or junk)."""
    path: list[dict] = []
    nodes = data.get("ipc") or []
    for depth in (1, 3):
        if len(ipc) < depth:
            break
        node = next((n for n in nodes if n["key"] == ipc[:depth]), None)
        if node is None:
            break
        path.append(node)
        nodes = node.get("children") or []
    return path


def _series() -> tuple[charts.Series, charts.Series]:
    return (
        charts.Series("supply", _("Listings (supply)"), charts.SUPPLY),
        charts.Series("demand", _("Needs (demand)"), charts.DEMAND),
    )


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


# --- one builder per chart ------------------------------------------------------


def _fields_chart(data, language, viewer, own) -> Chart:
    supply, demand = _series()
    bars, rows = [], []
    columns = [_("Listings (supply)"), _("Needs (demand)")]
    if own is not None:
        columns += [_("Your organisation"), _("Your share")]
    for item in data["strategic_fields"]:
        label = label_of(item, language)
        href = search_url("strategic_field", item["key"]) if item["key"] else ""
        mine = own.get(item["key"], 0) if own is not None else None
        bars.append(
            charts.Bar(
                item["key"],
                label,
                (item["supply"], item["demand"]),
                href,
                highlight=min(mine, item["supply"]) if mine else None,
            )
        )
        values = [item["supply"], item["demand"]]
        if own is not None:
            values += [mine, _pct(mine, item["supply"])]
        rows.append(ChartRow(item["key"], label, values, href))
    title = _("Strategic fields: supply and demand")
    description = _(
        "Published listings and active needs in each of the strategic fields, "
        "side by side; the last row counts those in no field."
    )
    svg = charts.bar_chart(
        chart_id="chart-fields-svg",
        title=title,
        description=description,
        series=(supply, demand),
        bars=bars,
        highlight_label=_("Your organisation") if own is not None else "",
        width=1000,
    )
    return Chart("fields", title, description, mark_safe(svg), columns, rows, wide=True)


def _ipc_chart(data, language, ipc, measure) -> tuple[Chart, list[dict]]:
    path = ipc_path(data, ipc)
    nodes = path[-1].get("children", []) if path else data.get("ipc") or []
    level = len(path)
    tiles, rows = [], []
    for node in nodes:
        label = label_of(node, language)
        section = node["key"][:1]
        colour = charts.CATEGORICAL[(ord(section) - ord("A")) % len(charts.CATEGORICAL)]
        href = search_url("ipc", node["key"])
        drill = (
            landscape_url(ipc=node["key"], measure=measure) + "#chart-ipc"
            if level < 2 and node.get("children")
            else ""
        )
        tiles.append(
            charts.Tile(
                node["key"],
                label,
                node[measure],
                drill or href,
                detail=f"{_('Listings (supply)')} {node['supply']:,} / "
                f"{_('Needs (demand)')} {node['demand']:,}",
                colour=colour,
            )
        )
        rows.append(
            ChartRow(node["key"], label, [node["supply"], node["demand"]], href, drill)
        )
    if path:
        where = " › ".join(f"{n['key']} {label_of(n, language)}" for n in path)
        title = _("IPC: %(where)s") % {"where": where}
    else:
        title = _("IPC sections")
    if measure == "supply":
        description = _(
            "Each tile is an IPC group, sized by its number of listings. Select a "
            "tile to open its classes, or a class to open its subclasses."
        )
    else:
        description = _(
            "Each tile is an IPC group, sized by its number of needs. Select a "
            "tile to open its classes, or a class to open its subclasses."
        )
    svg = charts.treemap(
        chart_id="chart-ipc-svg",
        title=title,
        description=description,
        tiles=tiles,
        width=1000,
        height=440,
        empty_text=_("Nothing to show yet."),
    )
    chart = Chart(
        "ipc",
        title,
        description,
        mark_safe(svg),
        [_("Listings (supply)"), _("Needs (demand)")],
        rows,
        wide=True,
    )
    crumbs = [{"label": _("All sections"), "url": landscape_url(measure=measure)}]
    for node in path:
        crumbs.append(
            {
                "label": f"{node['key']} {label_of(node, language)}",
                "url": landscape_url(ipc=node["key"], measure=measure),
                "search": search_url("ipc", node["key"]),
            }
        )
    return chart, crumbs


def _short_prefecture(label: str, language: str) -> str:
    if language.startswith("en") or label == "北海道":
        return label
    return label[:-1] if label[-1:] in "都府県" else label


def _prefectures_chart(data, language, measure) -> Chart:
    other = "demand" if measure == "supply" else "supply"
    cells, rows = [], []
    supply_label, demand_label = _("Listings (supply)"), _("Needs (demand)")
    labels = {"supply": supply_label, "demand": demand_label}
    for item in data["prefectures"]:
        label = label_of(item, language)
        href = search_url("prefecture", item["key"])
        cells.append(
            charts.MapCell(
                item["key"],
                label,
                _short_prefecture(label, language),
                item[measure],
                href,
                detail=f"{labels[other]} {item[other]:,}",
            )
        )
        rows.append(
            ChartRow(item["key"], label, [item["supply"], item["demand"]], href)
        )
    if measure == "supply":
        title = _("Listings by prefecture")
        description = _(
            "Japan's 47 prefectures as equal tiles; the darker the tile, the "
            "more listings (by the listing's region, else the owner's)."
        )
    else:
        title = _("Needs by prefecture")
        description = _(
            "Japan's 47 prefectures as equal tiles; the darker the tile, the "
            "more needs (by the need's region, else the company's)."
        )
    svg = charts.tile_map(
        chart_id="chart-prefectures-svg",
        title=title,
        description=description,
        cells=cells,
        ramp=charts.BLUES if measure == "supply" else charts.ORANGES,
        legend_title=labels[measure],
    )
    return Chart(
        "prefectures",
        title,
        description,
        mark_safe(svg),
        [supply_label, demand_label],
        rows,
    )


def _universities_chart(data, language, viewer, own) -> Chart:
    supply = _series()[0]
    own_slug = getattr(viewer.organization, "slug", None)
    bars, rows = [], []
    for item in data["universities"]:
        label = label_of(item, language)
        href = search_url("owner", item["key"]) if item["key"] != "_other" else ""
        mine = item["key"] == own_slug
        bars.append(
            charts.Bar(
                item["key"],
                label,
                (item["supply"],),
                href,
                highlight=item["supply"] if mine else None,
                emphasis=mine,
            )
        )
        rows.append(ChartRow(item["key"], label, [item["supply"]], href, emphasis=mine))
    title = _("Top owners by listings")
    description = _(
        "The universities and other owners with the most published listings."
    )
    svg = charts.bar_chart(
        chart_id="chart-universities-svg",
        title=title,
        description=description,
        series=(supply,),
        bars=bars,
        highlight_label=_("Your organisation") if own_slug else "",
        width=480,
    )
    chart = Chart(
        "universities", title, description, mark_safe(svg), [supply.label], rows
    )
    if own is not None and own_slug not in {
        item["key"] for item in data["universities"]
    }:
        chart.notes.append(
            _("Your organisation has %(n)s published listings (not in the top list).")
            % {"n": f"{own.get('*', 0):,}"}
        )
    return chart


def _small_chart(data, language, key, axis, title, description, param) -> Chart:
    supply, demand = _series()
    items = data[axis]
    two = bool(items) and "demand" in items[0]
    series = (supply, demand) if two else (supply,)
    bars, rows = [], []
    for item in items:
        label = label_of(item, language)
        name, _sep, value = item["key"].partition(":")
        href = search_url(name, value) if value else search_url(param, item["key"])
        numbers = [item["supply"], item["demand"]] if two else [item["supply"]]
        bars.append(charts.Bar(item["key"], label, tuple(numbers), href))
        rows.append(ChartRow(item["key"], label, numbers, href))
    svg = charts.bar_chart(
        chart_id=f"chart-{key}-svg",
        title=title,
        description=description,
        series=series,
        bars=bars,
        width=420,
    )
    return Chart(
        key, title, description, mark_safe(svg), [s.label for s in series], rows
    )


def _monthly_chart(data) -> Chart:
    supply, demand = _series()
    points = [
        charts.Point(item["key"], item["key"], (item["supply"], item["demand"]))
        for item in data["monthly"]
    ]
    title = _("New listings and needs per month")
    description = _(
        "Columns: listings published each month; line: needs registered each "
        "month, over the last 24 months."
    )
    svg = charts.timeline_chart(
        chart_id="chart-monthly-svg",
        title=title,
        description=description,
        series=(supply, demand),
        points=points,
        width=1000,
    )
    rows = [
        ChartRow(item["key"], item["key"], [item["supply"], item["demand"]])
        for item in data["monthly"]
    ]
    return Chart(
        "monthly",
        title,
        description,
        mark_safe(svg),
        [supply.label, demand.label],
        rows,
        wide=True,
    )


def gap_sentence(item: dict, over: str) -> str:
    """One gap in words (after the item's name), e.g. 'share of needs 4.0× …'."""
    params = {"demand": f"{item['demand']:,}", "supply": f"{item['supply']:,}"}
    ratio = float(item.get("ratio") or 0)
    if over == "demand":
        params["ratio"] = f"{ratio:.1f}"
        return (
            _(
                "its share of all needs is %(ratio)s× its share of all listings "
                "(needs: %(demand)s, listings: %(supply)s)."
            )
            % params
        )
    params["ratio"] = f"{1 / ratio:.1f}" if ratio else "∞"
    return (
        _(
            "its share of all listings is %(ratio)s× its share of all needs "
            "(listings: %(supply)s, needs: %(demand)s)."
        )
        % params
    )


def _gaps_chart(data, language, viewer) -> Chart:
    supply, demand = _series()
    gaps = data.get("gaps") or {}
    bars, rows = [], []
    words: dict[str, list[dict]] = {"demand": [], "supply": []}
    review = reverse("matching:review") if viewer.kind == "admin" else ""
    axis_names = {"strategic_field": _("Strategic field"), "ipc_class": _("IPC class")}
    for over, group in (
        ("demand", gaps.get("demand_over_supply") or []),
        ("supply", gaps.get("supply_over_demand") or []),
    ):
        for item in group:
            label = label_of(item, language)
            param = SEARCH_PARAM.get(item["axis"], item["axis"])
            href = search_url(param, item["key"])
            bars.append(
                charts.Bar(item["key"], label, (item["supply"], item["demand"]), href)
            )
            words[over].append(
                {
                    "label": label,
                    "href": href,
                    "text": gap_sentence(item, over),
                    "review": review,
                }
            )
            rows.append(
                ChartRow(
                    item["key"],
                    label,
                    [
                        axis_names.get(item["axis"], item["axis"]),
                        _("More demand") if over == "demand" else _("More supply"),
                        item["supply"],
                        item["demand"],
                        f"{float(item.get('ratio') or 0):.2f}",
                    ],
                    href,
                    review=review,
                )
            )
    title = _("Where supply and demand differ")
    description = _(
        "Strategic fields and IPC classes whose share of the needs differs most "
        "from their share of the listings."
    )
    svg = charts.bar_chart(
        chart_id="chart-gaps-svg",
        title=title,
        description=description,
        series=(supply, demand),
        bars=bars,
        width=600,
    )
    columns = [
        _("Axis"),
        _("Gap"),
        supply.label,
        demand.label,
        _("Demand share ÷ supply share"),
    ]
    chart = Chart("gaps", title, description, mark_safe(svg), columns, rows)
    return chart, words


def _size_band_chart(bands: list[dict]) -> Chart:
    needs = charts.Series("needs", _("Active needs"), charts.DEMAND)
    companies = charts.Series("companies", _("Companies with needs"), charts.HIGHLIGHT)
    bars = [
        charts.Bar(b["key"], b["label"], (b["needs"], b["companies"])) for b in bands
    ]
    rows = [
        ChartRow(
            b["key"],
            b["label"],
            [
                b["needs"],
                b["companies"],
                f"{b['needs'] / b['companies']:.1f}" if b["companies"] else "–",
            ],
        )
        for b in bands
    ]
    title = _("Demand by company size")
    description = _(
        "Active needs and the companies behind them, by number of employees."
    )
    svg = charts.bar_chart(
        chart_id="chart-size-bands-svg",
        title=title,
        description=description,
        series=(needs, companies),
        bars=bars,
        width=520,
    )
    return Chart(
        "size_bands",
        title,
        description,
        mark_safe(svg),
        [needs.label, companies.label, _("Needs per company")],
        rows,
    )


# --- the page ---------------------------------------------------------------------


@dataclass
class LandscapePage:
    charts: dict[str, Chart]
    crumbs: list[dict]
    ipc: str
    measure: str
    viewer_kind: str
    gap_words: dict[str, list[dict]]
    own_total: int | None = None
    organization_name: str = ""


def export_stem(chart: str, *, language: str, ipc: str, measure: str) -> str:
    """A download's name without extension, e.g. ``landscape-ipc-H-demand-ja``."""
    parts = ["landscape", chart]
    if chart == "ipc" and ipc:
        parts.append(ipc)
    if chart in ("ipc", "prefectures"):
        parts.append(measure)
    parts.append(language[:2])
    return "-".join(parts)


def clean_state(data: dict, params) -> tuple[str, str]:
    """The drill-down node and the measure from query parameters (junk → default)."""
    measure = params.get("measure") or "supply"
    if measure not in MEASURES:
        measure = "supply"
    raw = str(params.get("ipc") or "").strip().upper()[:3]
    path = ipc_path(data, raw)
    ipc = path[-1]["key"] if path else ""
    return ipc, measure


def _build(data, language, viewer, ipc, measure) -> LandscapePage:
    own = (
        landscape_owner_supply(organization=viewer.organization)
        if viewer.kind == "tlo"
        else None
    )
    built = {
        "fields": _fields_chart(data, language, viewer, own),
    }
    built["ipc"], crumbs = _ipc_chart(data, language, ipc, measure)
    built["prefectures"] = _prefectures_chart(data, language, measure)
    built["universities"] = _universities_chart(data, language, viewer, own)
    built["offers"] = _small_chart(
        data,
        language,
        "offers",
        "offers",
        _("Offer types"),
        _("Listings offered for license and for assignment."),
        "offer",
    )
    built["license_types"] = _small_chart(
        data,
        language,
        "license_types",
        "license_types",
        _("License types"),
        _("License types offered by listings and accepted by needs."),
        "license_type",
    )
    built["track_record"] = _small_chart(
        data,
        language,
        "track_record",
        "track_record",
        _("Track record"),
        _("Listings with an implementation or licensing record."),
        "",
    )
    built["monthly"] = _monthly_chart(data)
    built["gaps"], gap_words = _gaps_chart(data, language, viewer)
    if viewer.kind == "admin":
        built["size_bands"] = _size_band_chart(landscape_demand_by_size_band())
    for key, chart in built.items():
        chart.export_stem = export_stem(
            key, language=language, ipc=ipc, measure=measure
        )
    return LandscapePage(
        charts=built,
        crumbs=crumbs,
        ipc=ipc,
        measure=measure,
        viewer_kind=viewer.kind,
        gap_words=gap_words,
        own_total=own.get("*") if own is not None else None,
        organization_name=str(getattr(viewer.organization, "display_name", "") or ""),
    )


def landscape_page_charts(*, data: dict, user, params) -> LandscapePage:
    """Every chart of the page for this viewer, cached per snapshot and view."""
    viewer = landscape_viewer(user)
    ipc, measure = clean_state(data, params)
    language = get_language() or "ja"
    totals = data.get("totals") or {}
    # built_at has one-second precision: the build time and totals tell two
    # snapshots of the same second apart.
    snapshot = "{}|{}|{}|{}".format(
        data.get("built_at", ""),
        data.get("build_seconds", ""),
        totals.get("supply", ""),
        totals.get("demand", ""),
    )
    key = ":".join(
        (
            "search:landscape:page:v1",
            snapshot,
            language,
            viewer.cache_part,
            ipc or "-",
            measure,
        )
    )
    page = cache.get(key)
    if page is None:
        page = _build(data, language, viewer, ipc, measure)
        cache.set(key, page, CACHE_SECONDS)
    return page
