"""A request's files, checked before anything is written: count, size, kind from content, photos decoded.

All files are checked first, so one bad file among several stores nothing (the caller writes only
after this returns). The stored content type is the sniffed one; the declared one is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workflow.errors import InvalidInput
from workflow.uploads import images, kinds
from workflow.uploads.kinds import Kind

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 10


@dataclass
class Upload:
    """A file as the client sent it: ``content_type`` is what the client claimed, and is not trusted."""

    filename: str
    content_type: str
    content: bytes


@dataclass
class Checked:
    filename: str
    kind: Kind
    content: bytes
    thumbnail: bytes | None  # photos only: made now, stored beside the file

    @property
    def content_type(self) -> str:
        return self.kind.mime


def check_uploads(uploads: list[Upload], *, has_thumbnail: Callable[[bytes], bool] = lambda content: False,
                  allowed: tuple[Kind, ...] = kinds.EVIDENCE_KINDS) -> list[Checked]:
    """``has_thumbnail(content)`` tells that the same bytes were decoded at an earlier upload (no second decode)."""
    if not uploads:
        raise InvalidInput("请至少选择一个文件", detail={"field": "files"})
    if len(uploads) > MAX_FILES:
        raise InvalidInput(f"一次最多上传 {MAX_FILES} 个文件，请分批上传", detail={"field": "files"})
    for u in uploads:  # cheap checks for every file before decoding any
        _check_one(u, allowed)
    checked = []
    for u in uploads:
        kind = kinds.sniff(u.content[:16])
        thumbnail = None
        if kind.is_photo and not has_thumbnail(u.content):
            thumbnail = images.make_thumbnail(u.content, kind, name=u.filename)
        checked.append(Checked(kinds.with_extension(u.filename, kind)[:300], kind, u.content, thumbnail))
    return checked


def _check_one(u: Upload, allowed: tuple[Kind, ...]) -> None:
    if not u.content:
        raise InvalidInput(f"文件“{u.filename}”是空的", detail={"field": "files"})
    if len(u.content) > MAX_FILE_BYTES:
        raise InvalidInput(f"文件“{u.filename}”超过 20MB", detail={"field": "files"})
    head = u.content[:16]
    if kinds.is_heif(head):
        raise InvalidInput(kinds.HEIC_REFUSED.format(name=u.filename), detail={"field": "files"})
    if kinds.sniff(head) not in allowed:
        raise InvalidInput(kinds.REFUSED.format(name=u.filename), detail={"field": "files"})
