"""URLs of the import pages (mounted under /listings/import/)."""

from django.urls import path

from . import views_import

urlpatterns: list = [
    path("", views_import.import_upload, name="import_upload"),
    path("template.csv", views_import.import_template, name="import_template"),
    path("jobs/<int:pk>/", views_import.import_job, name="import_job"),
    path(
        "jobs/<int:pk>/status.json",
        views_import.import_job_status,
        name="import_job_status",
    ),
]
