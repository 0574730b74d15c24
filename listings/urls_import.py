"""URLs of the import pages (mounted under /listings/import/)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
