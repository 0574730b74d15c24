from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from listings.selectors import listing_list_published

from .selectors import health_report


def home(request):
    latest = listing_list_published().order_by("-published_at", "-id")[:6]
    return render(request, "marketplace/home.html", {"latest_listings": latest})


@login_required
def dashboard(request):
    return render(request, "marketplace/dashboard.html")


@never_cache
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        # An API client gets the API's JSON error, not the site's HTML page.
        return JsonResponse({"code": "not_found", "detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    # Deliberately no context processors that touch the database: the error
    # may be the database itself.
    from django.http import HttpResponseServerError
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())
