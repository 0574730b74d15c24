"""The three import formats, each turned into :class:`ParsedRow` objects.

* ``inpit-csv``: INPIT 開放特許情報 bulk CSV, Japanese headers.
* ``csv``: this site's template (``docs/import-csv-template.md``); the
  column definition below is the single source of the template download.
* ``jsonl``: patent records as in the shared data set (number, title,
  abstract, claims, ipc, cpc, applicant, inventors, dates, lang).

A parser never writes: it maps cells to listing fields, IPC symbols and one
patent right, and records every problem with its line and column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.constants import PREFECTURE_BY_NAME, PREFECTURES

from ..constants import (
    DevelopmentStage,
    DisclosureTier,
    LicenseType,
    ListingSource,
    RightStatus,
)
from ..numbers import (
    REGISTRATION,
    IPCError,
    PatentNumberError,
    normalize_ipc,
    normalize_patent_number,
)
from .source import ImportFileError
from .values import (
    nfkc,
    parse_bool,
    parse_date,
    parse_track_record,
    split_ipc,
    split_list,
)

INPIT_CSV = "inpit-csv"
CSV = "csv"
JSONL = "jsonl"
FORMATS = (INPIT_CSV, CSV, JSONL)
SOURCE_OF_FORMAT = {
    INPIT_CSV: ListingSource.INPIT,
    CSV: ListingSource.CSV,
    JSONL: ListingSource.JSONL,
}
# INPIT lists open patents offered for license; JSON Lines records say
# nothing about the offer. New listings from either start as a non-exclusive
# license offer (the owner refines it later); existing offers are kept.
DEFAULT_OFFER = {"offers_license": True, "license_types": ["non_exclusive"]}


@dataclass
class RowError:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "message": str(self.message)}


@dataclass
class ParsedRow:
    """One record of the file, mapped but not yet checked against the database."""

    line: int
    source: str
    source_id: str = ""
    # Listing fields the row sets (a blank cell sets nothing).
    fields: dict = field(default_factory=dict)
    # Fields set only on a new listing, or where the existing one is blank.
    defaults: dict = field(default_factory=dict)
    # Canonical IPC symbols, or None when the row gives none (keep existing).
    ipc: list[str] | None = None
    # RIGHT_FIELDS data for one patent right, or None.
    right: dict | None = None
    # A normalised number the generic parser cannot read (US design, reissue…):
    # {field: (key, country)}; the right is built with these keys.
    number_keys: dict = field(default_factory=dict)
    # Model field (or "ipc_codes", right field) -> the column the user wrote.
    columns: dict = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    # Line of the earlier row this one was folded into (same patent).
    merged_into: int = 0

    def error(self, column: str, message) -> None:
        self.errors.append(RowError(self.line, column, str(message)))

    def warn(self, column: str, message) -> None:
        self.warnings.append(RowError(self.line, column, str(message)))

    def column_of(self, name: str) -> str:
        return self.columns.get(name, name)

    def parse(self, column: str, parser, raw):
        try:
            return parser(raw)
        except ValueError as exc:
            self.error(column, exc)
            return None


# --- CSV reading ------------------------------------------------------------------


def _header_key(name: str) -> str:
    """Compare headers ignoring width, spaces and colon/bracket variants."""
    text = nfkc(name).lstrip("\ufeff")
    return re.sub(r"\s+", "", text).lower()


def _csv_records(
    text: str, expected: dict[str, str], required: tuple[str, ...], *, strict: bool
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, {canonical column: cell}) for every non-blank CSV record.

    ``expected`` maps a header key to the canonical column name. Raises
    ImportFileError for a missing required column, an unknown column
    (``strict``) or a malformed CSV structure.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration as exc:  # pragma: no cover - decode() refuses blank text
        raise ImportFileError(_("The file is empty.")) from exc
    except csv.Error as exc:
        raise ImportFileError(
            _("Line 1: the header row is not valid CSV (%(error)s).") % {"error": exc}
        ) from exc
    columns: list[str | None] = []
    seen: set[str] = set()
    for raw in header:
        canonical = expected.get(_header_key(raw))
        if canonical is None:
            if strict and raw.strip():
                raise ImportFileError(
                    _("Unknown column “%(column)s” in the header row.")
                    % {"column": raw.strip()}
                )
            columns.append(None)
            continue
        if canonical in seen:
            raise ImportFileError(
                _("The column “%(column)s” appears twice in the header row.")
                % {"column": canonical}
            )
        seen.add(canonical)
        columns.append(canonical)
    missing = [name for name in required if name not in seen]
    if missing:
        raise ImportFileError(
            _("Missing required column: %(columns)s") % {"columns": "、".join(missing)}
        )
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(
                _("Line %(line)s: not valid CSV (%(error)s).")
                % {"line": line, "error": exc}
            ) from exc
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        record = {}
        for index, name in enumerate(columns):
            if name is not None and index < len(cells):
                record[name] = cells[index].strip()
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            yield start, {"__too_many__": str(len(cells))}
            continue
        yield start, record


def _too_many(row: ParsedRow, record: dict) -> bool:
    if "__too_many__" in record:
        row.error(
            "",
            _("This row has more cells (%(n)s) than the header has columns.")
            % {"n": record["__too_many__"]},
        )
        return True
    return False


def _split_names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r"[、,;；\n]", text or "") if n.strip()]


def _set_text(row: ParsedRow, record: dict, column: str, target: str) -> None:
    value = record.get(column, "")
    row.columns[target] = column
    if value:
        row.fields[target] = value


# --- INPIT 開放特許情報 CSV ----------------------------------------------------------

INPIT_ID = "開放特許情報番号"
INPIT_TITLE = "タイトル"
INPIT_COLUMNS = (
    "開放特許情報番号",
    "タイトル",
    "開放特許情報登録日",
    "最新更新日",
    "出願番号",
    "出願日",
    "出願人",
    "公開番号",
    "登録番号",
    "特許権者",
    "発明の名称",
    "技術分野1",
    "技術分野2",
    "技術分野3",
    "機能1",
    "機能2",
    "機能3",
    "適用製品",
    "目的",
    "効果",
    "技術概要",
    "実施実績：有無",
    "許諾実績：有無",
    "国際特許分類（IPC）",
)
INPIT_REQUIRED = (INPIT_ID, INPIT_TITLE)
_INPIT_TEXT = {
    "タイトル": "title",
    "発明の名称": "invention_title",
    "技術分野1": "technical_field_1",
    "技術分野2": "technical_field_2",
    "技術分野3": "technical_field_3",
    "機能1": "function_1",
    "機能2": "function_2",
    "機能3": "function_3",
    "適用製品": "applicable_products",
    "目的": "purpose",
    "効果": "effect",
    "技術概要": "overview",
}
_INPIT_RIGHT_TEXT = {
    "出願番号": "application_number",
    "公開番号": "publication_number",
    "登録番号": "registration_number",
    "出願人": "applicants",
    "特許権者": "owners",
}


def _inpit_headers() -> dict[str, str]:
    headers = {_header_key(name): name for name in INPIT_COLUMNS}
    # Older exports write the IPC header without the parenthesised part.
    headers[_header_key("国際特許分類")] = "国際特許分類（IPC）"
    headers[_header_key("IPC")] = "国際特許分類（IPC）"
    return headers


def parse_inpit(text: str) -> Iterator[ParsedRow]:
    for line, record in _csv_records(
        text, _inpit_headers(), INPIT_REQUIRED, strict=False
    ):
        row = ParsedRow(line=line, source=ListingSource.INPIT)
        if _too_many(row, record):
            yield row
            continue
        row.source_id = nfkc(record.get(INPIT_ID, ""))
        row.columns["source_id"] = INPIT_ID
        if not row.source_id:
            row.error(INPIT_ID, _("This column is required."))
        if not record.get(INPIT_TITLE):
            row.error(INPIT_TITLE, _("This column is required."))
        row.fields["language"] = "ja"
        for column, target in _INPIT_TEXT.items():
            _set_text(row, record, column, target)
        for column, target in (
            ("開放特許情報登録日", "source_registered_on"),
            ("最新更新日", "source_updated_on"),
        ):
            row.columns[target] = column
            value = row.parse(column, parse_date, record.get(column, ""))
            if value:
                row.fields[target] = value
        for column, target in (
            ("実施実績：有無", "implementation_record"),
            ("許諾実績：有無", "licensing_record"),
        ):
            row.columns[target] = column
            value = row.parse(column, parse_track_record, record.get(column, ""))
            if value:
                row.fields[target] = value
        ipc_column = "国際特許分類（IPC）"
        row.columns["ipc_codes"] = ipc_column
        codes = row.parse(ipc_column, split_ipc, record.get(ipc_column, ""))
        if codes:
            row.ipc = codes
        right: dict = {}
        for column, target in _INPIT_RIGHT_TEXT.items():
            row.columns[target] = column
            if record.get(column):
                right[target] = record[column]
        row.columns["filing_date"] = "出願日"
        filed = row.parse("出願日", parse_date, record.get("出願日", ""))
        if filed:
            right["filing_date"] = filed
        if right:
            names = _split_names(right.get("owners") or right.get("applicants", ""))
            right["co_owned"] = len(names) > 1
            row.right = right
        overview = row.fields.get("overview") or row.fields.get("purpose", "")
        if overview:
            row.defaults["summary"] = first_sentence(overview)
        row.defaults.update(DEFAULT_OFFER)
        yield row


# --- the site's CSV template ----------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the CSV template."""

    name: str
    kind: str  # text, int, bool, date, list, license_types, choice, track, region,
    #            ipc, right_text, right_date, right_status, right_bool, source_id
    example: str
    help: str = ""
    required: bool = False


