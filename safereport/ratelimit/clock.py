"""The limiter's clock, in one place so tests can stop it."""

import time


def now() -> float:
    return time.time()
