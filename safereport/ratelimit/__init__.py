"""The one rate limiter: failure counters shared by every worker through the database, under rotating keys."""
