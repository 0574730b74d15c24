from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", views.need_new, name="need_new"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/<slug:action>/", views.need_action, name="need_action"),
    path("review/", views.review, name="review"),
    path("review/bulk/", views.review_bulk, name="review_bulk"),
    path("review/run/", views.review_run, name="review_run"),
    path("review/<int:pk>/<slug:action>/", views.review_decide, name="review_decide"),
    path("matches/", views.match_list, name="match_list"),
    path("matches/<int:pk>/", views.match_detail, name="match_detail"),
    path(
        "matches/<int:pk>/respond/<slug:answer>/",
        views.match_respond,
        name="match_respond",
    ),
]
