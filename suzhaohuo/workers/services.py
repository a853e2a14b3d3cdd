"""workers services."""
