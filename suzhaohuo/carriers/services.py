"""carriers services."""
