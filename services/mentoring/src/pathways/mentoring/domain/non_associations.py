"""Non-associations: two people who must not meet. Symmetric, keyed by person id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

from pathways.platform.errors import Conflict, InvalidInput

PersonPair = frozenset[UUID]


def person_pair(first: UUID, second: UUID) -> PersonPair:
    """An unordered pair of two different people."""
    if first == second:
        raise InvalidInput(
            f"a pair needs two different people; got {first} twice", code="same_person"
        )
    return frozenset((first, second))


@dataclass(frozen=True)
class NonAssociation:
    """`first` and `second` must never meet; order does not matter."""

    first: UUID
    second: UUID

    def __post_init__(self) -> None:
        person_pair(self.first, self.second)

    @property
    def pair(self) -> PersonPair:
        return frozenset((self.first, self.second))


class NonAssociations:
    """The set of recorded non-associations, queried in either order."""

    def __init__(self, entries: Iterable[NonAssociation] = ()) -> None:
        self._pairs: set[PersonPair] = {entry.pair for entry in entries}

    def record(self, first: UUID, second: UUID) -> NonAssociation:
        """Add a non-association; recording the same pair twice is a Conflict."""
        entry = NonAssociation(first, second)
        if entry.pair in self._pairs:
            raise Conflict(
                f"a non-association between {first} and {second} is already recorded",
                code="non_association_exists",
            )
        self._pairs.add(entry.pair)
        return entry

    def forbids(self, first: UUID, second: UUID) -> bool:
        """True when the two people must not meet."""
        return frozenset((first, second)) in self._pairs

    def __contains__(self, pair: object) -> bool:
        return pair in self._pairs

    def __iter__(self) -> Iterator[PersonPair]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)
