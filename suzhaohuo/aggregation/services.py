"""aggregation services."""
