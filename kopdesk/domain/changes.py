"""What a service call changed, so screens refresh only what they show (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Changes:
    ledger: bool = False
    accounts: bool = False
    profile: bool = False
    settings: bool = False
    users: bool = False
    periods: bool = False
    members: bool = False
    savings: bool = False
    loans: bool = False
    rat: bool = False         # RAT meetings, attendance, decisions, report-book texts
    dinas: bool = False       # the Dinas registry, visits, recommendations, follow-ups, packages

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @classmethod
    def everything(cls) -> Changes:
        return cls(**{f.name: True for f in fields(cls)})
