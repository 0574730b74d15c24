from django.urls import include, path

from . import views

app_name = "listings"

urlpatterns = [
    path("import/", include("listings.urls_import")),
    path("<int:pk>/<str:slug>/", views.listing_detail, name="detail"),
]
