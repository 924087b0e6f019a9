"""Schema statements of migration: Versioned, audited health-assessment templates edited in the app (issue 6).

Applied by kopdesk.store.schema; append-only once released."""

HEALTH_TEMPLATES: list[str] = []
