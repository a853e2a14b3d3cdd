"""Parse search input (query string of the page or the API) into SearchParams, with field-level errors.

The parsing lives in ``search.params`` (selectors use it too); this module keeps the page/API entry point.
"""

from __future__ import annotations

from suzhaohuo.search.params import SearchParams, parse_decimal, search_params_from

__all__ = ["SearchParams", "parse_decimal", "search_params_from"]
