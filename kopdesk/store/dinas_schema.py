"""Schema statements of migration: The Dinas workspace: registry, officers, visits, recommendations, follow-ups, attachments, packages (issue 8).

Applied by kopdesk.store.schema; append-only once released."""

DINAS: list[str] = []
