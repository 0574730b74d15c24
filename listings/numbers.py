"""Normalise patent numbers and IPC symbols, however they are written.

One patent arrives as 特願2019-123456, 2019-123456 or JP2019123456 (the same
application), 特開2010-19680 or JP2010019680A (the same publication), or as
US20130210636 / US2013210636A1. Everything is reduced to one key per kind:

* application: ``JP2019123456`` (country, 4-digit year, 6-digit serial)
* publication: ``JP2010019680`` / ``US20130210636`` (kind code dropped)
* registration: ``JP1234567`` / ``US7971079``

Keys of different kinds can look alike (a JP application and a JP publication
are both year + six digits), so callers compare keys of the same kind only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

APPLICATION = "application"
PUBLICATION = "publication"
REGISTRATION = "registration"
KINDS = (APPLICATION, PUBLICATION, REGISTRATION)

# Japanese era names used in older numbers (特願平10-123456 = 1998).
_ERAS = {
    "明治": 1867,
    "明": 1867,
    "M": 1867,
    "大正": 1911,
    "大": 1911,
    "T": 1911,
    "昭和": 1925,
    "昭": 1925,
    "S": 1925,
    "平成": 1988,
    "平": 1988,
    "H": 1988,
    "令和": 2018,
    "令": 2018,
    "R": 2018,
}
_JP_PREFIXES = [
    # longest first
    ("特許出願", APPLICATION),
    ("実用新案登録", REGISTRATION),
    ("特許第", REGISTRATION),
    ("実願", APPLICATION),
    ("特願", APPLICATION),
    ("特開", PUBLICATION),
    ("特表", PUBLICATION),
    ("再表", PUBLICATION),
    ("実開", PUBLICATION),
    ("特公", PUBLICATION),
    ("特許", REGISTRATION),
    ("登録", REGISTRATION),
]
_ERA_RE = re.compile(
    r"^(明治|大正|昭和|平成|令和|明|大|昭|平|令|[MTSHR])(\d{1,2})[-/](\d+)$"
)
_YEAR_SERIAL_RE = re.compile(r"^(\d{4})[-/](\d{1,6})$")


class PatentNumberError(ValueError):
    """The text is not a patent number this site understands."""


@dataclass(frozen=True)
class PatentNumber:
    kind: str
    key: str
    country: str

    def __str__(self) -> str:  # pragma: no cover - debugging aid
        return f"{self.kind}:{self.key}"


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "").strip()
    text = text.replace("号", "").replace("公報", "")
    text = re.sub(r"[\s\u3000,]", "", text)
    text = text.replace("‐", "-").replace("−", "-").replace("ー", "-").replace("―", "-")
    return text


def _jp_year_serial(body: str) -> tuple[int, int] | None:
    """Split ``2019-123456``, ``平10-123456`` or ``2019123456`` into year and serial."""
    match = _YEAR_SERIAL_RE.match(body)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = _ERA_RE.match(body)
    if match:
        return _ERAS[match.group(1)] + int(match.group(2)), int(match.group(3))
    if re.fullmatch(r"(19|20)\d{8}", body):
        return int(body[:4]), int(body[4:])
    return None


def normalize_patent_number(raw: str, kind: str | None = None) -> PatentNumber:
    """Return the normalised number; ``kind`` is the column it came from, if known.

    Raises :class:`PatentNumberError` for text that is not a patent number.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    text = _clean(raw)
    if not text:
        raise PatentNumberError("empty patent number")
    detected = None
    for prefix, prefix_kind in _JP_PREFIXES:
        if text.startswith(prefix):
            detected = prefix_kind
            text = "JP" + text[len(prefix) :]
            break
    text = text.upper()
    match = re.fullmatch(r"([A-Z]{2})?(.+?)", text)
    country = (match.group(1) if match else None) or "JP"
    body = match.group(2) if match else text
    if country == "JP" and not detected:
        # Trailing kind codes: A = publication, B/B1/B2 = registration.
        kind_code = re.search(r"([ABUY])(\d)?$", body)
        if kind_code and re.search(r"\d", body[: kind_code.start()] or ""):
            detected = PUBLICATION if kind_code.group(1) in "AU" else REGISTRATION
            body = body[: kind_code.start()]
    final_kind = kind or detected
    if country == "JP":
        return _normalize_jp(body, final_kind, raw)
    return _normalize_foreign(country, body, final_kind, raw)