_STAGES = ", ".join(DevelopmentStage.values)
_TIERS = ", ".join(DisclosureTier.values)
_LICENSES = ", ".join(LicenseType.values)

TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "source_id",
        "source_id",
        "UT-2024-001",
        gettext_lazy("Your own reference; a re-import with the same id updates it."),
    ),
    Column(
        "title",
        "text",
        "全固体電池用の硫化物固体電解質",
        gettext_lazy("Title."),
        required=True,
    ),
    Column("invention_title", "text", "硫化物固体電解質及びその製造方法"),
    Column(
        "summary",
        "text",
        "大気中でも劣化しにくい高イオン伝導度の固体電解質",
        gettext_lazy("One line, at most 300 characters."),
    ),
    Column(
        "overview",
        "text",
        "硫化物系固体電解質の組成を最適化し、大気安定性とイオン伝導度を両立する。",
    ),
    Column("purpose", "text", "全固体電池の安全性と製造性の向上"),
    Column("effect", "text", "乾燥室なしで取り扱える"),
    Column("applicable_products", "text", "車載用電池、ウェアラブル機器"),
    Column("advantages", "text", "従来材料より水分による劣化が少ない"),
    Column("technical_field_1", "text", "電池"),
    Column("technical_field_2", "text", ""),
    Column("technical_field_3", "text", ""),
    Column("function_1", "text", "イオン伝導"),
    Column("function_2", "text", ""),
    Column("function_3", "text", ""),
    Column(
        "implementation_record",
        "track",
        "不明",
        gettext_lazy("有 / 無 / 不明 (or yes / no / unknown)."),
    ),
    Column("licensing_record", "track", "無"),
    Column("development_stage", "choice", "prototype", _STAGES),
    Column("trl", "int", "4", gettext_lazy("Technology readiness level, 1 to 9.")),
    Column(
        "offers_assignment",
        "bool",
        "false",
        gettext_lazy("true / false (also 1 / 0, はい / いいえ)."),
    ),
    Column("offers_license", "bool", "true"),
    Column(
        "license_types",
        "license_types",
        "non_exclusive;option",
        gettext_lazy("Separated by “;”: %(values)s") % {"values": _LICENSES},
    ),
    Column("desired_terms", "text", "応相談"),
    Column("technical_support", "bool", "はい"),
    Column("samples_available", "bool", "いいえ"),
    Column(
        "region",
        "region",
        "東京都",
        gettext_lazy("Prefecture name or JIS code (13 = Tokyo)."),
    ),
    Column("contact_name", "text", "産学連携本部 ライセンス担当"),
    Column("contact_email", "text", "tlo@example.ac.jp"),
    Column("contact_phone", "text", "03-0000-0000"),
    Column("contact_note", "text", ""),
    Column("disclosure_tier", "choice", "public", _TIERS),
    Column("language", "choice", "ja", "ja, en"),
    Column(
        "inventors", "list", "山田 太郎;佐藤 花子", gettext_lazy("Separated by “;”.")
    ),
    Column(
        "ipc",
        "ipc",
        "H01M 10/0562;H01B 1/06",
        gettext_lazy("IPC symbols separated by “;”."),
    ),
    Column("country", "right_text", "JP", gettext_lazy("Two letters, default JP.")),
    Column("application_number", "right_text", "特願2023-123456"),
    Column("filing_date", "right_date", "2023-08-01", gettext_lazy("YYYY-MM-DD.")),
    Column("publication_number", "right_text", "特開2025-012345"),
    Column("publication_date", "right_date", "2025-01-23"),
    Column("registration_number", "right_text", ""),
    Column(
        "right_status",
        "right_status",
        "pending",
        gettext_lazy("pending (出願中), granted (登録) or lapsed (消滅)."),
    ),
    Column("expiry_date", "right_date", ""),
    Column("applicants", "right_text", "国立大学法人東京大学"),
    Column("owners", "right_text", ""),
    Column("co_owned", "right_bool", "false"),
)
TEMPLATE_REQUIRED = tuple(c.name for c in TEMPLATE_COLUMNS if c.required)
_RIGHT_STATUS = {
    "pending": RightStatus.PENDING,
    "出願中": RightStatus.PENDING,
    "granted": RightStatus.GRANTED,
    "登録": RightStatus.GRANTED,
    "lapsed": RightStatus.LAPSED,
    "消滅": RightStatus.LAPSED,
}


