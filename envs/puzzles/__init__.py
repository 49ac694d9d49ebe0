"""puzzles environments."""
