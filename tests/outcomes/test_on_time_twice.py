"""Practice 3: the on-time rate against the original deadline and against the extended one, side by side in
the ranking API, the ledger export and the bulletin."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.docx_reading import open_docx, table_rows, text_of
from tests.helpers import login
from tests.outcomes.support import extended_and_plain, prepare


def test_an_extension_makes_a_ticket_on_time_only_against_the_extended_deadline(client, clock, sessions, world):
    prepare(sessions, world)
    extended_and_plain(client, clock, world)
    office = login(client, "office")
    (town,) = client.get("/api/v1/ledger/ranking", headers=office).json()["towns"]
    assert (town["on_time_rate"], town["on_time_rate_original"]) == (1.0, 0.5)

    book = load_workbook(io.BytesIO(client.get("/api/v1/ledger/export.xlsx", headers=office).content))
    sheet = book["进度统计表"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
    assert (row["责任单位"], row["按期整改率（原定期限）"], row["按期整改率"]) == ("龙江镇", 0.5, 1.0)

    document = open_docx(client.get("/api/v1/ledger/bulletin.docx?half=2026H2", headers=office).content)
    assert "按期整改率100.0%（按原定期限50.0%）" in text_of(document)
    towns = table_rows(document.tables[0])
    assert towns[0][-2:] == ["按期整改率（原定期限）", "按期整改率（延期后）"]
    assert towns[1][1] == "龙江镇" and towns[1][-2:] == ["50.0%", "100.0%"]
