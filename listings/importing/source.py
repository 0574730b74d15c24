"""Read an import file: size limit, encoding, and a refusal of binary data."""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext as _


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (nothing was written)."""


def read_bytes(path: str | os.PathLike, *, max_bytes: int) -> bytes:
    """Return the file's bytes, refusing a missing, empty or oversize file."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read the file %(path)s: %(error)s")
            % {"path": path, "error": exc.strerror or exc}
        ) from exc
    check_size(size, max_bytes=max_bytes)
    with path.open("rb") as handle:
        # Read one byte more than allowed: the file may have grown since stat().
        data = handle.read(max_bytes + 1)
    check_size(len(data), max_bytes=max_bytes)
    return data


def check_size(size: int, *, max_bytes: int) -> None:
    if size > max_bytes:
        raise ImportFileError(
            _(
                "The file is too large (%(size)s MB; at most %(limit)s MB). "
                "Split it into smaller files."
            )
            % {
                "size": f"{size / 1_048_576:.1f}",
                "limit": f"{max_bytes / 1_048_576:.1f}",
            }
        )
    if size == 0:
        raise ImportFileError(_("The file is empty."))


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, *, allow_cp932: bool = True) -> str:
    """Decode strictly: UTF-8 (with or without BOM), then CP932 (Shift_JIS).

    Nothing is guessed: bytes that are neither raise ImportFileError naming
    the line of the first undecodable byte. UTF-16 and binary files are
    refused with their own message.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ImportFileError(
            _(
                "The file is encoded as UTF-16. Save it as UTF-8 (or Shift_JIS) "
                "and upload it again."
            )
        )
    if b"\x00" in data[:65536]:
        raise ImportFileError(
            _(
                "This is not a text file (it contains binary data). Upload a "
                "CSV or JSON Lines file."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if not allow_cp932:
            raise ImportFileError(
                _(
                    "The file is not valid UTF-8 (undecodable byte on line "
                    "%(line)s). Save it as UTF-8."
                )
                % {"line": _line_of(data, utf8_error.start)}
            ) from utf8_error
        try:
            text = data.decode("cp932")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _(
                    "The file is neither UTF-8 nor Shift_JIS (CP932): "
                    "undecodable byte on line %(line)s. Save it as UTF-8."
                )
                % {
                    # The encoding that read further is the one the file was
                    # meant to be in: its failure is the byte to fix.
                    "line": _line_of(data, max(exc.start, utf8_error.start))
                }
            ) from exc
    if any(ord(ch) < 32 and ch not in "\t\r\n\f\v" for ch in text[:65536]):
        raise ImportFileError(
            _(
                "This is not a text file (it contains control characters). "
                "Upload a CSV or JSON Lines file."
            )
        )
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    return text
