"""How search plugs into the one API router (config/api_router.py)."""

from django.urls import path

from .views import LandscapeView, SavedSearchViewSet, SearchView


def register(router) -> None:
    """Register this app's viewsets on the router."""
    router.register("saved-searches", SavedSearchViewSet, basename="saved-search")


# Plain (non-viewset) API paths of this app, mounted under /api/v1/.
urlpatterns: list = [
    path("search/", SearchView.as_view(), name="search"),
    path("landscape/", LandscapeView.as_view(), name="landscape"),
]
