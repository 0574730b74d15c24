"""The one DRF router for /api/v1/. Apps register their viewsets here."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from accounts.api import views as accounts_api
from marketplace.api import views as marketplace_api

router = DefaultRouter()
router.register(
    "organizations", accounts_api.OrganizationViewSet, basename="organization"
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("auth/token/", accounts_api.TokenView.as_view(), name="auth-token"),
    path("healthz/", marketplace_api.HealthView.as_view(), name="healthz"),
    *router.urls,
]
