"""agreements selectors."""
