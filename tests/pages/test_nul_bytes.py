"""A NUL character in any text a caller sends is refused with 422 and changes nothing, on both databases.

Found by the API fuzzer: ``GET /api/v1/people?q=…%00…`` was a 500 on PostgreSQL (its text cannot hold U+0000).
"""

from __future__ import annotations

from sqlalchemy import func, select

from tests.helpers import file_via_api, login
from tests.pages.conftest import post_form
from workflow.tickets.models import Ticket


def _tickets(sessions) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(Ticket))


def test_a_nul_in_a_search_is_422_with_the_reason_not_a_server_error(client, world):
    r = client.get("/api/v1/people", params={"q": "王\x00"}, headers=login(client, "admin"))
    assert r.status_code == 422, r.text
    assert "NUL" in r.json()["message"]


def test_a_nul_in_a_json_title_files_nothing(client, world, sessions):
    headers = login(client, "inspector")
    r = client.post("/api/v1/tickets", json={"title": "村道\x00垃圾", "place_id": world.units["dongfeng"]},
                    headers=headers)
    assert r.status_code == 422 and "NUL" in r.json()["message"]
    assert _tickets(sessions) == 0
    escaped = file_via_api(client, headers, world, title="路径 C:\\\\u0000 是文字")
    assert escaped["title"] == "路径 C:\\\\u0000 是文字", "an escaped backslash before u0000 is plain text"


def test_a_nul_typed_into_a_page_form_gets_the_error_page(browser_as, world, sessions):
    client = browser_as("inspector")
    r = post_form(client, "/tickets/new", {"title": "村道\x00垃圾", "place_id": str(world.units["dongfeng"])})
    assert r.status_code == 422 and "控制字符" in r.text and "<html" in r.text
    assert _tickets(sessions) == 0
