"""Models of the procurement app."""
