"""Background work for search: none of its own (dispatch and the employers' records are matching's)."""
