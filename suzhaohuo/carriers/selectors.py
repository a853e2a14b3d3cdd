"""carriers selectors."""
