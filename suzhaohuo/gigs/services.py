"""gigs services."""
