"""How many wrong codenames one client may try: a policy over the shared limiter (safereport.ratelimit)."""

from safereport.ratelimit.counters import Limit, note_failure, wait_seconds

# A codename carries over 90 bits, so this is a second line, not the defence, and there is no brake across
# clients: a guesser with many addresses still gains nothing (50 guesses per address per 15 minutes against
# 2^90), and a global brake would only let them refuse the real reporter. Counted per client, so one client's
# guesses never refuse another; generous, so a reporter (or a refuge or library sharing one address)
# mistyping is not refused.
CODENAME_GUESSES = Limit("codename", failures=50, seconds=15 * 60)
PER_CLIENT = CODENAME_GUESSES.failures


def codename_wait_seconds(token: str) -> int:
    """0 if this client may try a codename now; otherwise how long until it may."""
    return wait_seconds(CODENAME_GUESSES.on(token))


def note_failed_codename(token: str) -> None:
    note_failure(CODENAME_GUESSES.on(token))