def template_csv() -> str:
    """The header row and one example row, from TEMPLATE_COLUMNS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in TEMPLATE_COLUMNS])
    writer.writerow([c.example for c in TEMPLATE_COLUMNS])
    return buffer.getvalue()


def _parse_region(raw: str) -> str:
    text = nfkc(raw)
    codes = {code for code, _ja, _en in PREFECTURES}
    if text.zfill(2) in codes and text.isdigit():
        return text.zfill(2)
    code = PREFECTURE_BY_NAME.get(text) or PREFECTURE_BY_NAME.get(text.lower())
    if not code:
        raise ValueError(_("Not a prefecture: “%(value)s”.") % {"value": raw})
    return code


def _parse_int(raw: str) -> int:
    text = nfkc(raw)
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(_("Not a whole number: “%(value)s”.") % {"value": raw})
    return int(text)


def _parse_right_status(raw: str) -> str:
    value = _RIGHT_STATUS.get(nfkc(raw).lower())
    if value is None:
        raise ValueError(
            _("Write pending, granted or lapsed, not “%(value)s”.") % {"value": raw}
        )
    return value


def parse_template_csv(text: str) -> Iterator[ParsedRow]:
    expected = {_header_key(c.name): c.name for c in TEMPLATE_COLUMNS}
    for line, record in _csv_records(text, expected, TEMPLATE_REQUIRED, strict=True):
        row = ParsedRow(line=line, source=ListingSource.CSV)
        if _too_many(row, record):
            yield row
            continue
        right: dict = {}
        for column in TEMPLATE_COLUMNS:
            name, kind = column.name, column.kind
            raw = record.get(name, "")
            target = {"ipc": "ipc_codes", "right_status": "status"}.get(name, name)
            row.columns[target] = name
            if column.required and not raw:
                row.error(name, _("This column is required."))
                continue
            if not raw:
                continue
            if kind == "source_id":
                row.source_id = nfkc(raw)
            elif kind == "text":
                row.fields[name] = raw
            elif kind == "choice":
                row.fields[name] = nfkc(raw).lower()
            elif kind == "int":
                value = row.parse(name, _parse_int, raw)
                if value is not None:
                    row.fields[name] = value
            elif kind == "bool":
                value = row.parse(name, parse_bool, raw)
                if value is not None:
                    row.fields[name] = value
            elif kind == "track":
                value = row.parse(name, parse_track_record, raw)
                if value:
                    row.fields[name] = value
            elif kind == "region":
                value = row.parse(name, _parse_region, raw)
                if value:
                    row.fields[name] = value
            elif kind == "list":
                row.fields[name] = split_list(raw)
            elif kind == "license_types":
                row.fields[name] = [nfkc(v).lower() for v in split_list(raw, ";；,、")]
            elif kind == "ipc":
                codes = row.parse(name, split_ipc, raw)
                if codes:
                    row.ipc = codes
            elif kind == "right_text":
                right[name] = nfkc(raw).upper() if name == "country" else raw
            elif kind == "right_date":
                value = row.parse(name, parse_date, raw)
                if value:
                    right[name] = value
            elif kind == "right_status":
                value = row.parse(name, _parse_right_status, raw)
                if value:
                    right["status"] = value
            elif kind == "right_bool":
                value = row.parse(name, parse_bool, raw)
                if value is not None:
                    right[name] = value
        if right:
            row.right = right
        if not row.source_id and not any(
            (row.right or {}).get(f)
            for f in ("application_number", "publication_number", "registration_number")
        ):
            row.error(
                "source_id",
                _(
                    "Give a source_id or a patent number, so that importing the "
                    "file again updates this listing instead of adding a copy."
                ),
            )
        yield row


# --- JSON Lines patent records ----------------------------------------------------------

_SELECTED_FIGURE = re.compile(r"【選択図】.*$", re.S)
_MARKER = re.compile(r"\s*【([^】]{1,12})】\s*")


def first_sentence(text: str, limit: int = 300) -> str:
    """The first sentence of ``text`` (Japanese or English), at most ``limit`` chars.

    Gazette section markers (【課題】…) are dropped from the sentence.
    """
    text = _SELECTED_FIGURE.sub("", text or "")
    text = _MARKER.sub(" ", text).strip()
    text = re.sub(r"\s+", " ", text)
    match = re.search(r"(.+?[。．！？]|.+?[.!?](?=\s|$))", text)
    sentence = (match.group(1) if match else text).strip()
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rstrip() + "…"
    return sentence


def gazette_overview(text: str) -> str:
    """An abstract as overview: one paragraph per 【section】, figure note dropped."""
    text = _SELECTED_FIGURE.sub("", text or "").strip()
    text = _MARKER.sub(lambda m: f"\n\n【{m.group(1)}】", text).strip()
    return text


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


_US_SPECIAL = re.compile(r"^US(D|RE|PP|H|T)0*(\d+)(?:[A-Z]\d?)?$")
_JP_ERA_PUB = re.compile(r"^JP([MTSHR])(\d{2})(\d{6})([AU]\d?)?$")
_ERA_NAMES = {"M": "明", "T": "大", "S": "昭", "H": "平", "R": "令"}


def number_key(raw: str) -> tuple[str, str, str]:
    """(kind, key, country) of a record's ``number``.

    Uses listings.numbers; numbers it does not read are US design (D),
    reissue (RE), plant (PP) and statutory-invention (H, T) grants, keyed as
    ``USD242747``, and JP era-style publications (JPH04149661A = 特開平4-149661).
    Raises PatentNumberError for anything else.
    """
    try:
        number = normalize_patent_number(raw)
        return number.kind, number.key, number.country
    except PatentNumberError:
        text = nfkc(raw).upper().replace(" ", "")
        special = _US_SPECIAL.match(text)
        if special:
            return REGISTRATION, f"US{special.group(1)}{int(special.group(2))}", "US"
        era = _JP_ERA_PUB.match(text)
        if era:
            number = normalize_patent_number(
                f"特開{_ERA_NAMES[era.group(1)]}{int(era.group(2))}-{era.group(3)}"
            )
            return number.kind, number.key, number.country
        raise


# Spreadsheet exports write a missing value as text.
_MISSING = {"none", "nan", "null", "n/a"}


def _str_list(row: ParsedRow, record: dict, key: str) -> list[str] | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        return [text] if text and text.lower() not in _MISSING else None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip() and v.lower() not in _MISSING]
    row.error(key, _("Expected text or a list of texts."))
    return None


def _str(row: ParsedRow, record: dict, key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        row.error(key, _("Expected text."))
        return ""
    return value.strip()


def _ipc_from_cpc(symbols: list[str]) -> list[str]:
    """IPC subgroups among CPC symbols: skips Y, the 2000-series and non-IPC text."""
    result: list[str] = []
    for symbol in symbols:
        try:
            code = normalize_ipc(symbol)
        except IPCError:
            continue
        group = code.split(" ", 1)[1].split("/", 1)[0] if " " in code else ""
        if code.startswith("Y") or (group and int(group) >= 2000):
            continue
        if code not in result:
            result.append(code)
    return result


def parse_jsonl(text: str) -> Iterator[ParsedRow]:
    # split("\n"), not splitlines(): JSON text may hold U+2028 and friends.
    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        row = ParsedRow(line=line, source=ListingSource.JSONL)
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            row.error("", _("Not valid JSON: %(error)s") % {"error": exc.msg})
            yield row
            continue
        if not isinstance(record, dict):
            row.error("", _("Each line must be one JSON object."))
            yield row
            continue
        for key in ("number", "title", "abstract", "claims", "ipc", "cpc"):
            row.columns[key] = key
        row.columns.update(
            {
                "source_id": "number",
                "invention_title": "title",
                "overview": "abstract",
                "summary": "abstract",
                "ipc_codes": "ipc",
                "applicants": "applicant",
                "publication_date": "date",
                "registration_number": "number",
                "publication_number": "number",
                "language": "lang",
            }
        )
        number = _str(row, record, "number")
        title = _str(row, record, "title")
        if not number:
            row.error("number", _("This field is required."))
        if not title:
            row.error("title", _("This field is required."))
        lang = (_str(row, record, "lang") or "en").lower()
        if lang not in ("ja", "en"):
            row.error("lang", _("Write ja or en, not “%(value)s”.") % {"value": lang})
        row.fields["language"] = lang
        row.source_id = number
        if title:
            if len(title) > 300:
                row.warn("title", _("Title shortened to 300 characters."))
            row.fields["title"] = _truncate(title, 300)
            if len(title) > 500:
                row.warn("title", _("Title of invention shortened to 500 characters."))
            row.fields["invention_title"] = _truncate(title, 500)
        abstract = _str(row, record, "abstract")
        if abstract.lower() in _MISSING:
            abstract = ""
        if abstract:
            row.fields["overview"] = gazette_overview(abstract)
            row.fields["summary"] = first_sentence(abstract)
        elif title:
            # Design patents have no abstract: their title is the one-liner.
            row.defaults["summary"] = first_sentence(title)
        claims = _str_list(row, record, "claims")
        if claims:
            row.fields["claims"] = claims
        inventors = _str_list(row, record, "inventors")
        if inventors:
            row.fields["inventors"] = inventors
        ipc = _str_list(row, record, "ipc")
        if ipc:
            codes = row.parse("ipc", split_ipc, "\n".join(ipc))
            if codes:
                row.ipc = codes
        else:
            derived = _str_list(row, record, "ipc_main_groups_from_cpc")
            if derived:
                codes = row.parse(
                    "ipc_main_groups_from_cpc", split_ipc, "\n".join(derived)
                )
            else:
                codes = _ipc_from_cpc(_str_list(row, record, "cpc") or [])
            if codes:
                row.ipc = codes
        right: dict = {}
        if number:
            try:
                kind, key, country = number_key(number)
            except PatentNumberError:
                row.error(
                    "number",
                    _("Not a patent number: %(value)s") % {"value": number},
                )
            else:
                target = f"{kind}_number"
                right[target] = number
                right["country"] = country
                row.number_keys[target] = key
        application = _str(row, record, "application_number")
        if application:
            right["application_number"] = application
        for key, target in (
            ("date", "publication_date"),
            ("filing_date", "filing_date"),
        ):
            value = row.parse(key, parse_date, _str(row, record, key))
            if value:
                right[target] = value
            row.columns[target] = key
        applicants = _str_list(row, record, "applicant")
        if applicants:
            right["applicants"] = ("、" if lang == "ja" else "; ").join(applicants)
            right["co_owned"] = len(applicants) > 1
        if right:
            row.right = right
        row.defaults.update(DEFAULT_OFFER)
        yield row


PARSERS = {INPIT_CSV: parse_inpit, CSV: parse_template_csv, JSONL: parse_jsonl}
