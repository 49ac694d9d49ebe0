"""sat environments."""
