"""Schema statements of migration 0009: versioned, audited KKPKK templates edited in the app (issue 6).

One row per saved version (``version`` above the shipped resource versions); the row holds the whole validated
template as canonical JSON and is never changed or deleted afterwards (a correction is a new version).
Applied by kopdesk.store.schema; append-only once released."""

HEALTH_TEMPLATES: list[str] = [
    """CREATE TABLE health_templates (
        id INTEGER PRIMARY KEY, method TEXT NOT NULL DEFAULT 'kkpkk_2021',
        version INTEGER NOT NULL CHECK (version >= 1),
        based_on INTEGER, source TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id),
        UNIQUE (method, version))""",
    """CREATE TRIGGER health_templates_frozen BEFORE UPDATE ON health_templates
       BEGIN SELECT RAISE(ABORT, 'Versi template penilaian kesehatan tidak boleh diubah; simpan sebagai versi baru.');
       END""",
    """CREATE TRIGGER health_templates_no_delete BEFORE DELETE ON health_templates
       BEGIN SELECT RAISE(ABORT, 'Versi template penilaian kesehatan tidak boleh dihapus.'); END""",
]
