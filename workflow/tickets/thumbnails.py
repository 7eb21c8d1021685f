"""Evidence thumbnails made on the server with Pillow, cached beside the evidence store.

Village networks are slow: lists show a ~320 px JPEG of a few KB, never the original photo.
A thumbnail is keyed by the file's SHA-256 and size, so it is made once however often it is shown.
"""

from __future__ import annotations

import os
import tempfile
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from workflow.tickets.storage import EvidenceStore

THUMB_PX = 320
# Refuse decompression bombs well before Pillow's own default warning level.
Image.MAX_IMAGE_PIXELS = 80_000_000


def thumbnail_path(store: EvidenceStore, sha256: str, size: int = THUMB_PX) -> Path:
    return store.root.parent / "thumbs" / sha256[:2] / f"{sha256}-{size}.jpg"


def thumbnail(store: EvidenceStore, sha256: str, *, size: int = THUMB_PX) -> Path | None:
    """The cached thumbnail's path, made now if missing; None when the file is not a readable image."""
    target = thumbnail_path(store, sha256, size)
    if target.exists():
        return target
    try:
        with Image.open(BytesIO(store.read(sha256))) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((size, size))
            out = BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(out.getvalue())
    os.replace(tmp, target)
    return target
