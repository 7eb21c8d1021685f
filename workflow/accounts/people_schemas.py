"""Person shapes for the API and the admin pages (the roster, 花名册)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workflow.bounds import RowId


class PersonRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    mobile: str | None
    org_unit_id: RowId
    post: str | None
    posts: list[str]
    posts_label: str
    username: str | None
    roles: list[str]
    is_active: bool

    @field_validator("roles", mode="before")
    @classmethod
    def _sorted(cls, value):
        return sorted(value)


class PersonCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    unit_id: RowId
    mobile: str | None = None
    posts: list[str] = []
    username: str | None = None
    roles: list[str] = []
    is_active: bool = True


class PersonUpdate(BaseModel):
    """Only the fields sent are changed; moving a cadre is a change of ``unit_id`` and/or ``posts``."""

    name: str | None = Field(default=None, min_length=1, max_length=100)
    unit_id: RowId | None = None
    mobile: str | None = None
    posts: list[str] | None = None
    username: str | None = None
    roles: list[str] | None = None
    is_active: bool | None = None


class OpenTicketRead(BaseModel):
    id: int
    number: str
    title: str
    state: str
    lead_unit_id: RowId | None


class PersonSaved(BaseModel):
    """The person, the temporary password when a login was just created (shown once), and the open
    tickets they are responsible for, to be reassigned after a move."""

    person: PersonRead
    temporary_password: str | None = None
    open_tickets: list[OpenTicketRead] = []


class Reassign(BaseModel):
    to_person_id: RowId
    ticket_ids: list[RowId] | None = None


class VacancyRead(BaseModel):
    unit_id: RowId
    unit_name: str
    unit_kind: str
    post: str
    post_label: str
    holders: list[str]
    vacant: bool
    policies: list[str]


def saved_read(saved) -> PersonSaved:
    """``people.Saved`` → the API shape."""
    return PersonSaved(
        person=PersonRead.model_validate(saved.person), temporary_password=saved.temporary_password,
        open_tickets=[OpenTicketRead(id=t.id, number=t.number, title=t.title, state=t.state,
                                     lead_unit_id=t.lead_unit_id) for t in saved.open_tickets])
