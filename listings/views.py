"""Listing pages (placeholder detail until the pages land)."""

from django.shortcuts import render

from .selectors import listing_get_visible


def listing_detail(request, pk: int, slug: str = ""):
    listing = listing_get_visible(user=request.user, pk=pk)
    return render(request, "listings/detail.html", {"listing": listing})
