"""Display copies for exports and bulletins: the photo, upright and at most 1600 px, with a band at the foot
saying which ticket, where and when. The original file is never touched; this copy is made on first request
(under the upload's decode slots, JPEGs decoded at reduced scale) and kept beside it in the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from workflow.clock import to_local
from workflow.uploads.images import SLOTS

DISPLAY_PX = 1600
# WenQuanYi Micro Hei (Debian fonts-wqy-microhei) draws the Chinese; without it the band keeps to ASCII.
CJK_FONTS = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
             Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"))


@dataclass(frozen=True)
class Stamp:
    ticket_number: str
    place: str
    at: datetime
    taken: bool  # ``at`` is the capture time (else the upload time)
    latitude: float | None = None
    longitude: float | None = None

    def lines(self, cjk: bool) -> list[str]:
        when = to_local(self.at).strftime("%Y-%m-%d %H:%M")
        where = f"{self.latitude:.5f}N {self.longitude:.5f}E" if self.latitude is not None else ""
        if not cjk:
            return [self.ticket_number, " ".join(filter(None, [when, where]))]
        return [f"{self.ticket_number} · {self.place}",
                f"{'拍摄' if self.taken else '上传'} {when}" + (f" · {where}" if where else "")]


def watermarked(content: bytes, stamp: Stamp) -> bytes:
    with SLOTS.held(), Image.open(BytesIO(content)) as image:
        image.draft("RGB", (DISPLAY_PX, DISPLAY_PX))  # JPEG: decode at 1/2 … 1/8 scale; others: no effect
        photo = ImageOps.exif_transpose(image).convert("RGB")
    photo.thumbnail((DISPLAY_PX, DISPLAY_PX))
    _stamp(photo, stamp)
    out = BytesIO()
    photo.save(out, "JPEG", quality=85)
    return out.getvalue()


def _stamp(photo: Image.Image, stamp: Stamp) -> None:
    font_path = next((p for p in CJK_FONTS if p.exists()), None)
    size = max(14, photo.width // 36)
    font = ImageFont.truetype(str(font_path), size) if font_path else ImageFont.load_default(size)
    lines = stamp.lines(cjk=font_path is not None)
    band = int(size * 1.35 * len(lines) + size * 0.8)
    overlay = Image.new("RGBA", (photo.width, band), (0, 0, 0, 150))
    draw = ImageDraw.Draw(overlay)
    for i, line in enumerate(lines):
        draw.text((size // 2, int(size * 0.4 + i * size * 1.35)), line, font=font, fill=(255, 255, 255, 255))
    photo.paste(overlay, (0, photo.height - band), overlay)
