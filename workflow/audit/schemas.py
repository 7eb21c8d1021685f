"""The anchor as the API hands it out (for printing or sending to the supervising body)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from workflow.bounds import RowId


class AnchorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    day: date
    at: datetime
    last_event_id: RowId
    tickets: int
    events: int
    prev_digest: str
    digest: str
