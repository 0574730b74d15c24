"""License-request and analytics pages, mounted at /requests/ (namespace marketplace)."""

from django.urls import path

from . import views_requests as views

urlpatterns = [
    path("", views.request_mine, name="request_mine"),
    path("new/<int:listing_pk>/", views.request_new, name="request_new"),
    path("inbox/", views.request_inbox, name="request_inbox"),
    path("stalled/", views.request_stalled, name="request_stalled"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/transition/", views.request_transition, name="request_transition"),
    path("<int:pk>/messages/", views.request_message, name="request_message"),
    path("<int:pk>/assign/", views.request_assign, name="request_assign"),
    path("analytics/", views.analytics_organization, name="analytics_organization"),
    path(
        "analytics/listing/<int:pk>/",
        views.analytics_listing,
        name="analytics_listing",
    ),
    path("analytics/export.csv", views.analytics_export_csv, name="analytics_csv"),
    path("attachments/<int:pk>/", views.request_attachment, name="request_attachment"),
]
