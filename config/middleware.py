"""Project-wide middleware."""

from __future__ import annotations


class JapaneseFirstMiddleware:
    """Serve Japanese unless the visitor chose English.

    The site is Japanese-first: the language comes from the visitor's choice
    (the language cookie set by the header switch, login or profile), never
    from the browser's Accept-Language, which on many Japanese office PCs
    says English. Must sit before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
