"""Schema statements of migration: RAT meetings, agenda, attendance, minutes, decisions and report-book texts (issue 7).

Applied by kopdesk.store.schema; append-only once released."""

RAT: list[str] = []
