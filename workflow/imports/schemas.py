"""Import result shape for the API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from workflow.bounds import RowId


class ImportResultRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    batch_id: RowId
    campaign_id: RowId
    filename: str
    rows: int
    created: int
    skipped: int
    already_imported: bool
    first_number: str | None
    last_number: str | None
    skipped_rows: list[int]
