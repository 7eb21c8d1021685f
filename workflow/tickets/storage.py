"""Evidence files on disk, named by SHA-256 so the same photo is stored once.

A photo's thumbnail lives beside it (``<sha256>.thumb.jpg``), written at upload after the photo was
decoded (workflow/uploads/images.py): its presence is the record that the file is a decoded raster
image, the only kind ever served inline.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

THUMB_SUFFIX = ".thumb.jpg"


class EvidenceStore:
    def __init__(self, root: Path):
        self.root = Path(root) / "evidence"

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def thumbnail_path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{THUMB_SUFFIX}"

    def display_path(self, sha256: str, evidence_id: int) -> Path:
        """The watermarked display copy of one evidence row (its stamp names the ticket: one per row)."""
        return self.root / sha256[:2] / f"{sha256}.display-{evidence_id}.jpg"

    def has_thumbnail(self, sha256: str) -> bool:
        return self.thumbnail_path(sha256).exists()

    def has_thumbnail_of(self, content: bytes) -> bool:
        return self.has_thumbnail(hashlib.sha256(content).hexdigest())

    def put(self, content: bytes, *, thumbnail: bytes | None = None) -> str:
        digest = hashlib.sha256(content).hexdigest()
        write_once(self.path_for(digest), content)
        if thumbnail is not None:
            write_once(self.thumbnail_path(digest), thumbnail)
        return digest

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()


def write_once(target: Path, content: bytes) -> None:
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    os.replace(tmp, target)
