"""The kinds of file we accept, recognised by their magic bytes; the name and declared type are ignored.

Photos: JPEG, PNG, WebP (decoded with Pillow at upload, so they may be shown inline). Documents: PDF
(always downloaded, never shown inline). HEIC, the iPhone default, is recognised only to say why it is
refused: no library here decodes it (pillow-heif is not installed), and a photo we cannot decode is one we
cannot check or thumbnail. The page's upload script converts photos to JPEG in the browser, so pages work.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    mime: str
    extension: str
    pillow_format: str | None = None  # set for photos: the one Pillow decoder allowed to open them

    @property
    def is_photo(self) -> bool:
        return self.pillow_format is not None


JPEG = Kind("jpeg", "image/jpeg", ".jpg", "JPEG")
PNG = Kind("png", "image/png", ".png", "PNG")
WEBP = Kind("webp", "image/webp", ".webp", "WEBP")
PDF = Kind("pdf", "application/pdf", ".pdf")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")

EVIDENCE_KINDS = (JPEG, PNG, WEBP, PDF)
PHOTO_MIMES = frozenset(k.mime for k in EVIDENCE_KINDS if k.is_photo)
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")

REFUSED = "不支持的文件类型：“{name}”。只能上传 JPEG、PNG、WebP 格式的照片或 PDF 文件"
HEIC_REFUSED = ("暂不支持 HEIC/HEIF 格式的照片：“{name}”。请通过网页上传（网页会自动转换为 JPEG），"
                "或在苹果手机“设置 → 相机 → 格式”中选择“兼容性最佳”后重新拍摄")


def sniff(head: bytes) -> Kind | None:
    """The kind of a file from its first bytes (16 are enough), or None when it is none of ours."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return XLSX  # a zip; workflow/imports checks that it holds a workbook
    return None


def is_heif(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS


def with_extension(filename: str, kind: Kind) -> str:
    """The name a download gets: the kind's extension appended when the name claims another one."""
    name = filename.strip() or "file"
    if name.lower().endswith(kind.extension) or (kind is JPEG and name.lower().endswith(".jpeg")):
        return name
    return name + kind.extension
