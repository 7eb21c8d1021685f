"""File downloads: the right media type and a Chinese file name that every browser keeps.

Uploaded files (evidence, 约谈 attachments) are shown inline only when they are photos decoded at upload,
which their stored thumbnail proves (workflow/tickets/storage.py); everything else downloads as an
attachment, under a type from our allow-list or as bytes. A sandboxing CSP keeps even a hostile file
opened in a tab from running script with the site's cookies.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from workflow.tickets.storage import EvidenceStore
from workflow.uploads.kinds import PDF, PHOTO_MIMES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


UPLOAD_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def disposition(filename: str, kind: str = "attachment") -> str:
    """RFC 6266/5987: an ASCII fallback plus the UTF-8 name."""
    return f"{kind}; filename=\"download{os.path.splitext(filename)[1]}\"; filename*=UTF-8''{quote(filename)}"


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


def display_image(path) -> FileResponse:
    """A JPEG the server made itself (a watermarked display copy): inline, private, sandboxed."""
    return FileResponse(path, media_type="image/jpeg", headers={
        "Cache-Control": "private, max-age=86400", "Content-Security-Policy": UPLOAD_CSP,
        "Content-Disposition": disposition(f"展示版-{os.path.basename(path)}", "inline")})


def stored_upload(store: EvidenceStore, sha256: str, content_type: str, filename: str) -> FileResponse:
    """An uploaded file as it may be served: inline for a decoded photo, as an attachment otherwise."""
    inline = content_type in PHOTO_MIMES and store.has_thumbnail(sha256)
    media_type = content_type if inline or content_type == PDF.mime else "application/octet-stream"
    headers = {"Content-Disposition": disposition(filename, "inline" if inline else "attachment"),
               "Cache-Control": "private, max-age=86400", "Content-Security-Policy": UPLOAD_CSP}
    return FileResponse(store.path_for(sha256), media_type=media_type, headers=headers)
