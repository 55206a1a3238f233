"""Bench-only app: a plain JSON store to compare sealed submission against. Never installed in production."""
