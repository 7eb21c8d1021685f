"""Org unit shapes for the API and the admin pages."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workflow.bounds import RowId


def _name(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise ValueError("单位名称不能为空")
    return value


class OrgUnitRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: str
    kind_label: str
    code: str | None
    parent_id: RowId | None
    serves_unit_id: RowId | None
    path: str
    is_active: bool
    poverty_alleviated: bool
    relocation_site: bool
    merged_into_id: RowId | None
    latitude: float | None = None
    longitude: float | None = None


# WGS-84 degrees, as a phone's GPS writes them (issue 16: photos taken far from the village are flagged).
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class OrgUnitCreate(BaseModel):
    name: str = Field(max_length=200)
    kind: str
    parent_id: RowId
    serves_unit_id: RowId | None = None
    poverty_alleviated: bool = False
    relocation_site: bool = False
    latitude: Latitude | None = None
    longitude: Longitude | None = None

    _check_name = field_validator("name")(_name)


class OrgUnitUpdate(BaseModel):
    """Rename, set the village flags or the village a work team serves; moving has its own route."""

    name: str | None = Field(default=None, max_length=200)
    serves_unit_id: RowId | None = None
    poverty_alleviated: bool | None = None
    relocation_site: bool | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None

    _check_name = field_validator("name")(_name)


class OrgUnitMove(BaseModel):
    parent_id: RowId


class OrgUnitMerge(BaseModel):
    into_id: RowId
