"""How listings plugs into the one API router (config/api_router.py)."""


def register(router) -> None:
    """Register this app's viewsets on the router."""
    from .views import IPCCodeViewSet, ListingViewSet

    router.register("listings", ListingViewSet, basename="listing")
    router.register("ipc", IPCCodeViewSet, basename="ipc")


# Plain (non-viewset) API paths of this app, mounted under /api/v1/.
urlpatterns: list = []
