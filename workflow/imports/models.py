"""One row per imported problem-list file.

The unique (campaign, SHA-256 of the file) key makes a second upload of the same bytes a no-op even
when two uploads race; rows already filed in the campaign are skipped by their natural key
(place + title), so a re-saved or extended file does not duplicate tickets either.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base, UTCDateTime


class ImportBatch(Base):
    __tablename__ = "import_batch"
    __table_args__ = (UniqueConstraint("campaign_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(300))
    rows: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
