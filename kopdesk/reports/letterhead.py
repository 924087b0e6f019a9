"""The kop surat (letterhead) and signatories as frozen snapshots, read from services once per report.

Renderers only ever see these values: they never query the workspace.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kopdesk import fmt
from kopdesk.domain.coop import Official
from kopdesk.services import profile
from kopdesk.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Signatory:
    """One signature column: ``heading`` above the space for the signature ("Ketua", "Dibuat oleh,"), the name
    underlined below it (a dotted line when ``name`` is empty) and an optional ``caption`` under the name."""

    heading: str
    name: str = ""
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Letterhead:
    name: str
    legal_line: str                   # "Badan Hukum No. ... tanggal 2 Maret 2015", or ""
    address_lines: tuple[str, ...]
    contact_line: str                 # "Telp. ..., Email: ...", or ""
    city: str                         # for "Banjarbaru, 25 November 2026" above signatures
    logo: bytes | None = None         # PNG or JPEG
    officials: tuple[Official, ...] = ()

    def official_name(self, role: str) -> str:
        """Name of the active official holding ``role`` (pengurus first), or "" when there is none."""
        wanted = role.strip().casefold()
        matches = [o for o in self.officials if o.active and o.role.strip().casefold() == wanted]
        matches.sort(key=lambda o: o.body != "pengurus")
        return matches[0].name if matches else ""

    def signatory(self, role: str, heading: str | None = None) -> Signatory:
        """A signature column for an official: heading defaults to the role, name from the active officials."""
        if heading is None:
            return Signatory(role, self.official_name(role))
        return Signatory(heading, self.official_name(role), role)

    def place_and_date(self, on: dt.date) -> str:
        """'Banjarbaru, 25 November 2026' (only the date when no city is known)."""
        return f"{self.city}, {fmt.date_long(on)}" if self.city else fmt.date_long(on)


def legal_line(number: str, on: dt.date | None) -> str:
    if not number.strip():
        return ""
    line = f"Badan Hukum No. {number.strip()}"
    return f"{line} tanggal {fmt.date_long(on)}" if on else line


def letterhead(ws: Workspace) -> Letterhead:
    """The workspace's kop surat and active officials, as one frozen value."""
    p = profile.get_profile(ws)
    contact = ", ".join(part for part in (f"Telp. {p.phone}" if p.phone else "",
                                          f"Email: {p.email}" if p.email else "") if part)
    return Letterhead(
        name=p.name or ws.path.stem,
        legal_line=legal_line(p.legal_number, p.legal_date),
        address_lines=tuple(p.address_lines()),
        contact_line=contact,
        city=p.city_for_signature,
        logo=profile.get_logo(ws),
        officials=tuple(profile.list_officials(ws, active_only=True)),
    )
