"""Parse the free-text search box into terms.

Syntax: words are AND-ed; ``"a phrase"`` keeps its words together; a leading
``-`` excludes a word or phrase; ``OR`` (upper case) or ``|`` between two
terms makes them alternatives. Everything is NFKC-normalised and lower-cased
(``search.text.normalize``). The parser never raises: unbalanced quotes close
at the end, control characters become spaces and the input is capped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .text import normalize

# Longer input is cut: nobody types more, and it bounds the work per query.
MAX_QUERY_CHARS = 1000
MAX_TERMS = 32

_QUOTES = {'"', "\u201c", "\u201d", "\u301d", "\u301e", "\u301f"}


@dataclass
class Term:
    text: str
    phrase: bool = False


@dataclass
class ParsedQuery:
    must: list[Term] = field(default_factory=list)
    # Each group is satisfied when any of its terms matches.
    should_groups: list[list[Term]] = field(default_factory=list)
    must_not: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.must or self.should_groups)

    def positive_terms(self) -> list[Term]:
        """Every term that can match (for highlighting), in query order."""
        terms = list(self.must)
        for group in self.should_groups:
            terms.extend(group)
        return terms


def _clean(text: str) -> str:
    text = text or ""
    # Quotes NFKC leaves alone (curly, Japanese) count as ASCII quotes.
    text = "".join('"' if ch in _QUOTES else ch for ch in text[: MAX_QUERY_CHARS * 2])
    text = unicodedata.normalize("NFKC", text)
    # Control and format characters (NUL, BiDi overrides, ...) become spaces.
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") else ch
        for ch in text
    )
    return text[:MAX_QUERY_CHARS]


_LEXEME_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _raw_items(text: str) -> list[tuple[str, bool, bool]]:
    """Split into ``(text, phrase, negated)`` items; ``OR``/``|`` stay as items."""
    items: list[tuple[str, bool, bool]] = []
    for match in _LEXEME_RE.finditer(text):
        neg, phrase, word = match.groups()
        if phrase is not None:
            items.append((phrase, True, bool(neg)))
            continue
        # "a|b" without spaces is an alternative too.
        parts = re.split(r"(\|)", word)
        for part in parts:
            if not part:
                continue
            if part in ("|", "OR"):
                items.append(("|", False, False))
            elif part.startswith("-") and len(part) > 1:
                items.append((part[1:], False, True))
            else:
                items.append((part, False, False))
    return items


def _term(text: str, phrase: bool) -> Term | None:
    text = normalize(text.replace('"', " "))
    # A token made only of punctuation can never match an index token.
    if not text or not re.search(r"\w", text):
        return None
    return Term(text=text, phrase=phrase or " " in text)


def parse_query(text: str) -> ParsedQuery:
    """Parse ``text`` into must / should-groups / must-not terms; never raise."""
    parsed = ParsedQuery()
    try:
        items = _raw_items(_clean(text))
    except Exception:  # defensive: odd input must not break search
        items = []
    # Build OR chains: a sequence t1 | t2 | t3 becomes one group.
    groups: list[list[Term]] = []
    pending_or = False
    for raw, phrase, negated in items:
        if raw == "|" and not phrase:
            pending_or = bool(groups)
            continue
        term = _term(raw, phrase)
        if term is None:
            continue
        if negated:
            parsed.must_not.append(term)
            pending_or = False
            continue
        if pending_or and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    for group in groups[:MAX_TERMS]:
        # Deduplicate within a group, keeping order.
        seen: set[tuple[str, bool]] = set()
        unique = []
        for term in group:
            key = (term.text, term.phrase)
            if key not in seen:
                seen.add(key)
                unique.append(term)
        if len(unique) == 1:
            parsed.must.append(unique[0])
        else:
            parsed.should_groups.append(unique)
    parsed.must_not = parsed.must_not[:MAX_TERMS]
    return parsed
