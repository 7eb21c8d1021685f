"""Files posted to the API as the services take them: at most one byte past the size limit is read,
so an oversized file is refused by workflow/uploads/checks.py without being held whole in memory."""

from __future__ import annotations

from fastapi import UploadFile

from workflow.uploads.checks import MAX_FILE_BYTES, Upload


def uploads_from(files: list[UploadFile]) -> list[Upload]:
    return [Upload(filename=f.filename or "file", content_type=f.content_type or "application/octet-stream",
                   content=f.file.read(MAX_FILE_BYTES + 1)) for f in files]


__all__ = ["uploads_from"]
