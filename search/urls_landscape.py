from django.urls import path

from . import views_landscape

app_name = "landscape"

urlpatterns = [
    path("", views_landscape.landscape_index, name="index"),
    path(
        "export/<slug:chart>.<slug:fmt>",
        views_landscape.landscape_export,
        name="export",
    ),
]
