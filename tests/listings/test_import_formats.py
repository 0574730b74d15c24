"""listings_import: the three formats and every way a file can be bad."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from listings.constants import ListingSource, RightStatus, TrackRecord
from listings.importing.formats import INPIT_COLUMNS, TEMPLATE_COLUMNS, template_csv
from listings.importing.values import parse_date, split_ipc
from listings.models import Listing


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English message texts; the site default is Japanese."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def inpit_row(**overrides):
    row = {
        "開放特許情報番号": "L2019000123",
        "タイトル": "高効率な熱電変換モジュール",
        "開放特許情報登録日": "2019/04/01",
        "最新更新日": "令和元年5月7日",
        "出願番号": "特願2008-180290",
        "出願日": "2008年7月10日",
        "出願人": "国立大学法人テスト大学、株式会社テスト",
        "公開番号": "特開2010-019680",
        "登録番号": "",
        "特許権者": "",
        "発明の名称": "熱電変換素子及びその製造方法",
        "技術分野1": "電気・電子",
        "技術分野2": "",
        "技術分野3": "",
        "機能1": "発電",
        "機能2": "",
        "機能3": "",
        "適用製品": "排熱発電装置",
        "目的": "工場排熱を電力として回収する。",
        "効果": "変換効率が従来比で2倍になる。",
        "技術概要": "ビスマステルル系材料の微細構造を制御した。変換効率が高い。",
        "実施実績：有無": "無",
        "許諾実績：有無": "有",
        "国際特許分類（IPC）": "H10N 10/17、H10N10/01；H01L 35/32",
    }
    row.update(overrides)
    return row


def inpit_text(rows, columns=INPIT_COLUMNS):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue()


def run(path, fmt, owner, *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "listings_import",
        str(path),
        "--format",
        fmt,
        "--owner",
        owner.slug,
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def fails(path, fmt, owner, *extra):
    """Run expecting a CommandError; return its message plus stderr."""
    before = Listing.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command(
            "listings_import",
            str(path),
            "--format",
            fmt,
            "--owner",
            owner.slug,
            *extra,
            stdout=io.StringIO(),
            stderr=err,
        )
    assert Listing.objects.count() == before
    return f"{info.value}\n{err.getvalue()}"


# --- INPIT CSV -----------------------------------------------------------------------


def test_inpit_csv_in_cp932_maps_every_column(tmp_path, university):
    path = tmp_path / "inpit.csv"
    row = inpit_row(**{"国際特許分類（IPC）": "H10N 10/17、H10N10/01\nH01L 35/32"})
    path.write_bytes(inpit_text([row]).encode("cp932"))
    out, _err = run(path, "inpit-csv", university)
    assert "create 1" in out
    listing = Listing.objects.get()
    assert listing.owner == university
    assert listing.source == ListingSource.INPIT
    assert listing.source_id == "L2019000123"
    assert listing.title == "高効率な熱電変換モジュール"
    assert listing.invention_title == "熱電変換素子及びその製造方法"
    assert listing.purpose == "工場排熱を電力として回収する。"
    assert listing.overview.startswith("ビスマステルル系")
    assert listing.summary == "ビスマステルル系材料の微細構造を制御した。"
    assert listing.technical_field_1 == "電気・電子"
    assert listing.function_1 == "発電"
    assert listing.implementation_record == TrackRecord.NO
    assert listing.licensing_record == TrackRecord.YES
    assert listing.source_registered_on == date(2019, 4, 1)
    assert listing.source_updated_on == date(2019, 5, 7)
    assert listing.ipc_codes == ["H10N 10/17", "H10N 10/01", "H01L 35/32"]
    assert listing.language == "ja"
    assert listing.status == "draft"
    assert listing.index_dirty
    right = listing.rights.get()
    assert right.application_number_norm == "JP2008180290"
    assert right.publication_number_norm == "JP2010019680"
    assert right.filing_date == date(2008, 7, 10)
    assert right.applicants.startswith("国立大学法人テスト大学")
    assert right.co_owned is True
    assert right.status == RightStatus.PENDING


def test_inpit_csv_utf8_bom_and_halfwidth_colon_headers(tmp_path, university):
    columns = [
        c.replace("：", ":").replace("（", "(").replace("）", ")")
        for c in INPIT_COLUMNS
    ]
    row = inpit_row(登録番号="特許第4567890号", 特許権者="国立大学法人テスト大学")
    text = inpit_text(
        [{c2: row[c1] for c1, c2 in zip(INPIT_COLUMNS, columns, strict=True)}], columns
    )
    path = tmp_path / "inpit.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    run(path, "inpit-csv", university)
    listing = Listing.objects.get()
    assert listing.source_id == "L2019000123"
    assert listing.licensing_record == TrackRecord.YES
    right = listing.rights.get()
    assert right.registration_number_norm == "JP4567890"
    assert right.status == RightStatus.GRANTED


def test_inpit_missing_required_column_is_named(tmp_path, university):
    columns = [c for c in INPIT_COLUMNS if c != "開放特許情報番号"]
    path = tmp_path / "inpit.csv"
    path.write_text(inpit_text([inpit_row()], columns), encoding="utf-8")
    message = fails(path, "inpit-csv", university)
    assert "開放特許情報番号" in message


def test_inpit_malformed_ipc_names_line_column_and_value(tmp_path, university):
    rows = [
        inpit_row(),
        inpit_row(
            開放特許情報番号="L2",
            出願番号="特願2009-1",
            公開番号="",
            **{"国際特許分類（IPC）": "H01M 4/38, XYZ9"},
        ),
    ]
    path = tmp_path / "inpit.csv"
    path.write_text(inpit_text(rows), encoding="utf-8")
    message = fails(path, "inpit-csv", university)
    assert "line 3 [国際特許分類（IPC）]" in message
    assert "XYZ9" in message
    assert "nothing was imported" in message


def test_inpit_malformed_date_names_line_and_column(tmp_path, university):
    path = tmp_path / "inpit.csv"
    path.write_text(
        inpit_text(
            [
                inpit_row(出願日="2008/02/30"),
                inpit_row(
                    開放特許情報番号="L9",
                    出願番号="",
                    公開番号="",
                    開放特許情報登録日="昨日",
                ),
            ]
        ),
        encoding="utf-8",
    )
    message = fails(path, "inpit-csv", university)
    assert "line 2 [出願日]" in message and "2008/02/30" in message
    assert "line 3 [開放特許情報登録日]" in message and "昨日" in message


def test_inpit_bad_track_record_is_rejected(tmp_path, university):
    path = tmp_path / "inpit.csv"
    path.write_text(
        inpit_text([inpit_row(**{"実施実績：有無": "たぶん"})]), encoding="utf-8"
    )
    message = fails(path, "inpit-csv", university)
    assert "実施実績：有無" in message and "たぶん" in message


def test_duplicate_rows_are_rejected_or_reported(tmp_path, university):
    path = tmp_path / "inpit.csv"
    path.write_text(
        inpit_text([inpit_row(), inpit_row(タイトル="別の表題")]), encoding="utf-8"
    )
    message = fails(path, "inpit-csv", university)
    assert "line 3 [開放特許情報番号]" in message and "line 2" in message
    err = io.StringIO()
    with pytest.raises(CommandError, match="valid rows were imported"):
        call_command(
            "listings_import",
            str(path),
            "--format",
            "inpit-csv",
            "--owner",
            university.slug,
            "--skip-invalid",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "line 3 [開放特許情報番号]: Duplicate of line 2" in err.getvalue()
    assert Listing.objects.get().title == "高効率な熱電変換モジュール"


def test_skip_invalid_imports_good_rows_and_reports_bad(tmp_path, university):
    rows = [
        inpit_row(),
        inpit_row(
            開放特許情報番号="L2", 出願番号="特願2011-000001", 公開番号="", 出願日="x"
        ),
        inpit_row(開放特許情報番号="L3", 出願番号="特願2012-000002", 公開番号=""),
    ]
    path = tmp_path / "inpit.csv"
    path.write_text(inpit_text(rows), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 row"):
        call_command(
            "listings_import",
            str(path),
            "--format",
            "inpit-csv",
            "--owner",
            university.slug,
            "--skip-invalid",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "line 3 [出願日]" in err.getvalue()
    assert sorted(Listing.objects.values_list("source_id", flat=True)) == [
        "L2019000123",
        "L3",
    ]


# --- bad files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n  \n", "empty"),
        (bytes(range(256)) * 4, "not a text file"),
        ("開放特許情報番号,タイトル\n".encode("utf-16"), "UTF-16"),
        (b"\xe9t\xe9,caf\xe9\n", "neither UTF-8 nor Shift_JIS"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, university, content, expected):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert expected in fails(path, "inpit-csv", university)


def test_latin1_line_number_is_given(tmp_path, university):
    path = tmp_path / "bad.csv"
    text = inpit_text([inpit_row()]).encode("utf-8") + b"L3,caf\xe9\n"
    path.write_bytes(text)
    assert "line 3" in fails(path, "inpit-csv", university)


def test_oversize_file_is_refused(tmp_path, university, settings):
    settings.LISTINGS_IMPORT_MAX_BYTES = 100
    path = tmp_path / "big.csv"
    path.write_text(inpit_text([inpit_row()]), encoding="utf-8")
    assert "too large" in fails(path, "inpit-csv", university)


def test_jsonl_refuses_cp932_and_bad_json(tmp_path, university):
    path = tmp_path / "x.jsonl"
    path.write_bytes(
        json.dumps(
            {"number": "JP2010019680A", "title": "電力量計"}, ensure_ascii=False
        ).encode("cp932")
    )
    assert "not valid UTF-8" in fails(path, "jsonl", university)
    path.write_text('{"number": "US1", "title": "ok"}\n{"number": \n', encoding="utf-8")
    message = fails(path, "jsonl", university)
    assert "line 2" in message and "Not valid JSON" in message


def test_unknown_owner_is_an_error(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="nope"):
        call_command(
            "listings_import", str(path), "--format", "jsonl", "--owner", "nope"
        )


# --- CSV template ------------------------------------------------------------------------


def test_template_example_row_imports(tmp_path, university):
    path = tmp_path / "template.csv"
    path.write_text(template_csv(), encoding="utf-8")
    run(path, "csv", university)
    listing = Listing.objects.get()
    assert listing.source == ListingSource.CSV
    assert listing.source_id == "UT-2024-001"
    assert listing.license_types == ["non_exclusive", "option"]
    assert listing.offers_assignment is False
    assert listing.technical_support is True
    assert listing.samples_available is False
    assert listing.trl == 4
    assert listing.region == "13"
    assert listing.development_stage == "prototype"
    assert listing.inventors == ["山田 太郎", "佐藤 花子"]
    assert listing.ipc_codes == ["H01M 10/0562", "H01B 1/06"]
    right = listing.rights.get()
    assert right.application_number_norm == "JP2023123456"
    assert right.publication_date == date(2025, 1, 23)


def _template_with(**values):
    names = [c.name for c in TEMPLATE_COLUMNS]
    example = {c.name: c.example for c in TEMPLATE_COLUMNS}
    example.update(values)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(names)
    writer.writerow([example[n] for n in names])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("license_types", "non_exclusive;forever", "forever"),
        ("trl", "12", "TRL"),
        ("offers_license", "perhaps", "perhaps"),
        ("region", "Atlantis", "Atlantis"),
        ("title", "あ" * 301, "300"),
        ("contact_email", "not-an-email", ""),
        ("application_number", "hello", "hello"),
        ("development_stage", "someday", "someday"),
        ("country", "JPN", "2"),
    ],
)
def test_template_bad_values_name_line_and_column(
    tmp_path, university, column, value, expected
):
    path = tmp_path / "template.csv"
    path.write_text(_template_with(**{column: value}), encoding="utf-8")
    message = fails(path, "csv", university)
    assert f"line 2 [{column}]" in message
    assert expected.lower() in message.lower()


def test_template_unknown_column_is_refused(tmp_path, university):
    path = tmp_path / "template.csv"
    path.write_text("title,colour\nx,red\n", encoding="utf-8")
    assert "colour" in fails(path, "csv", university)


def test_template_row_needs_an_identity(tmp_path, university):
    path = tmp_path / "template.csv"
    path.write_text("title,summary\n無名の技術,説明\n", encoding="utf-8")
    assert "line 2 [source_id]" in fails(path, "csv", university)


# --- values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019/04/01", date(2019, 4, 1)),
        ("2019-04-01", date(2019, 4, 1)),
        ("20190401", date(2019, 4, 1)),
        ("２０１９年４月１日", date(2019, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("H31.4.30", date(2019, 4, 30)),
        ("4/30/2019", date(2019, 4, 30)),
        ("2019-04-01 00:00:00", date(2019, 4, 1)),
        ("", None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw", ["2019/13/01", "2019-02-29", "April 1st", "令和元年2月30日"]
)
def test_parse_date_rejects(raw):
    with pytest.raises(ValueError, match="date"):
        parse_date(raw)


def test_split_ipc_separators():
    assert split_ipc("H01M 4/38,H01M10/052；G06F 16/00／A61K 31/00\nB01J") == [
        "H01M 4/38",
        "H01M 10/052",
        "G06F 16/00",
        "A61K 31/00",
        "B01J",
    ]
    assert split_ipc("H01M 4/38 H01M 10/052") == ["H01M 4/38", "H01M 10/052"]
    with pytest.raises(ValueError, match="Q99"):
        split_ipc("H01M 4/38, Q99")
