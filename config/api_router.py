"""The one DRF router for /api/v1/. Each app registers its viewsets here."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from accounts.api import views as accounts_api
from listings.api import routes as listings_routes
from marketplace.api import routes as marketplace_routes
from marketplace.api import views as marketplace_api
from matching.api import routes as matching_routes
from search.api import routes as search_routes

router = DefaultRouter()
router.register(
    "organizations", accounts_api.OrganizationViewSet, basename="organization"
)
for app_routes in (listings_routes, search_routes, matching_routes, marketplace_routes):
    app_routes.register(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("auth/token/", accounts_api.TokenView.as_view(), name="auth-token"),
    path("healthz/", marketplace_api.HealthView.as_view(), name="healthz"),
    *listings_routes.urlpatterns,
    *search_routes.urlpatterns,
    *matching_routes.urlpatterns,
    *marketplace_routes.urlpatterns,
    *router.urls,
]
