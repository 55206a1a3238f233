"""Dates as people read them, per language: Django's locale formats where a language's defaults are not long-form.

Loaded through FORMAT_MODULE_PATH; a format not set here falls back to Django's own for the language
(input formats included, so forms still accept what they accepted). Machine-readable outputs (signed
packages, the API, the audit log) never go through these: they keep ISO 8601.
"""
