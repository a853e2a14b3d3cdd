"""aggregation selectors."""
