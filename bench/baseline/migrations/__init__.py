"""Migrations of the bench-only baseline app."""
