"""A small in-process crawler for the security tests.

Starts from every URL pattern that takes no arguments, follows same-site
links (``<a href>``) and GET forms' actions, and hands each HTML page to the
caller. To stay bounded it visits at most ``per_pattern`` URLs per URL name
and query-key set (so 68 listing pages count as two).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlsplit

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

#: Never followed: they change state on GET, are not pages, or loop forever.
SKIP_PREFIXES = (
    "/static/",
    "/media/",
    "/i18n/",
    "/jsi18n/",
    "/accounts/logout/",
    "/admin/logout/",
    "/api/v1/schema/",
    "/healthz",
)
#: `<script type=...>` values that hold data, not code (browsers do not run them).
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


@dataclass
class Form:
    method: str
    action: str
    fields: list[str] = field(default_factory=list)


@dataclass
class Page:
    url: str
    status: int
    content_type: str
    headers: dict
    html: str = ""
    links: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    inline_problems: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    """Collects links, forms and anything a strict CSP would refuse to run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.problems: list[str] = []
        self._script: tuple[str, bool] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attr = {name.lower(): (value or "") for name, value in attrs}
        for name, value in attr.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler attribute")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}> inline style")
            if name in ("href", "src", "action", "formaction", "data") and (
                value.strip().lower().replace("\t", "").replace("\n", "")
            ).startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}> javascript: URL")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            kind = attr.get("type", "").strip().lower()
            is_code = kind not in DATA_SCRIPT_TYPES
            if is_code and "src" not in attr:
                self._script = (kind, True)
                self._script_text = []
            else:
                self._script = (kind, False)
        if tag == "a" and attr.get("href"):
            self.links.append(attr["href"])
        if tag == "form":
            method = (attr.get("method") or "get").lower()
            self.forms.append(Form(method=method, action=attr.get("action", "")))
        if tag in ("input", "select", "textarea", "button") and self.forms:
            if attr.get("name"):
                self.forms[-1].fields.append(attr["name"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            kind, inline = self._script
            if inline:
                text = "".join(self._script_text).strip()
                self.problems.append(f"inline <script type={kind!r}>: {text[:80]!r}")
            self._script = None


def parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


def argless_urls() -> list[str]:
    """Every URL in the URLconf that needs no arguments."""
    urls: list[str] = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                full = prefix + route
                if "<" in full or "(?P" in full or "\\" in full or "^" in full:
                    continue
                urls.append("/" + full.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return urls


def _normalise(base: str, href: str) -> str | None:
    href = urldefrag(href.strip())[0]
    if not href or href.startswith(("mailto:", "tel:", "#")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None  # other sites are not ours to crawl
    path = parts.path
    if not path.startswith("/"):
        base_dir = urlsplit(base).path.rsplit("/", 1)[0]
        path = f"{base_dir}/{path}"
    return path + (f"?{parts.query}" if parts.query else "")


def _bucket(url: str) -> tuple | None:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if parts.path.startswith("/admin/"):
        # Changelist filters and sorts are endless combinations of one page.
        return (match.view_name, ())
    keys = tuple(
        sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)})
    )
    return (match.view_name, keys)


def crawl(
    client,
    *,
    start: list[str] | None = None,
    per_pattern: int = 2,
    limit: int = 1500,
    skip: tuple[str, ...] = (),
) -> dict[str, Page]:
    """Visit the site as ``client`` sees it; return every page fetched, by URL."""
    queue = deque(start if start is not None else ["/", *argless_urls()])
    seen: set[str] = set()
    buckets: dict[tuple, int] = {}
    pages: dict[str, Page] = {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP_PREFIXES + skip):
            continue
        seen.add(url)
        bucket = _bucket(url)
        if bucket is None:
            continue
        if buckets.get(bucket, 0) >= per_pattern:
            continue
        buckets[bucket] = buckets.get(bucket, 0) + 1
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        page = Page(
            url=url,
            status=response.status_code,
            content_type=content_type,
            headers=dict(response.headers),
        )
        pages[url] = page
        if response.status_code != 200 or "text/html" not in content_type:
            continue
        if getattr(response, "streaming", False):
            continue
        page.html = response.content.decode(response.charset or "utf-8")
        parsed = parse(page.html)
        page.links = [u for u in (_normalise(url, h) for h in parsed.links) if u]
        page.forms = parsed.forms
        page.inline_problems = parsed.problems
        for form in parsed.forms:
            if form.method == "get" and form.action:
                target = _normalise(url, form.action)
                if target:
                    queue.append(target)
        queue.extend(page.links)
    return pages
