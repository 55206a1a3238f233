"""Real-browser tests: Debian's Chromium driven by Playwright against Django's live server."""
