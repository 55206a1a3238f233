"""Checks that refuse unsafe production settings (`safereport check --deploy` fails on them)."""
