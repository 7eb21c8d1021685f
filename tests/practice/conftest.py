"""The page tests' ``browser_as`` fixture, for the issue-13 page and link tests."""

from tests.pages.conftest import browser_as  # noqa: F401 - a fixture, used by name
