"""How many malformed frames a stream may send before it is closed: a caller's side that
keeps sending garbage is not served forever."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class BadFrameBudget:
    limit: int
    spent: int = 0

    def spend(self) -> bool:
        """Count one bad frame; True while the stream may go on."""
        self.spent += 1
        return self.spent <= self.limit
