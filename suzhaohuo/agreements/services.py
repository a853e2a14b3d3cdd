"""agreements services."""
