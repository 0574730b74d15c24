"""Export listings (with their rights and IPC symbols) as CSV or JSON Lines.

Both writers are generators over a queryset iterated in chunks, so an export
of any size streams without holding every listing in memory. The CSV is
UTF-8 with a byte-order mark (Excel then reads Japanese correctly) and every
text cell that a spreadsheet would evaluate as a formula is neutralised.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet

from .models import Listing, ListingIPC, PatentRight
from .services import EDITABLE_FIELDS

CHUNK_SIZE = 500
BOM = "\ufeff"

# A cell starting with one of these is a formula to Excel, LibreOffice and
# Google Sheets (full-width forms too: Excel folds them to ASCII).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

LISTING_COLUMNS = (
    "id",
    "owner",
    "status",
    *EDITABLE_FIELDS,
    "created_at",
    "updated_at",
    "published_at",
    "view_count",
)
RIGHT_COLUMNS = (
    "country",
    "application_number",
    "filing_date",
    "publication_number",
    "publication_date",
    "registration_number",
    "status",
    "expiry_date",
    "applicants",
    "owners",
    "co_owned",
)
# In the CSV the rights are flattened: one column per right field, the values
# of the listing's rights joined with LIST_SEPARATOR in the same order.
CSV_HEADER = (
    *LISTING_COLUMNS,
    "ipc_codes",
    "rights_count",
    *(f"right_{name}" for name in RIGHT_COLUMNS),
)
LIST_SEPARATOR = "; "


def export_queryset(qs: QuerySet[Listing]) -> QuerySet[Listing]:
    """The queryset prepared for export: owner joined, rights and IPC prefetched."""
    return (
        qs.select_related("owner")
        .prefetch_related(
            Prefetch("rights", queryset=PatentRight.objects.order_by("id")),
            Prefetch("ipc_entries", queryset=ListingIPC.objects.order_by("position")),
        )
        .order_by("id")
    )


def neutralize_cell(value: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would run as a formula."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _cell(value) -> str:
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "1" if value else "0"
    elif isinstance(value, list | tuple):
        text = LIST_SEPARATOR.join(str(v) for v in value)
    else:
        text = str(_plain(value))
    return neutralize_cell(text)


def listing_record(listing: Listing) -> dict:
    """One listing as a plain dict (the JSON Lines record)."""
    record = {name: _plain(getattr(listing, name)) for name in LISTING_COLUMNS}
    record["owner"] = listing.owner.slug
    record["owner_name"] = listing.owner.name_ja
    record["ipc_codes"] = [entry.code for entry in listing.ipc_entries.all()]
    record["rights"] = [
        {name: _plain(getattr(right, name)) for name in RIGHT_COLUMNS}
        for right in listing.rights.all()
    ]
    return record


def csv_row(listing: Listing) -> list[str]:
    """One listing as a CSV row in the order of CSV_HEADER, cells neutralised."""
    record = listing_record(listing)
    rights = record["rights"]
    values = [record[name] for name in LISTING_COLUMNS]
    values.append(record["ipc_codes"])
    values.append(len(rights))
    for name in RIGHT_COLUMNS:
        values.append(
            LIST_SEPARATOR.join("" if r[name] is None else str(r[name]) for r in rights)
        )
    return [_cell(v) for v in values]


class _Echo:
    """A file-like object whose write() hands back the line csv.writer made."""

    def write(self, value: str) -> str:
        return value


def iter_csv(listings: Iterable[Listing]) -> Iterator[str]:
    """Yield the CSV text, BOM first, one line per listing."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(CSV_HEADER)
    for listing in listings:
        yield writer.writerow(csv_row(listing))


def iter_jsonl(listings: Iterable[Listing]) -> Iterator[str]:
    """Yield one JSON object per line (UTF-8 text, not ASCII-escaped)."""
    for listing in listings:
        yield json.dumps(listing_record(listing), ensure_ascii=False) + "\n"


def iterate(qs: QuerySet[Listing]) -> Iterator[Listing]:
    """Walk the export queryset in chunks (prefetches run per chunk)."""
    return export_queryset(qs).iterator(chunk_size=CHUNK_SIZE)


def write_export(qs: QuerySet[Listing], fmt: str, out) -> int:
    """Write the export of ``qs`` in ``fmt`` ("csv"/"jsonl") to a text stream.

    Returns the number of listings written.
    """
    count = 0

    def counted() -> Iterator[Listing]:
        nonlocal count
        for listing in iterate(qs):
            count += 1
            yield listing

    chunks = iter_csv(counted()) if fmt == "csv" else iter_jsonl(counted())
    for chunk in chunks:
        out.write(chunk)
    return count
