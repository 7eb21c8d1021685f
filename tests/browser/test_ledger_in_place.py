"""The ledger's filters update the list in place (htmx), keep the address shareable, and page by keyset."""

from __future__ import annotations

import re


def test_choosing_a_state_filters_in_place_and_the_address_follows(open_as):
    page = open_as("office")
    page.goto("/ledger")
    first = page.locator("#ledger-results td.number").first.inner_text()
    page.get_by_role("link", name=re.compile("下一页")).click()
    page.wait_for_url(re.compile(r"after=\d+"))
    assert page.locator("#ledger-results td.number").first.inner_text() < first  # older tickets
    page.get_by_role("link", name=re.compile("上一页")).click()
    page.wait_for_url(re.compile(r"before=\d+"))
    assert page.locator("#ledger-results td.number").first.inner_text() == first

    page.evaluate("window.__notReloaded = true")
    page.locator('select[name="state"]').select_option("closed")
    page.wait_for_url(re.compile(r"state=closed"))
    page.wait_for_function(
        "[...document.querySelectorAll('#ledger-results .state')].every(e => e.textContent.trim() === '已销号')")
    assert page.evaluate("window.__notReloaded") is True  # swapped by htmx, not a new page
    assert page.locator("#ledger-results .state").count() > 0
