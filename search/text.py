"""Text normalisation and tokenisation shared by search and matching.

No Japanese tokenizer is needed: CJK runs become overlapping character
bigrams (a one-character run stays a unigram), Latin text becomes lower-case
words. Everything is NFKC-normalised first, so full-width and half-width
forms, and upper and lower case, compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Hiragana, katakana (incl. prolonged sound mark), CJK ideographs and
# extensions, iteration marks.
_CJK = (
    r"\u3005\u3006\u3007\u303b\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
_TOKEN_RE = re.compile(rf"([{_CJK}]+)|([0-9a-z]+)")
_CJK_RE = re.compile(rf"[{_CJK}]")


def normalize(text: str) -> str:
    """NFKC + lower case + collapsed whitespace."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return " ".join(text.split())


def is_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text or ""))


def cjk_bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def iter_tokens(text: str, *, normalized: bool = False) -> Iterator[str]:
    """Yield the index tokens of ``text``: CJK bigrams and Latin words, in order."""
    if not normalized:
        text = normalize(text)
    for match in _TOKEN_RE.finditer(text):
        cjk, word = match.groups()
        if cjk:
            yield from cjk_bigrams(cjk)
        else:
            yield word


def tokens(text: str, *, normalized: bool = False) -> list[str]:
    return list(iter_tokens(text, normalized=normalized))


# Put between two CJK runs that follow each other in the token stream, so a
# phrase of consecutive bigrams never spans two runs ("固体 電池" must not
# match the query 固体電池). No query ever produces it.
RUN_BREAK = "\u00a7"


def index_tokens(text: str, *, normalized: bool = False) -> list[str]:
    """Tokens to index: like :func:`tokens`, with RUN_BREAK between CJK runs."""
    if not normalized:
        text = normalize(text)
    result: list[str] = []
    previous_cjk = False
    for match in _TOKEN_RE.finditer(text):
        cjk, word = match.groups()
        if cjk:
            if previous_cjk:
                result.append(RUN_BREAK)
            result.extend(cjk_bigrams(cjk))
            previous_cjk = True
        else:
            result.append(word)
            previous_cjk = False
    return result
