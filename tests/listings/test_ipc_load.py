import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from listings.models import IPCCode

pytestmark = pytest.mark.django_db

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SCHEME = SHARED_DATA / "classification" / "ipc_scheme_en.jsonl"

ROWS = [
    {"code": "H", "kind": "section", "level": 1, "parent": None, "title": "ELECTRICITY"},
    {"code": "H01", "kind": "class", "level": 2, "parent": "H", "title": "BASIC ELECTRIC ELEMENTS"},
    {"code": "H01M", "kind": "subclass", "level": 3, "parent": "H01", "title": "BATTERIES"},
    {"code": "H01M 4/00", "kind": "main_group", "level": 4, "parent": "H01M", "title": "Electrodes"},
    {"code": "H01M 4/38", "kind": "subgroup", "level": 5, "parent": "H01M 4/00", "title": "of elements or alloys"},
]  # fmt: skip


def _write(tmp_path, rows, extra_lines=()):
    path = tmp_path / "ipc.jsonl"
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return path


def _load(path, *args):
    out = StringIO()
    call_command("listings_load_ipc", str(path), *args, stdout=out)
    return out.getvalue()


def test_load_creates_hierarchy(tmp_path):
    output = _load(_write(tmp_path, ROWS))
    assert "5 created, 0 updated, 0 unchanged" in output
    leaf = IPCCode.objects.get(code="H01M 4/38")
    assert leaf.kind == "subgroup"
    assert leaf.level == 5
    assert leaf.parent.code == "H01M 4/00"
    assert leaf.title_en == "of elements or alloys"
    assert leaf.title_ja == ""
    assert IPCCode.objects.get(code="H").parent is None


def test_rerun_is_idempotent_and_keeps_japanese_titles(tmp_path):
    path = _write(tmp_path, ROWS)
    _load(path)
    IPCCode.objects.filter(code="H01M").update(title_ja="電池")
    assert "0 created, 0 updated, 5 unchanged" in _load(path)
    changed = [dict(row) for row in ROWS]
    changed[2]["title"] = "BATTERIES; ACCUMULATORS"
    output = _load(_write(tmp_path, changed))
    assert "0 created, 1 updated, 4 unchanged" in output
    row = IPCCode.objects.get(code="H01M")
    assert row.title_en == "BATTERIES; ACCUMULATORS"
    assert row.title_ja == "電池"
    assert IPCCode.objects.count() == 5


def test_dry_run_writes_nothing(tmp_path):
    output = _load(_write(tmp_path, ROWS), "--dry-run")
    assert "Dry run" in output
    assert "5 created" in output
    assert not IPCCode.objects.exists()


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "line 6: not valid JSON"),
        (json.dumps({"kind": "subgroup", "level": 5, "parent": "H01M 4/00"}), "line 6: missing code"),
        (json.dumps({"code": "H01M 4/40", "kind": "chapter", "level": 5, "parent": "H01M 4/00"}), "line 6: unknown kind"),
        (json.dumps({"code": "h01m4/40", "kind": "subgroup", "level": 5, "parent": "H01M 4/00"}), "line 6: code 'h01m4/40' is not canonical"),
        (json.dumps({"code": "H01M 4/38", "kind": "subgroup", "level": 5, "parent": "H01M 4/00"}), "line 6: duplicate code"),
    ],
)  # fmt: skip
def test_bad_line_aborts_and_writes_nothing(tmp_path, bad_line, message):
    path = _write(tmp_path, ROWS, [bad_line])
    with pytest.raises(CommandError) as err:
        _load(path)
    assert message in str(err.value)
    assert not IPCCode.objects.exists()


def test_bad_line_leaves_existing_rows_untouched(tmp_path):
    _load(_write(tmp_path, ROWS))
    changed = [dict(row) for row in ROWS]
    changed[0]["title"] = "CHANGED"
    with pytest.raises(CommandError):
        _load(_write(tmp_path, changed, ["[1, 2]"]))
    assert IPCCode.objects.get(code="H").title_en == "ELECTRICITY"


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        _load(tmp_path / "nope.jsonl")


def test_bad_line_gives_non_zero_exit(tmp_path):
    import subprocess
    import sys

    path = _write(tmp_path, ROWS, ["{broken"])
    result = subprocess.run(
        [sys.executable, "manage.py", "listings_load_ipc", str(path), "--dry-run"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        },
        timeout=120,
    )
    assert result.returncode != 0
    assert "line 6: not valid JSON" in result.stderr


def test_load_real_scheme():
    if not SCHEME.is_file():
        pytest.skip(f"shared data not found at {SCHEME}")
    output = _load(SCHEME, "--progress-every", "25000")
    assert "75287 created, 0 updated, 0 unchanged" in output
    assert "read 75000 rows" in output
    assert IPCCode.objects.count() == 75287
    assert IPCCode.objects.filter(kind="section").count() == 8
    row = IPCCode.objects.get(code="H01M 4/38")
    assert row.parent_id == "H01M 4/36"
    assert row.title_en == "of elements or alloys"
    assert "0 created, 0 updated, 75287 unchanged" in _load(SCHEME)
