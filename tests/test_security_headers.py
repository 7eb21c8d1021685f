"""Security headers (issue 14): a Content-Security-Policy without inline script, no framing, a referrer
policy, nosniff, HSTS over HTTPS only; and an anonymous visitor learns nothing from the landing page."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.helpers import file_via_api, login
from web.app import create_app

TEMPLATES = Path(__file__).resolve().parents[1] / "web" / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_pages_carry_a_policy_that_runs_no_inline_script_and_cannot_be_framed(client, world):
    for path in ("/login", "/", "/static/app.js", "/nowhere"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert r.headers["referrer-policy"] == "same-origin"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" not in r.headers  # plain HTTP: HSTS would be ignored or wrong


def test_hsts_is_sent_when_served_over_https(app, world):
    with TestClient(app, base_url="https://zg.example") as client:
        assert client.get("/login").headers["strict-transport-security"] == "max-age=31536000"


def test_no_template_holds_an_inline_script_or_an_event_handler_attribute():
    offenders = [f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for path in sorted(TEMPLATES.rglob("*.html"))
                 for pattern in (INLINE_SCRIPT, HANDLER) for m in pattern.finditer(path.read_text())]
    assert offenders == []


def test_the_anonymous_landing_page_shows_no_counts(client, world):
    file_via_api(client, login(client, "inspector"), world)
    with TestClient(client.app) as anonymous:
        page = anonymous.get("/").text
    assert "系统共登记问题" not in page and not re.search(r"<b>\s*\d+\s*</b>", page)
    assert "请登录" in page


def test_docs_keep_working_under_their_own_policy(settings, engine, clock):
    with TestClient(create_app(settings, engine=engine, clock=clock)) as client:
        r = client.get("/docs")
    assert r.status_code == 200 and "frame-ancestors 'none'" in r.headers["content-security-policy"]
