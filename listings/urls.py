from django.urls import include, path

from . import views

app_name = "listings"

urlpatterns = [
    path("import/", include("listings.urls_import")),
    path("", views.listing_list, name="list"),
    path("mine/", views.my_listings, name="mine"),
    path("new/", views.listing_new, name="new"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.jsonl", views.export_jsonl, name="export_jsonl"),
    path("ipc/", views.ipc_index, name="ipc_index"),
    # IPC symbols hold a space and a slash ("H01M 4/38"): the path converter
    # takes them whole.
    path("ipc/<path:code>/", views.ipc_detail, name="ipc_code"),
    path("<int:pk>/edit/", views.listing_edit, name="edit"),
    path("<int:pk>/preview/", views.listing_preview, name="preview"),
    path("<int:pk>/actions/<slug:action>/", views.listing_action, name="action"),
    path("<int:pk>/<str:slug>/", views.listing_detail, name="detail"),
]
