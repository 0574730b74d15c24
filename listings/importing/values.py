"""Parse the cell values of import files: dates, yes/no, track records, lists.

Each parser returns the Python value or raises :class:`ValueError` with a
message meant for the person who wrote the file.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.utils.translation import gettext as _

from ..constants import TrackRecord
from ..numbers import IPCError, normalize_ipc

# Gregorian year of the year before 元年 of each era (令和元年 = 2019).
_ERA_OFFSETS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def parse_date(raw: str) -> date | None:
    """A date written as 2019/04/01, 2019-04-01, 20190401, 2019年4月1日,
    令和元年5月1日, R1.5.1 or (US exports) 4/1/2019; '' → None."""
    text = nfkc(raw)
    if not text:
        return None
    text = _TIME_SUFFIX.sub("", text).strip()
    parts = None
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if match:
        parts = match.groups()
    if parts is None and re.fullmatch(r"\d{8}", text):
        parts = (text[:4], text[4:6], text[6:])
    if parts is None:
        match = re.fullmatch(r"(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日", text)
        if match:
            parts = match.groups()
    if parts is None:
        match = re.fullmatch(
            r"(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})"
            r"(?:年\s*(\d{1,2})月\s*(\d{1,2})日|[./-](\d{1,2})[./-](\d{1,2}))",
            text,
        )
        if match:
            era = _ERA_LETTERS.get(match.group(1), match.group(1))
            era_year = 1 if match.group(2) == "元" else int(match.group(2))
            month = match.group(3) or match.group(5)
            day = match.group(4) or match.group(6)
            parts = (str(_ERA_OFFSETS[era] + era_year), month, day)
    if parts is None:
        # US exports write month/day/year.
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if match:
            parts = (match.group(3), match.group(1), match.group(2))
    if parts is None:
        raise ValueError(
            _("Not a date: “%(value)s” (write it as 2019-04-01).") % {"value": raw}
        )
    try:
        value = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError as exc:
        raise ValueError(_("No such date: “%(value)s”.") % {"value": raw}) from exc
    if not 1850 <= value.year <= 2200:
        raise ValueError(_("No such date: “%(value)s”.") % {"value": raw})
    return value


_TRUE = {"true", "1", "yes", "y", "はい", "有", "あり", "○", "◯", "可"}
_FALSE = {"false", "0", "no", "n", "いいえ", "無", "なし", "×", "不可", ""}


def parse_bool(raw: str) -> bool | None:
    """true/false, 1/0, yes/no, はい/いいえ; '' → None (leave unchanged)."""
    text = nfkc(raw).lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(
        _("Write true or false (or はい / いいえ), not “%(value)s”.") % {"value": raw}
    )


_TRACK = {
    "有": TrackRecord.YES,
    "あり": TrackRecord.YES,
    "yes": TrackRecord.YES,
    "無": TrackRecord.NO,
    "なし": TrackRecord.NO,
    "no": TrackRecord.NO,
    "不明": TrackRecord.UNKNOWN,
    "unknown": TrackRecord.UNKNOWN,
    "-": TrackRecord.UNKNOWN,
}


def parse_track_record(raw: str) -> str | None:
    """有 / 無 / 不明 (or yes / no / unknown); '' → None."""
    text = nfkc(raw).lower()
    if not text:
        return None
    if text in _TRACK:
        return _TRACK[text]
    raise ValueError(
        _("Write 有, 無 or 不明 (yes, no or unknown), not “%(value)s”.")
        % {"value": raw}
    )


def split_list(raw: str, separators: str = ";；\n") -> list[str]:
    """Split a cell on the given separators; blanks dropped, order kept."""
    pattern = "[" + re.escape(separators) + "]"
    return [item.strip() for item in re.split(pattern, raw or "") if item.strip()]


# A symbol written with a space between subclass and group: "H01M 4/38".
_IPC_TOKEN = re.compile(
    r"[A-HＡ-Ｈ][0-9０-９]{2}[A-ZＡ-Ｚ]"
    r"(?:\s*[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,6})?"
    r"(?:\s*\(\d{4}\.\d{2}\))?",
    re.IGNORECASE,
)


def split_ipc(raw: str) -> list[str]:
    """Canonical IPC symbols of a cell holding one or several.

    Symbols may be separated by ``,`` ``、`` ``;`` ``／`` newlines or spaces
    (a space inside one symbol, as in ``H01M 4/38``, is understood).
    Raises ValueError naming the first piece that is not an IPC symbol.
    """
    result: list[str] = []
    # ／ separates symbols, but after NFKC it would read as the group slash,
    # so split on it before anything else.
    for piece in re.split(r"[,、;；，\n\r／]+", raw or ""):
        piece = piece.strip()
        if not piece:
            continue
        try:
            codes = [normalize_ipc(piece)]
        except IPCError:
            text = nfkc(piece)
            codes = _IPC_TOKEN.findall(text)
            rest = _IPC_TOKEN.sub(" ", text)
            if rest.strip() or not codes:
                raise ValueError(
                    _("Not an IPC symbol: %(value)s") % {"value": piece}
                ) from None
            try:
                codes = [normalize_ipc(code) for code in codes]
            except IPCError:
                raise ValueError(
                    _("Not an IPC symbol: %(value)s") % {"value": piece}
                ) from None
        for code in codes:
            if code not in result:
                result.append(code)
    return result
