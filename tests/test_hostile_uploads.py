"""Hostile files and bodies (issue 14): a script disguised as a photo, a decompression bomb, an anonymous
100 MB body. What is refused is refused with a Chinese message and stores nothing; nothing a user uploaded
is ever shown inline unless it is a photo decoded at upload; no body is read before its size and its
sender's credentials are known. SQLite and PostgreSQL, real HTTP on loopback where "not read" matters.
"""

from __future__ import annotations

import io
import re
import resource
import socket
import struct
import time
import zipfile
import zlib
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select

from tests.fakes.loopback import LoopbackServer
from tests.helpers import PNG, file_via_api, login, png, upload
from tests.pages.conftest import post_form, sign_in
from tests.pages.test_escalation_and_notify_pages import make_interview
from tests.xlsx import make_campaign, problem, workbook_bytes
from web.limits import DEFAULT_BODY_BYTES, body_limit
from workflow.imports import reading
from workflow.tickets.models import Evidence
from workflow.uploads import images

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="fetch(\'/api/v1/auth/me\')">'
       b'<script>alert(document.cookie)</script></svg>')
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` RGB pixels, with the start of a black image after it:
    a few KB on disk, width × height × 3 bytes once decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(4 << 20), 9))
            + chunk(b"IEND", b""))


def noise_png() -> bytes:
    """A real photo-sized PNG of ~2.5 MB (noise does not compress): over the 1 MB limit of plain bodies."""
    out = io.BytesIO()
    Image.effect_noise((1000, 1000), 100).convert("RGB").save(out, "PNG")
    assert len(out.getvalue()) > 1 << 20
    return out.getvalue()


def evidence_count(sessions) -> int:
    with sessions() as s:
        return s.scalar(select(func.count(Evidence.id)))


def stored_files(app) -> list:
    root = app.state.store.root
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def ticket(client, world):
    return file_via_api(client, login(client, "inspector"), world)


# --- 1. content decides the type; only decoded photos are shown inline -------------------------------------------

def test_an_svg_posing_as_a_png_photo_is_refused_and_nothing_is_stored(client, world, ticket, app, sessions):
    before = evidence_count(sessions)
    r = upload(client, login(client, "inspector"), ticket["id"], stage="found", content=SVG, name="现场.png")
    assert r.status_code == 422
    assert r.json()["message"] == "不支持的文件类型：“现场.png”。只能上传 JPEG、PNG、WebP 格式的照片或 PDF 文件"
    assert evidence_count(sessions) == before and stored_files(app) == []


def test_one_bad_file_among_good_ones_stores_none_of_them(client, world, ticket, app, sessions):
    before = evidence_count(sessions)
    r = client.post(f"/api/v1/tickets/{ticket['id']}/evidence", headers=login(client, "inspector"),
                    data={"stage": "found"}, files=[("files", ("a.png", png(1), "image/png")),
                                                   ("files", ("b.jpg", b"<html><script>x</script>", "image/jpeg"))])
    assert r.status_code == 422 and "“b.jpg”" in r.json()["message"]
    assert evidence_count(sessions) == before and stored_files(app) == []


def test_heic_photos_are_refused_with_advice_because_nothing_here_decodes_them(client, world, ticket, sessions):
    r = upload(client, login(client, "inspector"), ticket["id"], stage="found", content=HEIC, name="IMG_0001.HEIC",
               ctype="image/heic")
    assert r.status_code == 422
    assert "暂不支持 HEIC/HEIF 格式的照片" in r.json()["message"] and "兼容性最佳" in r.json()["message"]


def test_the_type_comes_from_the_content_and_only_a_decoded_photo_is_shown_inline(client, world, ticket):
    inspector = login(client, "inspector")
    r = upload(client, inspector, ticket["id"], stage="found", content=png(7), name="page.html",
               ctype="application/octet-stream")
    assert r.status_code == 201, r.text
    (photo,) = r.json()
    assert (photo["content_type"], photo["filename"]) == ("image/png", "page.html.png")
    shown = client.get(f"/api/v1/evidence/{photo['id']}/content", headers=inspector)
    assert shown.headers["content-type"] == "image/png" and shown.content == png(7)
    assert shown.headers["content-disposition"].startswith("inline")
    assert shown.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in shown.headers["content-security-policy"]

    (pdf,) = upload(client, inspector, ticket["id"], stage="found", content=b"%PDF-1.4 report", name="报告.pdf",
                    ctype="image/png").json()
    assert pdf["content_type"] == "application/pdf"
    got = client.get(f"/api/v1/evidence/{pdf['id']}/content", headers=inspector)
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith("attachment")


def test_a_row_stored_before_this_check_is_never_shown_inline(client, world, ticket, app, sessions):
    """A file accepted by its declared type in the past (no thumbnail: never decoded) now downloads as bytes."""
    (row,) = upload(client, login(client, "inspector"), ticket["id"], stage="found", content=b"%PDF-1.4 old").json()
    svg_sha = app.state.store.put(SVG)
    with sessions() as s:
        s.get(Evidence, row["id"]).sha256, s.get(Evidence, row["id"]).content_type = svg_sha, "image/svg+xml"
        s.commit()
    r = browser_get(client, "town", f"/evidence/{row['id']}/file")
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert browser_get(client, "town", f"/evidence/{row['id']}/thumb").headers["content-type"] == "image/svg+xml"


def browser_get(client, username: str, path: str):
    """A page route as a signed-in user (a fresh cookie jar on the same app)."""
    with TestClient(client.app) as browser:
        return sign_in(browser, username).get(path)


def test_interview_attachments_are_checked_by_content_and_downloaded_not_shown(client, world, sessions):
    interview = make_interview(sessions, world.units["dongfeng"])
    office = login(client, "office")
    url = f"/api/v1/interviews/{interview}/attachments"
    r = client.post(url, headers=office, files=[("files", ("记录.pdf", SVG, "application/pdf"))])
    assert r.status_code == 422 and "不支持的文件类型" in r.json()["message"]
    (kept,) = client.post(url, headers=office, files=[("files", ("记录.pdf", b"%PDF-1.7 x", "text/html"))]).json()
    assert kept["content_type"] == "application/pdf"
    got = client.get(f"/api/v1/interview-attachments/{kept['id']}/content", headers=office)
    assert got.headers["content-disposition"].startswith("attachment")
    page = browser_get(client, "office", f"/interview-attachments/{kept['id']}")
    assert page.headers["content-disposition"].startswith("attachment") and page.content == b"%PDF-1.7 x"


def test_an_import_must_be_a_workbook_by_content_and_not_a_zip_bomb(client, world, sessions, monkeypatch):
    campaign = make_campaign(sessions, world)
    office = login(client, "office")

    def post(content: bytes):
        return client.post("/api/v1/imports/problem-list", headers=office, data={"campaign_id": str(campaign)},
                           files={"file": ("问题清单.xlsx", content, XLSX_TYPE)})

    assert post(b"%PDF-1.4 not a workbook").json()["message"].startswith("文件不是有效的 Excel 工作簿")
    book = workbook_bytes([problem("村道垃圾未清理")])
    padded = io.BytesIO(book)
    with zipfile.ZipFile(padded, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(3 << 20))  # 3 MB unzipped, a few KB zipped
    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 2 << 20)
    r = post(padded.getvalue())
    assert r.status_code == 422 and r.json()["message"].startswith("工作簿解压后超过 2MB")
    assert post(book).status_code == 201


def test_every_response_says_nosniff(client, world):
    town = login(client, "town")
    for r in (client.get("/login"), client.get("/static/app.js"), client.get("/api/v1/auth/me"),
              client.get("/api/v1/auth/me", headers=town), client.get("/api/v1/tickets/999999", headers=town),
              client.post("/api/v1/tickets", headers=town, content=b"{" * (2 << 20))):
        assert r.headers.get("x-content-type-options") == "nosniff", (r.request.url, r.status_code)


# --- 2. decompression bombs and bounded image work --------------------------------------------------------------

def test_a_png_claiming_12600_by_12600_pixels_is_refused_from_its_header_quickly(client, world, ticket, app,
                                                                                  sessions):
    bomb = png_claiming(12_600, 12_600)
    assert len(bomb) < 100_000  # far under the 20 MB file limit
    inspector = login(client, "inspector")
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    started = time.monotonic()
    r = upload(client, inspector, ticket["id"], stage="found", content=bomb, name="bomb.png")
    elapsed = time.monotonic() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert r.status_code == 422, r.text
    assert r.json()["message"] == ("图片“bomb.png”尺寸过大（12600×12600 像素），PNG 图片不能超过 3000 万像素，"
                                   "请缩小后再上传")
    assert elapsed < 2 and grown_mb < 50, (elapsed, grown_mb)  # decoding it would take ~476 MB and seconds
    assert stored_files(app) == []


def test_a_photo_that_does_not_decode_is_refused(client, world, ticket):
    truncated = png(3, (200, 200))[:-40]
    r = upload(client, login(client, "inspector"), ticket["id"], stage="found", content=truncated, name="坏.png")
    assert r.status_code == 422 and r.json()["message"].startswith("图片“坏.png”已损坏或无法识别")


def test_image_work_is_bounded_and_a_busy_server_says_so_and_stores_nothing(client, world, ticket, app, sessions,
                                                                          monkeypatch):
    monkeypatch.setattr(images.SLOTS, "wait_seconds", 0)
    inspector = login(client, "inspector")
    with ExitStack() as held:
        for _ in range(images.SLOTS.slots):  # every slot taken by other uploads
            held.enter_context(images.SLOTS.held())
        r = upload(client, inspector, ticket["id"], stage="found", content=png(9))
        assert r.status_code == 503 and r.json()["message"].startswith("服务器正忙")
        assert stored_files(app) == []
    assert upload(client, inspector, ticket["id"], stage="found", content=png(9)).status_code == 201


# --- 3. bodies: size known and credentials checked before reading ------------------------------------------------

PART_START = (b'--x\r\nContent-Disposition: form-data; name="files"; filename="a.png"\r\n'
              b"Content-Type: image/png\r\n\r\n")


def first_reply(port: int, head: str, sent_body: bytes) -> tuple[int, bytes]:
    """Send the request head and only the start of its body, then read the answer: a server that wanted the
    whole body first would time out here instead of answering."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head.encode() + b"\r\n\r\n" + sent_body)
        reply = b""
        while b"\r\n\r\n" not in reply or len(reply.partition(b"\r\n\r\n")[2]) < _length(reply):
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
    return int(reply.split(b" ", 2)[1]), reply


def _length(reply: bytes) -> int:
    found = re.search(rb"(?i)content-length: (\d+)", reply)
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize("path, content_type, length, status, message", [
    ("/api/v1/tickets", "application/json", 100 << 20, 413, "提交的内容超过 1 MB 的上限"),
    ("/api/v1/tickets/1/evidence", "multipart/form-data; boundary=x", 19 << 20, 401, "请先登录"),
    ("/tickets/1/evidence", "multipart/form-data; boundary=x", 19 << 20, 401, "请先登录"),
    ("/api/v1/imports/problem-list", "multipart/form-data; boundary=x", 29 << 20, 401, "请先登录"),
    ("/api/v1/tickets/1/evidence", "multipart/form-data; boundary=x", 300 << 20, 413, "超过 201 MB 的上限"),
])
def test_an_anonymous_large_body_is_refused_before_it_is_read(app, world, path, content_type, length, status,
                                                              message):
    with LoopbackServer(app) as server:
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {length}")
        code, reply = first_reply(server.port, head, PART_START + b"a" * 65536)
    assert code == status
    assert message.encode() in reply


def test_a_signed_in_json_body_over_1_mb_is_refused_before_it_is_read(app, client, world):
    token = login(client, "inspector")["Authorization"]
    with LoopbackServer(app) as server:
        head = (f"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {100 << 20}")
        status, reply = first_reply(server.port, head, b'{"title": "' + b"a" * 65536)
    assert status == 413
    assert "提交的内容超过 1 MB 的上限".encode() in reply


def test_a_streamed_body_is_counted_without_content_length(client, world):
    def chunks():
        yield b'{"title": "'
        for _ in range(40):
            yield b"a" * 65536  # 2.5 MB in all, sent chunked

    r = client.post("/api/v1/tickets", headers=login(client, "inspector") | {"Content-Type": "application/json"},
                    content=chunks())
    assert r.status_code == 413 and r.json()["message"].startswith("提交的内容超过 1 MB")
    anonymous = client.post("/api/v1/tickets/1/evidence", content=chunks(),
                            headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert anonymous.status_code == 401


def test_uploads_keep_their_own_larger_limit(client, world, ticket):
    """A 5 MB photo (over the 1 MB JSON limit) goes through its route's limit."""
    r = upload(client, login(client, "inspector"), ticket["id"], stage="found", content=noise_png())
    assert r.status_code == 201, r.text


def test_the_page_upload_of_an_svg_is_refused_with_the_reason(client, world, ticket):
    with TestClient(client.app) as browser:
        sign_in(browser, "inspector")
        r = post_form(browser, f"/tickets/{ticket['id']}/evidence", {"stage": "found"},
                      files=[("files", ("photo.png", SVG, "image/png"))],
                      headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status_code == 422 and r.json()["message"].startswith("不支持的文件类型")


def test_the_tiny_demo_png_still_works(client, world, ticket):
    assert upload(client, login(client, "inspector"), ticket["id"], stage="found", content=PNG).status_code == 201


def test_every_route_that_takes_a_file_has_an_upload_limit(app):
    """A new upload route left at the 1 MB default would refuse every real photo: name it in UPLOAD_ROUTES."""
    taking_files = [path for path, operations in app.openapi()["paths"].items()
                    if "multipart/form-data" in str(operations.get("post", {}).get("requestBody", {}))]
    assert len(taking_files) >= 4
    for path in taking_files:
        assert body_limit("POST", re.sub(r"\{[^}]+\}", "1", path)) > DEFAULT_BODY_BYTES, path
    assert body_limit("POST", "/api/v1/tickets") == DEFAULT_BODY_BYTES


def test_a_photo_over_1_mb_goes_through_the_page_form(client, world, ticket):
    with TestClient(client.app) as browser:
        sign_in(browser, "inspector")
        r = post_form(browser, f"/tickets/{ticket['id']}/evidence", {"stage": "found"},
                      files=[("files", ("noise.png", noise_png(), "image/png"))])
    assert r.status_code == 303, r.text
