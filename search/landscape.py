"""The IP landscape: supply (published listings) and demand (active needs) by axis.

``landscape_build()`` computes the whole picture with a handful of GROUP BY
queries; ``landscape_refresh()`` stores it as a :class:`LandscapeSnapshot`
and puts it in the Django cache; ``landscape_get()`` reads the cache, then
the latest snapshot, and builds one only when there is none. The page and
``/api/v1/landscape/`` both read ``landscape_get()``; a beat job
(``search.landscape_refresh``) and bulk imports keep it fresh.

Who is counted:

* supply: :func:`listings.selectors.listing_list_published`, the same
  visibility as search (published, verified owner). Drafts, listings under
  review, withdrawn / licensed / expired listings and listings of unverified
  organisations are never counted.
* demand: active needs (:func:`matching.selectors.need_list_matchable`) of
  verified organisations. A need's visibility (private / visible to listing
  owners) is about its content; the landscape publishes counts only, per
  single axis, never a need's title, text or company. Private needs are
  therefore counted like the others.

The dict shape is the contract shared with the page (see docs/landscape.md).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.utils import timezone

from accounts.constants import PREFECTURES
from accounts.models import Organization
from config.tasks import enqueue
from listings import demo_ipc
from listings.models import IPCCode, Listing, ListingIPC
from listings.numbers import ipc_parts
from listings.selectors import listing_list_published, strategic_field_list_active
from matching.models import Need
from matching.selectors import need_list_matchable

from .models import LandscapeSnapshot

CACHE_KEY = "search:landscape:v1"
REFRESH_TASK = "search.landscape_refresh"
TOP_OWNERS = 30
MONTHS = 24
TOP_GAPS = 5
# Smoothing of the share ratio, in share units (1 percentage point): keeps a
# field with a handful of needs and no listings from topping the list with
# an infinite ratio, and damps noise in small cells.
GAP_SMOOTHING = 0.01
SNAPSHOTS_KEPT = 10

AXES = (
    "totals",
    "strategic_fields",
    "ipc",
    "prefectures",
    "universities",
    "offers",
    "license_types",
    "track_record",
    "monthly",
    "gaps",
)

UNCLASSIFIED = ("", "分類外", "Unclassified")
OTHER_OWNERS = ("_other", "その他", "Other")
OFFERS = [
    ("license", "実施許諾", "License"),
    ("assignment", "譲渡", "Assignment"),
]
LICENSE_TYPES = [
    ("exclusive", "専用実施権", "Exclusive license"),
    ("exclusive_contract", "独占的通常実施権", "Exclusive license by contract"),
    ("non_exclusive", "通常実施権", "Non-exclusive license"),
    ("option", "オプション契約", "Option"),
    ("research_free", "研究目的の無償利用", "Free research use"),
]
TRACK_RECORDS = [
    ("implementation_record", "実施実績", "Implementation record"),
    ("licensing_record", "許諾実績", "Licensing record"),
]
TRACK_VALUES = [
    ("yes", "あり", "yes"),
    ("no", "なし", "no"),
    ("unknown", "不明", "unknown"),
]


# --- who is counted -----------------------------------------------------------


def landscape_supply() -> QuerySet[Listing]:
    """The listings counted as supply (search's visibility)."""
    return listing_list_published().order_by()


def landscape_demand() -> QuerySet[Need]:
    """The needs counted as demand: active needs of verified organisations."""
    return need_list_matchable().filter(organization__is_verified=True).order_by()


# --- helpers ------------------------------------------------------------------


def _list_value_counts(qs: QuerySet, field: str, values: Iterable[str]) -> dict:
    """Rows of ``qs`` whose JSON list ``field`` holds each of ``values`` (one query)."""
    values = list(values)
    connection = connections[qs.db]
    if connection.vendor != "sqlite":
        # JSON containment (jsonb @> on PostgreSQL): one scan, no row expansion.
        counts = qs.aggregate(
            **{
                f"n{i}": Count("pk", filter=Q(**{f"{field}__contains": [value]}))
                for i, value in enumerate(values)
            }
        )
        return {value: counts[f"n{i}"] for i, value in enumerate(values)}
    # SQLite has no JSON containment lookup: expand the lists with json_each.
    model = qs.model
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column = quote(model._meta.get_field(field).column)
    pk = quote(model._meta.pk.column)
    sub_sql, params = qs.values("pk").query.sql_with_params()
    sql = (
        f"SELECT e.value, COUNT(DISTINCT t.{pk}) FROM {table} t, "
        f"json_each(t.{column}) e WHERE json_type(t.{column}) = 'array' "
        f"AND t.{pk} IN ({sub_sql}) GROUP BY e.value"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {str(value): int(n) for value, n in cursor.fetchall()}
    return {value: found.get(value, 0) for value in values}


def _label_pair(ja: str, en: str, fallback: str) -> dict[str, str]:
    return {"label_ja": ja or en or fallback, "label_en": en or ja or fallback}


# --- axes ---------------------------------------------------------------------


def _strategic_fields(supply, demand, totals) -> list[dict]:
    fields = list(strategic_field_list_active())
    active_ids = [f.pk for f in fields]
    listing_link = Listing.strategic_fields.through
    need_link = Need.strategic_fields.through
    supply_rows = listing_link.objects.filter(
        listing_id__in=supply.values("pk"), strategicfield_id__in=active_ids
    )
    demand_rows = need_link.objects.filter(
        need_id__in=demand.values("pk"), strategicfield_id__in=active_ids
    )
    supply_by = dict(
        supply_rows.values("strategicfield_id")
        .annotate(n=Count("listing_id", distinct=True))
        .values_list("strategicfield_id", "n")
    )
    demand_by = dict(
        demand_rows.values("strategicfield_id")
        .annotate(n=Count("need_id", distinct=True))
        .values_list("strategicfield_id", "n")
    )
    supply_tagged = supply_rows.values("listing_id").distinct().count()
    demand_tagged = demand_rows.values("need_id").distinct().count()
    items = [
        {
            "key": field.slug,
            **_label_pair(field.name_ja, field.name_en, field.slug),
            "supply": supply_by.get(field.pk, 0),
            "demand": demand_by.get(field.pk, 0),
        }
        for field in fields
    ]
    key, ja, en = UNCLASSIFIED
    items.append(
        {
            "key": key,
            "label_ja": ja,
            "label_en": en,
            "supply": totals["supply"] - supply_tagged,
            "demand": totals["demand"] - demand_tagged,
        }
    )
    return items


def _ipc_titles(codes: Iterable[str]) -> dict[str, dict[str, str]]:
    """Both titles of each code: the IPCCode table, else the built-in list."""
    codes = set(codes)
    builtin = {
        code: (ja, en)
        for code, ja, en in (
            *demo_ipc.SECTIONS,
            *demo_ipc.CLASSES,
            *demo_ipc.SUBCLASSES,
        )
    }
    stored = {
        row["code"]: (row["title_ja"], row["title_en"])
        for row in IPCCode.objects.filter(code__in=codes).values(
            "code", "title_ja", "title_en"
        )
    }
    titles = {}
    for code in codes:
        ja, en = stored.get(code, ("", ""))
        builtin_ja, builtin_en = builtin.get(code, ("", ""))
        titles[code] = _label_pair(ja or builtin_ja, en or builtin_en, code)
    return titles


def _need_ipc_counts(demand) -> tuple[Counter, Counter, Counter]:
    """Needs per IPC section / class / subclass (a need counts once per node).

    Needs keep their codes in a JSON list; there are far fewer needs than
    listings, so they are read once and counted here.
    """
    sections: Counter = Counter()
    classes: Counter = Counter()
    subclasses: Counter = Counter()
    for codes in demand.values_list("ipc_codes", flat=True).iterator(chunk_size=2000):
        levels: tuple[set, set, set] = (set(), set(), set())
        for code in codes or []:
            parts = ipc_parts(str(code).strip().upper())
            for target, value in zip(
                levels,
                (parts["section"], parts["ipc_class"], parts["subclass"]),
                strict=True,
            ):
                if value:
                    target.add(value)
        sections.update(levels[0])
        classes.update(levels[1])
        subclasses.update(levels[2])
    return sections, classes, subclasses


def _ipc(supply, demand) -> list[dict]:
    rows = ListingIPC.objects.filter(listing_id__in=supply.values("pk")).order_by()

    def per(column: str) -> Counter:
        return Counter(
            dict(
                rows.exclude(**{column: ""})
                .values(column)
                .annotate(n=Count("listing_id", distinct=True))
                .values_list(column, "n")
            )
        )

    supply_levels = (per("section"), per("ipc_class"), per("subclass"))
    demand_levels = _need_ipc_counts(demand)
    section_keys = {code for code, _ja, _en in demo_ipc.SECTIONS}
    keys = [
        set(supply_levels[i])
        | set(demand_levels[i])
        | (section_keys if i == 0 else set())
        for i in range(3)
    ]
    titles = _ipc_titles(set().union(*keys))

    def node(code: str, level: int) -> dict:
        return {
            "key": code,
            **titles[code],
            "supply": supply_levels[level][code],
            "demand": demand_levels[level][code],
            "children": [],
        }

    sections = {code: node(code, 0) for code in sorted(keys[0])}
    classes = {}
    for code in sorted(keys[1]):
        parent = sections.get(code[:1])
        if parent is not None:
            classes[code] = node(code, 1)
            parent["children"].append(classes[code])
    for code in sorted(keys[2]):
        parent = classes.get(code[:3])
        if parent is not None:
            parent["children"].append(node(code, 2))
    return list(sections.values())


def _prefectures(supply, demand) -> list[dict]:
    supply_by = dict(
        supply.annotate(
            pref=Coalesce(
                NullIf("region", Value("")), NullIf("owner__prefecture", Value(""))
            )
        )
        .values("pref")
        .annotate(n=Count("pk"))
        .values_list("pref", "n")
    )
    demand_by = dict(
        demand.annotate(
            pref=Coalesce(
                NullIf("region", Value("")),
                NullIf("organization__prefecture", Value("")),
            )
        )
        .values("pref")
        .annotate(n=Count("pk"))
        .values_list("pref", "n")
    )
    return [
        {
            "key": code,
            "label_ja": ja,
            "label_en": en,
            "supply": supply_by.get(code, 0),
            "demand": demand_by.get(code, 0),
        }
        for code, ja, en in PREFECTURES
    ]


def _universities(supply) -> list[dict]:
    counts = list(
        supply.values("owner_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner_id")
        .values_list("owner_id", "n")
    )
    top = counts[:TOP_OWNERS]
    owners = Organization.objects.in_bulk([owner_id for owner_id, _n in top])
    items = [
        {
            "key": owners[owner_id].slug,
            **_label_pair(
                owners[owner_id].name_ja,
                owners[owner_id].name_en,
                owners[owner_id].slug,
            ),
            "prefecture": owners[owner_id].prefecture,
            "supply": n,
        }
        for owner_id, n in top
    ]
    items.sort(key=lambda item: (-item["supply"], item["key"]))
    rest = counts[TOP_OWNERS:]
    if rest:
        key, ja, en = OTHER_OWNERS
        items.append(
            {
                "key": key,
                "label_ja": ja,
                "label_en": en,
                "prefecture": "",
                "supply": sum(n for _owner, n in rest),
            }
        )
    return items


def _offers(supply) -> list[dict]:
    counts = supply.aggregate(
        license=Count("pk", filter=Q(offers_license=True)),
        assignment=Count("pk", filter=Q(offers_assignment=True)),
    )
    return [
        {"key": key, "label_ja": ja, "label_en": en, "supply": counts[key]}
        for key, ja, en in OFFERS
    ]


def _license_types(supply, demand) -> list[dict]:
    keys = [key for key, _ja, _en in LICENSE_TYPES]
    supply_by = _list_value_counts(supply, "license_types", keys)
    demand_by = _list_value_counts(demand, "license_types", keys)
    return [
        {
            "key": key,
            "label_ja": ja,
            "label_en": en,
            "supply": supply_by[key],
            "demand": demand_by[key],
        }
        for key, ja, en in LICENSE_TYPES
    ]


def _track_record(supply) -> list[dict]:
    items = []
    for field, field_ja, field_en in TRACK_RECORDS:
        counts = dict(
            supply.values(field).annotate(n=Count("pk")).values_list(field, "n")
        )
        for value, value_ja, value_en in TRACK_VALUES:
            items.append(
                {
                    "key": f"{field}:{value}",
                    "label_ja": f"{field_ja}{value_ja}",
                    "label_en": f"{field_en}: {value_en}",
                    "supply": counts.get(value, 0),
                }
            )
    return items


def _month_starts(now: datetime) -> list[date]:
    local = timezone.localtime(now)
    year, month = local.year, local.month
    months = []
    for _i in range(MONTHS):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _monthly(supply, demand, now: datetime) -> list[dict]:
    months = _month_starts(now)
    first = timezone.make_aware(datetime.combine(months[0], datetime.min.time()))

    def per_month(qs, column: str) -> dict[str, int]:
        rows = (
            qs.filter(**{f"{column}__gte": first})
            .annotate(month=TruncMonth(column))
            .values("month")
            .annotate(n=Count("pk"))
            .values_list("month", "n")
        )
        out: dict[str, int] = defaultdict(int)
        for month, n in rows:
            if month is not None:
                if isinstance(month, datetime):
                    month = (
                        timezone.localtime(month) if timezone.is_aware(month) else month
                    )
                out[month.strftime("%Y-%m")] += n
        return out

    supply_by = per_month(supply, "published_at")
    demand_by = per_month(demand, "created_at")
    return [
        {
            "key": month.strftime("%Y-%m"),
            "supply": supply_by.get(month.strftime("%Y-%m"), 0),
            "demand": demand_by.get(month.strftime("%Y-%m"), 0),
        }
        for month in months
    ]


def _gap_candidates(data: dict) -> list[dict]:
    candidates = [
        {"axis": "strategic_field", **item}
        for item in data["strategic_fields"]
        if item["key"]  # "unclassified" is not a field one can act on
    ]
    for section in data["ipc"]:
        for ipc_class in section["children"]:
            candidates.append({"axis": "ipc_class", **ipc_class})
    return candidates


def landscape_gaps(data: dict) -> dict[str, list[dict]]:
    """Where demand's share exceeds supply's share, and the reverse.

    For each strategic field and IPC class: demand share d/D (of all active
    needs) and supply share s/S (of all published listings); ratio =
    (d/D + e) / (s/S + e) with e = GAP_SMOOTHING. "Demand over supply":
    demand >= 1 and ratio > 1, highest ratio first. "Supply over demand":
    supply >= 1 and ratio < 1, lowest ratio first. Empty when either side
    has nothing to compare.
    """
    total_supply = data["totals"]["supply"]
    total_demand = data["totals"]["demand"]
    if not total_supply or not total_demand:
        return {"demand_over_supply": [], "supply_over_demand": []}
    rows = []
    for item in _gap_candidates(data):
        supply_share = item["supply"] / total_supply
        demand_share = item["demand"] / total_demand
        ratio = (demand_share + GAP_SMOOTHING) / (supply_share + GAP_SMOOTHING)
        rows.append(
            {
                "axis": item["axis"],
                "key": item["key"],
                "label_ja": item["label_ja"],
                "label_en": item["label_en"],
                "supply": item["supply"],
                "demand": item["demand"],
                "ratio": round(ratio, 3),
                "supply_share": round(supply_share, 4),
                "demand_share": round(demand_share, 4),
            }
        )
    over_demand = sorted(
        (r for r in rows if r["demand"] >= 1 and r["ratio"] > 1),
        key=lambda r: (-r["ratio"], -r["demand"], r["axis"], r["key"]),
    )
    over_supply = sorted(
        (r for r in rows if r["supply"] >= 1 and r["ratio"] < 1),
        key=lambda r: (r["ratio"], -r["supply"], r["axis"], r["key"]),
    )
    return {
        "demand_over_supply": over_demand[:TOP_GAPS],
        "supply_over_demand": over_supply[:TOP_GAPS],
    }


# --- build, store, read ---------------------------------------------------------


def landscape_build() -> dict:
    """Compute the landscape from the database now (no cache, nothing stored)."""
    started = time.perf_counter()
    now = timezone.now()
    supply = landscape_supply()
    demand = landscape_demand()
    data: dict = {
        "built_at": timezone.localtime(now).isoformat(timespec="seconds"),
        "build_seconds": 0.0,
        "totals": {"supply": supply.count(), "demand": demand.count()},
    }
    data["strategic_fields"] = _strategic_fields(supply, demand, data["totals"])
    data["ipc"] = _ipc(supply, demand)
    data["prefectures"] = _prefectures(supply, demand)
    data["universities"] = _universities(supply)
    data["offers"] = _offers(supply)
    data["license_types"] = _license_types(supply, demand)
    data["track_record"] = _track_record(supply)
    data["monthly"] = _monthly(supply, demand, now)
    data["gaps"] = landscape_gaps(data)
    data["build_seconds"] = round(time.perf_counter() - started, 3)
    return data


def _cache_seconds() -> int:
    return settings.LANDSCAPE_CACHE_SECONDS


def landscape_refresh() -> LandscapeSnapshot:
    """Build the landscape, store it as the latest snapshot and cache it.

    Keeps the last few snapshots and deletes older ones. Safe to run twice
    (each run stores a fresh snapshot); readers never see a half-built one.
    """
    data = landscape_build()
    with transaction.atomic():
        snapshot = LandscapeSnapshot.objects.create(
            data=data,
            built_at=timezone.now(),
            build_seconds=data["build_seconds"],
        )
        keep = LandscapeSnapshot.objects.order_by("-built_at", "-pk").values_list(
            "pk", flat=True
        )[:SNAPSHOTS_KEPT]
        LandscapeSnapshot.objects.exclude(pk__in=list(keep)).delete()
    cache.set(CACHE_KEY, data, _cache_seconds())
    return snapshot


def landscape_get(*, user=None) -> dict:
    """The landscape to show: the cache, else the latest snapshot, else a new build.

    The same for every viewer (only public aggregates), so ``user`` is
    accepted for the page's convenience and not used. A cached copy is at
    most ``LANDSCAPE_CACHE_SECONDS`` older than the latest snapshot.
    """
    data = cache.get(CACHE_KEY)
    if data is not None:
        return data
    snapshot = LandscapeSnapshot.objects.order_by("-built_at", "-pk").first()
    if snapshot is None:
        snapshot = landscape_refresh()
    data = snapshot.data
    cache.set(CACHE_KEY, data, _cache_seconds())
    return data


def landscape_axis(data: dict, axis: str) -> dict:
    """Only ``axis`` of the landscape, with the build time and totals."""
    if axis not in AXES:
        raise ValueError(f"unknown landscape axis: {axis!r}")
    keys = ("built_at", "build_seconds", "totals", axis)
    return {key: data[key] for key in keys}


def landscape_queue_refresh() -> None:
    """Queue a landscape refresh once the transaction commits (after bulk changes).

    Never raises: with the broker down the task waits in the outbox, and beat
    refreshes the landscape every 15 minutes anyway.
    """
    enqueue(REFRESH_TASK)
