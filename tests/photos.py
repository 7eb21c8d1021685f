"""Real JPEGs made in the test: a textured, structured scene per seed, with or without EXIF time and GPS.

Flat colours make degenerate perceptual hashes, so each scene is a gradient with rectangles, ellipses and
lines placed by a seeded random generator: the same seed is the same scene, another seed another one.
EXIF is written with piexif, the way a phone camera writes it (local time, degrees/minutes/seconds).
"""

from __future__ import annotations

import random
from datetime import datetime
from io import BytesIO

import piexif
from PIL import Image, ImageDraw

from workflow.clock import to_local

# 东风村 in the test world: Longjiang, Qionghai (seed 000), placed here by the tests.
VILLAGE = (19.1552, 110.3241)
NEAR = (19.1590, 110.3270)  # ≈ 0.5 km away
FAR = (19.3352, 110.3241)  # 0.18° of latitude north ≈ 20 km away


def scene(seed: int, size: tuple[int, int] = (1200, 900)) -> Image.Image:
    rnd = random.Random(seed)
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    w, h = size
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)], fill=(int(90 + 120 * t), int(140 + 60 * t), int(200 - 150 * t)))
    for _ in range(40):
        x0, y0 = rnd.randrange(w), rnd.randrange(h)
        box = [x0, y0, x0 + rnd.randrange(40, 400), y0 + rnd.randrange(40, 300)]
        colour = tuple(rnd.randrange(256) for _ in range(3))
        (draw.rectangle if rnd.random() < 0.5 else draw.ellipse)(box, fill=colour)
    for _ in range(60):
        draw.line([rnd.randrange(w), rnd.randrange(h), rnd.randrange(w), rnd.randrange(h)],
                  fill=tuple(rnd.randrange(256) for _ in range(3)), width=rnd.randrange(2, 9))
    return img


def doctored_copy(image: Image.Image, *, crop: float = 0.02, scale: float = 0.66) -> Image.Image:
    """What a 纸面整改 does with an old photo: crop a little off the edges, shrink it (then save it again)."""
    w, h = image.size
    dx, dy = int(w * crop), int(h * crop)
    cropped = image.crop((dx, dy, w - dx // 2, h - dy // 2))
    return cropped.resize((int(cropped.width * scale), int(cropped.height * scale)))


def _dms(value: float) -> tuple:
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60 * 100)
    return ((d, 1), (m, 1), (s, 100))


def exif(*, taken: datetime | None = None, gps: tuple[float, float] | None = None, make: str = "HUAWEI",
         model: str = "ELS-AN00", software: str | None = None) -> bytes:
    zeroth = {piexif.ImageIFD.Make: make, piexif.ImageIFD.Model: model}
    if software:
        zeroth[piexif.ImageIFD.Software] = software
    details = {}
    if taken is not None:
        details[piexif.ExifIFD.DateTimeOriginal] = to_local(taken).strftime("%Y:%m:%d %H:%M:%S")
    position = {}
    if gps is not None:
        lat, lon = gps
        position = {piexif.GPSIFD.GPSLatitudeRef: "N" if lat >= 0 else "S", piexif.GPSIFD.GPSLatitude: _dms(lat),
                    piexif.GPSIFD.GPSLongitudeRef: "E" if lon >= 0 else "W", piexif.GPSIFD.GPSLongitude: _dms(lon)}
    return piexif.dump({"0th": zeroth, "Exif": details, "GPS": position})


def jpeg(image: Image.Image, *, quality: int = 85, exif_bytes: bytes | None = None) -> bytes:
    out = BytesIO()
    image.save(out, "JPEG", quality=quality, **({"exif": exif_bytes} if exif_bytes else {}))
    return out.getvalue()


def camera_photo(seed: int, *, taken: datetime | None, gps: tuple[float, float] | None = VILLAGE, **kw) -> bytes:
    """A phone photo of scene ``seed`` with EXIF time and place (either may be None)."""
    return jpeg(scene(seed), exif_bytes=exif(taken=taken, gps=gps, **kw))
