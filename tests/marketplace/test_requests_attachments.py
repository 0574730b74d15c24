"""Attachments: allowed types by extension and content, size limit, private storage."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from marketplace import services
from marketplace.models import RequestAttachment, RequestMessage


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English message texts; the site default is Japanese."""
    with translation.override("en"):
        yield


pytest_plugins = ["tests.marketplace.requests_fixtures"]

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


GOOD = [
    ("a.pdf", b"%PDF-1.7\n..."),
    ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
    ("a.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
    ("a.docx", _docx()),
    ("a.xlsx", _docx()),
    ("a.pptx", _docx()),
    ("a.zip", _docx()),
    ("メモ.txt", "日本語のメモ".encode()),
    ("a.csv", "番号,名称\n1,電池\n".encode("cp932")),
]
BAD = [
    ("a.exe", b"MZ\x90\x00"),  # extension not allowed
    ("a.pdf", b"MZ\x90\x00"),  # executable renamed to .pdf
    ("a.png", b"%PDF-1.4"),  # wrong magic
    ("a.docx", b"%PDF-1.4"),
    ("a.txt", b"\x00\x01\x02binary"),
    ("noext", b"hello"),
    ("a.html", b"<script>alert(1)</script>"),
]


@pytest.mark.parametrize("name,content", GOOD)
def test_allowed_types(name, content, license_request, company_staff, settings):
    message = services.request_message_post(
        request=license_request,
        by=company_staff,
        body="",
        files=[SimpleUploadedFile(name, content)],
    )
    attachment = message.attachments.get()
    assert attachment.original_name == name
    assert attachment.size == len(content)
    path = Path(attachment.file.path)
    assert str(path).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert path.read_bytes() == content


@pytest.mark.parametrize("name,content", BAD)
def test_refused_types(name, content, license_request, company_staff):
    with pytest.raises(ValidationError):
        services.request_message_post(
            request=license_request,
            by=company_staff,
            body="x",
            files=[SimpleUploadedFile(name, content)],
        )
    assert not RequestMessage.objects.exists()
    assert not RequestAttachment.objects.exists()


def test_size_limit(license_request, company_staff, settings):
    settings.REQUEST_ATTACHMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 1024)
    with pytest.raises(ValidationError, match="larger"):
        services.request_message_post(
            request=license_request, by=company_staff, body="x", files=[big]
        )
    ok = SimpleUploadedFile("ok.pdf", b"%PDF-" + b"0" * 1000)
    services.request_message_post(
        request=license_request, by=company_staff, body="x", files=[ok]
    )
    assert RequestAttachment.objects.count() == 1


def test_empty_message_is_refused(license_request, company_staff):
    with pytest.raises(ValidationError):
        services.request_message_post(
            request=license_request, by=company_staff, body="  "
        )


def test_requester_answer_moves_info_requested_back_to_triage(
    license_request, company_staff, tlo_staff
):
    services.license_request_transition(
        request=license_request, by=tlo_staff, to="info_requested"
    )
    services.request_message_post(
        request=license_request, by=company_staff, body="追加資料です。"
    )
    license_request.refresh_from_db()
    assert license_request.status == "triage"


def test_no_messages_on_closed_requests(license_request, company_staff):
    services.license_request_transition(
        request=license_request, by=company_staff, to="withdrawn"
    )
    with pytest.raises(services.InvalidTransition):
        services.request_message_post(
            request=license_request, by=company_staff, body="まだ？"
        )
