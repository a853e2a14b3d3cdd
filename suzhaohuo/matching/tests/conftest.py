"""Fixtures for matching tests: the same postings as the search tests (created through jobs.services and indexed
like production), so the two apps are tested on one kind of data."""

from suzhaohuo.search.tests.conftest import employer, make_job  # noqa: F401 - fixtures
