"""Photos are decoded once, at upload, under a pixel cap, a few at a time; the thumbnail is kept.

A phone photo is at most ~50 MP, and a JPEG decodes through ``draft()`` at 1/2 … 1/8 scale, so 60 MP costs a
few MB. PNG and WebP have no such shortcut: Pillow decodes them whole (3–4 bytes a pixel), so their cap is
lower. Both caps are checked from the header, before a single pixel is decoded (issue 14: a 0.5 MB PNG
claiming 12,600 × 12,600 passed Pillow's own check and cost +1.08 GB per thumbnail). At most ``SLOTS``
images are decoded at once in a process; an upload that cannot get a slot in time is refused (503)
rather than queued without bound. Viewing serves the stored thumbnail and never decodes the original.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from workflow.errors import InvalidInput
from workflow.uploads.errors import ServerBusy
from workflow.uploads.kinds import JPEG, Kind

THUMB_PX = 320
MAX_JPEG_PIXELS = 60_000_000
MAX_LOSSLESS_PIXELS = 30_000_000  # PNG, WebP: decoded at full size, ≈ 120 MB at 4 bytes a pixel
# Pillow's own guard (a warning above ~89 MP, an error above ~179 MP) is left as it is: it is global to the
# process, and ours is stricter and checked first. Its error still ends in our refusal (a header Pillow
# refuses to open is never decoded).


class ImageSlots:
    """A process-wide bound on concurrent decodes: memory is at most ``slots`` × the largest decode."""

    def __init__(self, slots: int, wait_seconds: float):
        self._semaphore = threading.BoundedSemaphore(slots)
        self.slots = slots
        self.wait_seconds = wait_seconds

    @contextmanager
    def held(self) -> Iterator[None]:
        if not self._semaphore.acquire(timeout=self.wait_seconds):
            raise ServerBusy()
        try:
            yield
        finally:
            self._semaphore.release()


SLOTS = ImageSlots(2, wait_seconds=30.0)


def max_pixels(kind: Kind) -> int:
    return MAX_JPEG_PIXELS if kind is JPEG else MAX_LOSSLESS_PIXELS


def make_thumbnail(content: bytes, kind: Kind, *, name: str, size: int = THUMB_PX) -> bytes:
    """Decode the photo (proving it is one) and return its JPEG thumbnail; refuse what cannot be decoded."""
    with SLOTS.held():
        try:
            with Image.open(BytesIO(content), formats=[kind.pillow_format]) as image:
                _check_pixels(image.size, kind, name)
                image.thumbnail((size, size))  # JPEG: draft() decodes at reduced scale; others: reduce()
                small = ImageOps.exif_transpose(image).convert("RGB")
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(name, kind) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
            raise InvalidInput(f"图片“{name}”已损坏或无法识别，请重新拍摄或另存后再上传",
                               detail={"field": "files"}) from exc
    out = BytesIO()
    small.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def _check_pixels(dimensions: tuple[int, int], kind: Kind, name: str) -> None:
    width, height = dimensions
    if width * height > max_pixels(kind):
        raise _too_many_pixels(name, kind, f"{width}×{height}")


def _too_many_pixels(name: str, kind: Kind, dimensions: str = "") -> InvalidInput:
    limit = max_pixels(kind) // 10_000
    size = f"（{dimensions} 像素）" if dimensions else ""
    return InvalidInput(f"图片“{name}”尺寸过大{size}，{kind.name.upper()} 图片不能超过 {limit} 万像素，"
                        f"请缩小后再上传", detail={"field": "files"})
