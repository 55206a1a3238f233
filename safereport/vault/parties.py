"""What the vault needs to know of an organisation, which the accounts app (above the vault) defines."""

from __future__ import annotations

from typing import Protocol


class OrganisationLike(Protocol):
    """An accounts.Organisation, as far as its keys and signatures need one."""

    @property
    def pk(self) -> int: ...

    @property
    def name(self) -> str: ...
