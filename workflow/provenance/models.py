"""One row per uploaded photo: what it says about itself (EXIF), what it looks like (hashes), what is odd."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime


class EvidencePhoto(Base):
    """The provenance of one evidence photo; the ``phash_b*`` bands are the near-duplicate index (index.py)."""

    __tablename__ = "evidence_photo"
    __table_args__ = tuple(Index(f"ix_evidence_photo_phash_b{i}", f"phash_b{i}") for i in range(4))

    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    width: Mapped[int]
    height: Mapped[int]
    has_exif: Mapped[bool] = mapped_column(default=False)
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    device: Mapped[str | None] = mapped_column(String(200))
    software: Mapped[str | None] = mapped_column(String(200))
    phash: Mapped[str] = mapped_column(String(16))
    dhash: Mapped[str] = mapped_column(String(16))
    phash_b0: Mapped[int] = mapped_column(Integer)
    phash_b1: Mapped[int] = mapped_column(Integer)
    phash_b2: Mapped[int] = mapped_column(Integer)
    phash_b3: Mapped[int] = mapped_column(Integer)
    # What flags.py found at upload: [{"kind", "reason", "evidence_id"?, "ticket_id"?, "ticket_number"?, ...}]
    flags: Mapped[list] = mapped_column(JSON, default=list)
