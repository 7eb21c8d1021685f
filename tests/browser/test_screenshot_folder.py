"""`make test` changes no tracked file: screenshots go to a temporary folder unless ZHENGGAI_SCREENSHOTS_DIR
names one (`make screenshots` names docs/screenshots/)."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import COMMITTED_SCREENSHOTS, SCREENSHOTS_ENV, shoot


def test_screenshots_go_to_a_temporary_folder_unless_one_is_asked_for(open_as, screenshots_dir):
    if os.environ.get(SCREENSHOTS_ENV):
        pytest.skip(f"{SCREENSHOTS_ENV} is set: screenshots go where asked")
    page = open_as(None)
    page.goto("/login")
    path = shoot(page, "login-probe")
    assert path.parent == screenshots_dir and path.stat().st_size > 1000
    assert COMMITTED_SCREENSHOTS not in path.parents and not (COMMITTED_SCREENSHOTS / path.name).exists()
