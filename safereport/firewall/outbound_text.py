"""Free text with ranges cut out and a marker in each place, remembering where each original range went."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Outbound:
    """`text` is the original with each of `cuts` (original offsets, in order, not overlapping) read as `marker`."""

    text: str
    cuts: tuple[tuple[int, int], ...]
    marker: str

    def shown(self, start: int, end: int) -> str:
        """What `text` carries of the original's [start, end): a cut reaching into it shows as its whole marker."""
        return self.text[self._position(start, at_end=False) : self._position(end, at_end=True)]

    def position(self, offset: int) -> int:
        """Where an original offset outside every cut lands in `text`."""
        return self._position(offset, at_end=False)

    def _position(self, offset: int, *, at_end: bool) -> int:
        shift = 0
        for cut_start, cut_end in self.cuts:
            if offset <= cut_start:
                break
            if offset < cut_end:  # inside a cut: the marker belongs to the range that reaches into it
                return cut_start + shift + (len(self.marker) if at_end else 0)
            shift += len(self.marker) - (cut_end - cut_start)
        return offset + shift


def with_markers(text: str, ranges: Iterable[tuple[int, int]], marker: str) -> Outbound:
    """Cut `ranges` out of `text`, one `marker` for each; ranges that overlap are cut as one.

    Ranges that only touch stay two cuts, so text redacted alone reads exactly as
    `disclosure.redacted_for_recipient` makes it.
    """
    cuts: list[list[int]] = []
    for start, end in sorted((start, end) for start, end in ranges if start < end):
        if cuts and start < cuts[-1][1]:
            cuts[-1][1] = max(cuts[-1][1], end)
        else:
            cuts.append([start, end])
    parts, cursor = [], 0
    for start, end in cuts:
        parts += [text[cursor:start], marker]
        cursor = end
    return Outbound("".join(parts) + text[cursor:], tuple((start, end) for start, end in cuts), marker)
