"""How the marketplace plugs into the one API router (config/api_router.py)."""


def register(router) -> None:
    """Register this app's viewsets on the router."""
    from .views_requests import LicenseRequestViewSet

    router.register(
        "license-requests", LicenseRequestViewSet, basename="license-request"
    )


# Plain (non-viewset) API paths of this app, mounted under /api/v1/.
urlpatterns: list = []
