from django.urls import path

from . import views

app_name = "listings"

urlpatterns = [
    path("<int:pk>/<str:slug>/", views.listing_detail, name="detail"),
]
