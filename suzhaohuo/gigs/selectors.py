"""gigs selectors."""
