"""Template context shared by every page: the viewer's organisations and role flags."""

from django.conf import settings


def site(request):
    from accounts.selectors import user_nav_context

    context = {"SITE_URL": settings.SITE_URL}
    context.update(user_nav_context(getattr(request, "user", None)))
    return context
