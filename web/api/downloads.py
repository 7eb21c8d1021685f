"""File downloads: the right media type and a Chinese file name that every browser keeps."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def disposition(filename: str) -> str:
    """RFC 6266/5987: an ASCII fallback plus the UTF-8 name."""
    return f"attachment; filename=\"download{os.path.splitext(filename)[1]}\"; filename*=UTF-8''{quote(filename)}"


def attachment(content: bytes, filename: str, media_type: str) -> Response:
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition(filename)})


@contextmanager
def temp_path(suffix: str) -> Iterator[str]:
    """A file to write a large export into. On success ``file_response`` deletes it once sent;
    if writing fails it is deleted here."""
    fd, path = tempfile.mkstemp(prefix="zhenggai-", suffix=suffix)
    os.close(fd)
    try:
        yield path
    except BaseException:
        os.unlink(path)
        raise


def file_response(path: str, filename: str, media_type: str) -> FileResponse:
    return FileResponse(path, media_type=media_type, headers={"Content-Disposition": disposition(filename)},
                        background=BackgroundTask(os.unlink, path))
