from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("saved/", views.saved_search_list, name="saved_list"),
    path("saved/new/", views.saved_search_create, name="saved_create"),
    path("saved/<int:pk>/delete/", views.saved_search_delete, name="saved_delete"),
    path(
        "unsubscribe/<str:token>/",
        views.saved_search_unsubscribe,
        name="unsubscribe",
    ),
]
