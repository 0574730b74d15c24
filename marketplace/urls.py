from django.urls import include, path

from . import views

app_name = "marketplace"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("requests/", include("marketplace.urls_requests")),
]
