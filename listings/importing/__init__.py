"""Bulk import of listings: INPIT open-patent CSV, the CSV template, JSON Lines."""

from .core import ImportReport, listing_import
from .formats import FORMATS, TEMPLATE_COLUMNS, RowError, template_csv
from .source import ImportFileError

__all__ = [
    "FORMATS",
    "TEMPLATE_COLUMNS",
    "ImportFileError",
    "ImportReport",
    "RowError",
    "listing_import",
    "template_csv",
]
