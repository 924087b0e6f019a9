"""Builders that let tests read like the cooperative's own bookkeeping."""

from __future__ import annotations

import datetime as dt

from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.services import ledger as ledger_svc


def acct(ws, code: str) -> int:
    return ledger_svc.get_account(ws, code).id


def post(ws, by, on: dt.date, description: str, *lines: tuple[str, int, int], series: str = "JU"):
    """post(ws, admin, date, "Setoran", ("1-1100", 100_000, 0), ("3-1100", 0, 100_000))"""
    draft = JournalDraft(on, description, tuple(LineDraft(acct(ws, c), debit=d, credit=k) for c, d, k in lines),
                         series=series)
    return ledger_svc.post_journal(ws, draft, by)
