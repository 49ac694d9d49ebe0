"""Reusable generation: seeded builders for instances (CNF, grids, expressions, ...)."""