def _normalize_jp(body: str, kind: str | None, raw: str) -> PatentNumber:
    if kind == REGISTRATION or (kind is None and re.fullmatch(r"\d{7}", body)):
        digits = body.replace("-", "")
        if not re.fullmatch(r"\d{5,8}", digits):
            raise PatentNumberError(f"not a Japanese registration number: {raw!r}")
        return PatentNumber(REGISTRATION, f"JP{int(digits)}", "JP")
    split = _jp_year_serial(body)
    if split is None:
        raise PatentNumberError(f"not a Japanese patent number: {raw!r}")
    year, serial = split
    if not 1900 <= year <= 2100 or serial >= 1_000_000:
        raise PatentNumberError(f"not a Japanese patent number: {raw!r}")
    return PatentNumber(kind or APPLICATION, f"JP{year:04d}{serial:06d}", "JP")


def _normalize_foreign(
    country: str, body: str, kind: str | None, raw: str
) -> PatentNumber:
    body = re.sub(r"[-/.]", "", body)
    match = re.fullmatch(r"(\d+)([A-Z]\d?)?", body)
    if not match:
        raise PatentNumberError(f"not a patent number: {raw!r}")
    digits, kind_code = match.group(1), match.group(2) or ""
    if country == "US":
        if len(digits) == 10 and digits[:2] in ("19", "20"):
            # Google-style US2008281766A1 = US 2008/0281766.
            digits = digits[:4] + "0" + digits[4:]
        detected = PUBLICATION if len(digits) == 11 else REGISTRATION
    else:
        detected = (
            PUBLICATION if not kind_code or kind_code.startswith("A") else REGISTRATION
        )
    detected = kind or detected
    return PatentNumber(detected, f"{country}{digits.lstrip('0') or '0'}", country)


def try_normalize_patent_number(raw: str, kind: str | None = None) -> str:
    """Return the key, or '' when the text is empty or not a patent number."""
    try:
        return normalize_patent_number(raw, kind).key
    except PatentNumberError:
        return ""


# --- IPC ----------------------------------------------------------------------

_IPC_RE = re.compile(
    r"^(?P<section>[A-H])"
    r"(?:(?P<cls>\d{2})"
    r"(?:(?P<subclass>[A-Z])"
    r"(?:(?P<group>\d{1,4})(?:/(?P<sub>\d{1,6}))?)?)?)?$"
)
_SYMBOL14_RE = re.compile(r"^([A-H]\d{2}[A-Z])(\d{4})(\d{6})$")


class IPCError(ValueError):
    """The text is not an IPC symbol."""


def normalize_ipc(raw: str) -> str:
    """Return the canonical IPC symbol: ``H01M``, ``H01M 4/38``, ``H01M 4/00``.

    Accepts ``H01M4/38``, ``H01M 004/38``, full-width text, a trailing version
    like ``(2006.01)`` and the 14-character form ``H01M0004380000``.
    Raises :class:`IPCError` otherwise.
    """
    text = unicodedata.normalize("NFKC", raw or "").strip().upper()
    text = re.sub(r"\(\d{4}\.\d{2}\)$", "", text).strip()
    symbol14 = _SYMBOL14_RE.match(text.replace(" ", ""))
    if symbol14:
        subclass, group, sub = symbol14.groups()
        sub = sub.rstrip("0") or "00"
        if len(sub) == 1:
            sub += "0"
        return f"{subclass} {int(group)}/{sub}"
    compact = re.sub(r"\s+", "", text)
    match = _IPC_RE.match(compact)
    if not match:
        raise IPCError(f"not an IPC symbol: {raw!r}")
    parts = match.groupdict()
    code = parts["section"]
    if parts["cls"]:
        code += parts["cls"]
    if parts["subclass"]:
        code += parts["subclass"]
    if parts["group"]:
        sub = parts["sub"] if parts["sub"] is not None else "00"
        if len(sub) == 1:
            sub += "0"
        code += f" {int(parts['group'])}/{sub}"
    return code


def ipc_parts(code: str) -> dict[str, str]:
    """Split a canonical symbol into its section, class, subclass and main group."""
    subclass = code[:4] if len(code) >= 4 else ""
    main_group = ""
    if " " in code:
        group = code.split(" ", 1)[1].split("/", 1)[0]
        main_group = f"{subclass} {group}/00"
    return {
        "section": code[:1],
        "ipc_class": code[:3] if len(code) >= 3 else "",
        "subclass": subclass,
        "main_group": main_group,
    }
