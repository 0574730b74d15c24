"""The site's URLs plus routes nobody put in the matrix (for the inventory test)."""

from django.http import HttpResponse
from django.urls import include, path
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def unlisted(request):
    return HttpResponse("not in the matrix")


class UnlistedViewSet(viewsets.ViewSet):
    def list(self, request):
        return Response([])

    def retrieve(self, request, pk=None):
        return Response({})


router = SimpleRouter()
router.register("things", UnlistedViewSet, basename="unlisted")

urlpatterns = [
    path("unlisted/", unlisted, name="unlisted-page"),
    path("unlisted/nameless/", unlisted),
    path("api/v1/unlisted/", include((router.urls, "api-unlisted"))),
    *site_urlpatterns,
]
