"""search selectors."""
