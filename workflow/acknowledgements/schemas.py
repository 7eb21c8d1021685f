"""确认收到 requests out of the API (the token itself is never returned: it is the recipient's)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class AcknowledgementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    kind_label: str
    source_id: int
    ticket_id: int | None
    unit_id: int
    person_id: int | None
    recipient_label: str
    sent_at: datetime
    last_sent_at: datetime
    resent_count: int
    expires_at: datetime
    acknowledged_at: datetime | None
