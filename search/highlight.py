"""Highlight query terms in a listing's own text (HTML-escaped, ``<mark>``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from html import escape

SNIPPET_CHARS = 160
SNIPPET_LEAD = 40
MAX_SNIPPETS = 2
MAP_LIMIT = 5000
# Only the start of a long field (claims) is searched for a snippet.
SCAN_CHARS = 20_000
_WHITESPACE = re.compile(r"\s")


def _normalized_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC + lower case per character, with each output char's source index."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch).lower()
        if norm.isspace() or not norm:
            norm = " "
        for c in norm:
            out.append(c)
            index.append(i)
    return "".join(out), index


def term_pattern(terms: Iterable[str]) -> re.Pattern | None:
    """One regex matching any of the (normalised) terms, longest first."""
    needles: set[str] = set()
    for term in terms:
        term = " ".join(term.split())
        if not term:
            continue
        needles.add(term)
        # A phrase whose words are spread differently still marks its words.
        if " " in term:
            needles.update(word for word in term.split(" ") if len(word) > 1)
    if not needles:
        return None
    ordered = sorted(needles, key=len, reverse=True)[:64]
    return re.compile("|".join(re.escape(n) for n in ordered))


def _spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    text = text[:SCAN_CHARS]
    if unicodedata.is_normalized("NFKC", text):
        norm = text.lower()
    else:
        norm = unicodedata.normalize("NFKC", text).lower()
    if not pattern.search(norm):
        return []
    index: list[int] | None = None
    if len(norm) != len(text):
        # Some character changed length (e.g. ㍻ -> 平成): map char by char,
        # over a bounded prefix (snippets come from the first matches).
        norm, index = _normalized_with_map(text[:MAP_LIMIT])
    else:
        norm = _WHITESPACE.sub(" ", norm)
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(norm):
        if match.end() == match.start():
            continue
        if index is None:
            start, end = match.start(), match.end()
        else:
            start, end = index[match.start()], index[match.end() - 1] + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    parts: list[str] = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(escape(text[pos:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    parts.append(escape(text[pos:end]))
    return "".join(parts)


def highlight_full(text: str, pattern: re.Pattern | None) -> str | None:
    """The whole text with marks, or None when nothing matches."""
    if not text or pattern is None:
        return None
    spans = _spans(text, pattern)
    if not spans:
        return None
    return _render(text, spans, 0, len(text))


def highlight_snippet(text: str, pattern: re.Pattern | None) -> str | None:
    """A window of text around the first match, with marks; None if no match."""
    if not text or pattern is None:
        return None
    spans = _spans(text, pattern)
    if not spans:
        return None
    start = max(0, spans[0][0] - SNIPPET_LEAD)
    end = min(len(text), start + SNIPPET_CHARS)
    body = _render(text, spans, start, end).replace("\n", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def highlight_fields(
    fields: list[tuple[str, object]], pattern: re.Pattern | None, *, title_field="title"
) -> dict[str, list[str]]:
    """Highlight ``(name, text)`` pairs: the title in full, up to two snippets.

    ``text`` may be a callable producing the text, called only when needed.
    """
    result: dict[str, list[str]] = {}
    if pattern is None:
        return result
    snippets = 0
    for name, text in fields:
        if callable(text):
            if snippets >= MAX_SNIPPETS:
                continue
            text = text()  # costly to produce: only when still needed
        if name == title_field:
            marked = highlight_full(text, pattern)
            if marked:
                result[name] = [marked]
            continue
        if snippets >= MAX_SNIPPETS:
            continue
        marked = highlight_snippet(text, pattern)
        if marked:
            result[name] = [marked]
            snippets += 1
    return result
