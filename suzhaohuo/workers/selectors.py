"""workers selectors."""
