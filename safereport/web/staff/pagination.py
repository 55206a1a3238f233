"""Pages of a long list whose size is counted only up to a cap, so a page costs the same at any size.

A queue of a million reports would otherwise pay for COUNT(*) over every match on every page.
Counting stops at `cap` (the database reads at most cap + 1 index entries); beyond it the page says
"more than" and offers pages up to the cap. An advocate narrows a list that long with the filters,
and finds any case, closed ones included, by its reference.
"""

from __future__ import annotations

from functools import cached_property
from typing import cast

from django.core.paginator import Paginator
from django.db.models import QuerySet

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Django's Paginator, with `count` stopping at `cap`; `more` says there were more matches than that."""

    def __init__(self, object_list: QuerySet, per_page: int, cap: int | None = None):
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        return cast(QuerySet, self.object_list)[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def more(self) -> bool:
        return self._counted > self.cap
