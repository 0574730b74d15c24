from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from marketplace import views as marketplace_views

admin.site.site_header = "開放特許マーケット 管理 / Open Patent Marketplace admin"
admin.site.site_title = "開放特許マーケット"
admin.site.index_title = "運用管理 / Operations"

urlpatterns = [
    path("healthz", marketplace_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include(("config.api_router", "api"), namespace="api")),
    # The docs pages keep script-src 'self' (no inline script: templates/api/);
    # the bundled UIs inject <style> elements and Redoc runs a blob: worker.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="api/swagger_ui.html"
            )
        ),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(
            SpectacularRedocView.as_view(
                url_name="api:schema", template_name="api/redoc.html"
            )
        ),
        name="api-redoc",
    ),
    path("accounts/", include("accounts.urls")),
    path("listings/", include("listings.urls")),
    path("search/", include("search.urls")),
    path("landscape/", include("search.urls_landscape")),
    path("matching/", include("matching.urls")),
    path("", include("marketplace.urls")),
]

handler400 = "marketplace.views.bad_request"
handler403 = "marketplace.views.permission_denied"
handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
