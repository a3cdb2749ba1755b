"""Security headers on every console response, and pages that need no inline style or script
(so the policy can forbid both)."""

from __future__ import annotations

import re

import pytest

from bot.admin.headers import POLICY
from bot.config import PROJECT_ROOT
from tests.console_harness import ADMIN

pytestmark = pytest.mark.security

TEMPLATES = PROJECT_ROOT / "bot" / "admin" / "templates"


def test_every_page_forbids_framing_sniffing_referrers_and_caching(console):
    assert "frame-ancestors 'none'" in POLICY and "unsafe-inline" not in POLICY
    assert "script-src" not in POLICY  # default-src 'none': no script at all
    console.sign_in(ADMIN)
    for path in ("/sign-in", "/", "/cases", "/flows", "/understanding", "/accounts"):
        page = console.client.get(path)
        assert page.status_code == 200, path
        headers = page.headers
        assert headers["Content-Security-Policy"] == POLICY, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "no-referrer", path
        assert headers["Cache-Control"] == "no-store", path
        assert headers["Strict-Transport-Security"].startswith("max-age="), path  # over HTTPS


def test_errors_and_redirects_carry_the_headers_too(console):
    for path in ("/cases", "/no-such-page"):
        response = console.client.get(path, follow_redirects=False)
        assert response.headers["Content-Security-Policy"] == POLICY, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_the_style_sheet_is_served_from_the_console_itself(console):
    sheet = console.client.get("/static/console.css")
    assert sheet.status_code == 200 and "text/css" in sheet.headers["content-type"]
    assert "font-family" in sheet.text
    assert sheet.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_no_template_has_inline_style_or_script(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<style|<script|\sstyle=|\son[a-z]+=", text, re.IGNORECASE)
