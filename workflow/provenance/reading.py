"""What a photo says about itself, read from its EXIF with Pillow; hashes from the stored thumbnail.

Only the header is read here (``Image.open`` decodes no pixels); the pixels were decoded once already,
under the upload's pixel cap, to make the thumbnail, and the perceptual hashes are taken from that
thumbnail (pHash and dHash shrink to 32×32 and 9×8 anyway, and the thumbnail is already turned upright).
EXIF times carry no zone unless OffsetTimeOriginal says so: they are read as China time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO

from PIL import ExifTags, Image

from workflow.clock import LOCAL_TZ
from workflow.provenance import hashes

IFD = ExifTags.IFD
TAGS = ExifTags.Base
GPS = ExifTags.GPS


@dataclass
class PhotoFacts:
    width: int
    height: int
    has_exif: bool
    captured_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    device: str | None = None
    software: str | None = None
    phash: str = ""
    dhash: str = ""


def read_facts(content: bytes, thumbnail: bytes) -> PhotoFacts:
    with Image.open(BytesIO(content)) as image:
        width, height = image.size
        facts = PhotoFacts(width=width, height=height, has_exif=False)
        try:
            _read_exif(image.getexif(), facts)
        except Exception:  # a mangled EXIF block is a fact about the photo, not a failed upload
            facts.has_exif = True  # it had one; what it says cannot be read, so time and place count as missing
    with Image.open(BytesIO(thumbnail)) as small:
        small.load()
        facts.phash, facts.dhash = hashes.phash(small), hashes.dhash(small)
    return facts


def _read_exif(exif, facts: PhotoFacts) -> None:
    facts.has_exif = len(exif) > 0
    if not facts.has_exif:
        return
    details = exif.get_ifd(IFD.Exif)
    facts.captured_at = _capture_time(details, exif)
    facts.latitude, facts.longitude = _position(exif.get_ifd(IFD.GPSInfo))
    facts.device = _text(" ".join(filter(None, (_text(exif.get(TAGS.Make)), _text(exif.get(TAGS.Model))))))
    facts.software = _text(exif.get(TAGS.Software))


def _text(value) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    value = value.strip("\x00 ").strip()
    return value[:200] or None


def _capture_time(details, exif) -> datetime | None:
    raw = _text(details.get(TAGS.DateTimeOriginal)) or _text(exif.get(TAGS.DateTime))
    if not raw:
        return None
    try:
        naive = datetime.strptime(raw[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return naive.replace(tzinfo=_zone(_text(details.get(TAGS.OffsetTimeOriginal)))).astimezone(UTC)


def _zone(offset: str | None):
    """'+08:00' → a fixed zone; absent or unreadable → China time."""
    if offset and len(offset) == 6 and offset[0] in "+-" and offset[3] == ":":
        try:
            minutes = int(offset[1:3]) * 60 + int(offset[4:6])
        except ValueError:
            return LOCAL_TZ
        return timezone(timedelta(minutes=minutes if offset[0] == "+" else -minutes))
    return LOCAL_TZ


def _position(gps) -> tuple[float | None, float | None]:
    try:
        lat = _degrees(gps[GPS.GPSLatitude], gps.get(GPS.GPSLatitudeRef, "N"), "S")
        lon = _degrees(gps[GPS.GPSLongitude], gps.get(GPS.GPSLongitudeRef, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None, None
    return lat, lon


def _degrees(dms, ref, negative: str) -> float:
    d, m, s = (float(x) for x in dms)
    value = d + m / 60 + s / 3600
    ref = ref.decode() if isinstance(ref, bytes) else str(ref)
    return -value if ref.strip("\x00 ").upper() == negative else value
