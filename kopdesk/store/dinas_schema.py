"""Schema statements of migration: The Dinas workspace: registry, officers, visits, recommendations, follow-ups, attachments, packages (issue 8).

Applied by kopdesk.store.schema; append-only once released.

Every table starts with ``dinas_``. A cooperative is referred to by its stable registry key (``dinas_coops.key``,
e.g. KOP-0001; health records use the same key as ``coop_key``). Follow-ups are append-only (triggers refuse UPDATE
and DELETE) and keep their recommendation, visit and cooperative from being deleted (foreign keys). Attachments are
BLOBs inside the workspace file. ``dinas_settings`` is one row, created here with the defaults.
"""  # noqa: E501

_DATE = "(({c}) IS NULL OR (({c}) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'))"
_TIME = "(({c}) IS NULL OR (({c}) GLOB '[0-2][0-9]:[0-5][0-9]'))"
_FOLLOW_UP_FROZEN = "RAISE(ABORT, 'Riwayat tindak lanjut tidak boleh diubah atau dihapus; catat tindak lanjut baru.')"


def _date(c: str) -> str:
    return _DATE.format(c=c)


DINAS: list[str] = [
    f"""CREATE TABLE dinas_coops (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE CHECK (length(trim(key)) > 0),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        legal_number TEXT NOT NULL DEFAULT '', legal_date TEXT CHECK {_date('legal_date')},
        nik_koperasi TEXT NOT NULL DEFAULT '' CHECK (nik_koperasi = '' OR (length(nik_koperasi) = 16
            AND nik_koperasi NOT GLOB '*[^0-9]*')),
        nik_expiry TEXT CHECK {_date('nik_expiry')},
        nib TEXT NOT NULL DEFAULT '', npwp TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '', desa TEXT NOT NULL DEFAULT '', kecamatan TEXT NOT NULL DEFAULT '',
        kabupaten TEXT NOT NULL DEFAULT '', provinsi TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
        coop_type TEXT NOT NULL CHECK (coop_type IN ('KSP', 'KSU', 'KPRI', 'KOPKAR', 'KONSUMEN', 'PRODUSEN', 'JASA',
            'PEMASARAN', 'KSPPS')),
        business_class TEXT NOT NULL DEFAULT '', membership_area TEXT NOT NULL DEFAULT '',
        members_male INTEGER NOT NULL DEFAULT 0 CHECK (typeof(members_male) = 'integer' AND members_male >= 0),
        members_female INTEGER NOT NULL DEFAULT 0 CHECK (typeof(members_female) = 'integer' AND members_female >= 0),
        status TEXT NOT NULL DEFAULT 'aktif' CHECK (status IN ('aktif', 'tidak_aktif', 'beku')),
        last_rat_date TEXT CHECK {_date('last_rat_date')},
        last_predicate TEXT, last_predicate_year INTEGER,
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX dinas_coops_nik ON dinas_coops(nik_koperasi) WHERE nik_koperasi <> ''",
    "CREATE INDEX dinas_coops_name ON dinas_coops(name COLLATE NOCASE)",
    f"""CREATE TABLE dinas_coop_officials (
        id INTEGER PRIMARY KEY,
        coop_key TEXT NOT NULL REFERENCES dinas_coops(key),
        seq INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('ketua', 'sekretaris', 'bendahara', 'pengawas', 'manajer')),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        phone TEXT NOT NULL DEFAULT '', term_end TEXT CHECK {_date('term_end')})""",
    "CREATE INDEX dinas_coop_officials_coop ON dinas_coop_officials(coop_key)",
    """CREATE TABLE dinas_officers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        nip TEXT NOT NULL DEFAULT '', position TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)))""",
    "CREATE UNIQUE INDEX dinas_officers_nip ON dinas_officers(nip) WHERE nip <> ''",
    f"""CREATE TABLE dinas_visits (
        id INTEGER PRIMARY KEY,
        coop_key TEXT NOT NULL REFERENCES dinas_coops(key),
        visited_on TEXT NOT NULL CHECK (visited_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        start_time TEXT CHECK {_TIME.format(c='start_time')}, end_time TEXT CHECK {_TIME.format(c='end_time')},
        kind TEXT NOT NULL CHECK (kind IN ('pembinaan_kelembagaan', 'pembinaan_usaha', 'pembinaan_keuangan',
            'pendampingan_rat', 'verifikasi_ods', 'monitoring_tindak_lanjut', 'pemeriksaan_kesehatan',
            'pemeriksaan_kepatuhan')),
        location TEXT NOT NULL DEFAULT '', surat_tugas TEXT NOT NULL DEFAULT '',
        observations TEXT NOT NULL DEFAULT '',
        next_visit_on TEXT CHECK {_date('next_visit_on')},
        created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id),
        updated_at TEXT NOT NULL, updated_by INTEGER REFERENCES users(id))""",
    "CREATE INDEX dinas_visits_coop ON dinas_visits(coop_key, visited_on)",
    "CREATE INDEX dinas_visits_date ON dinas_visits(visited_on)",
    """CREATE TABLE dinas_visit_officers (
        visit_id INTEGER NOT NULL REFERENCES dinas_visits(id),
        officer_id INTEGER NOT NULL REFERENCES dinas_officers(id),
        seq INTEGER NOT NULL,
        PRIMARY KEY (visit_id, officer_id))""",
    "CREATE INDEX dinas_visit_officers_officer ON dinas_visit_officers(officer_id)",
    """CREATE TABLE dinas_visit_representatives (
        id INTEGER PRIMARY KEY,
        visit_id INTEGER NOT NULL REFERENCES dinas_visits(id),
        seq INTEGER NOT NULL,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        role TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX dinas_visit_representatives_visit ON dinas_visit_representatives(visit_id)",
    """CREATE TABLE dinas_visit_checklist (
        visit_id INTEGER NOT NULL REFERENCES dinas_visits(id),
        item TEXT NOT NULL,
        answer INTEGER CHECK (answer IS NULL OR answer IN (0, 1)),
        PRIMARY KEY (visit_id, item))""",
    """CREATE TABLE dinas_problems (
        id INTEGER PRIMARY KEY,
        visit_id INTEGER NOT NULL REFERENCES dinas_visits(id),
        seq INTEGER NOT NULL,
        category TEXT NOT NULL CHECK (category IN ('kelembagaan', 'usaha', 'keuangan', 'sdm', 'kepatuhan',
            'lainnya')),
        description TEXT NOT NULL CHECK (length(trim(description)) > 0),
        severity TEXT NOT NULL CHECK (severity IN ('rendah', 'sedang', 'tinggi')),
        UNIQUE (visit_id, seq))""",
    f"""CREATE TABLE dinas_recommendations (
        id INTEGER PRIMARY KEY,
        visit_id INTEGER NOT NULL REFERENCES dinas_visits(id),
        seq INTEGER NOT NULL,
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        pic TEXT NOT NULL DEFAULT '',
        due_on TEXT CHECK {_date('due_on')},
        created_at TEXT NOT NULL,
        UNIQUE (visit_id, seq))""",
    "CREATE INDEX dinas_recommendations_due ON dinas_recommendations(due_on)",
    """CREATE TABLE dinas_follow_ups (
        id INTEGER PRIMARY KEY,
        recommendation_id INTEGER NOT NULL REFERENCES dinas_recommendations(id),
        on_date TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        status TEXT NOT NULL CHECK (status IN ('terbuka', 'proses', 'selesai', 'tidak_selesai')),
        note TEXT NOT NULL DEFAULT '', evidence TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id))""",
    "CREATE INDEX dinas_follow_ups_rec ON dinas_follow_ups(recommendation_id, on_date, id)",
    *(f"CREATE TRIGGER dinas_follow_ups_no_{op.lower()} BEFORE {op} ON dinas_follow_ups "
      f"BEGIN SELECT {_FOLLOW_UP_FROZEN}; END" for op in ("UPDATE", "DELETE")),
    """CREATE TABLE dinas_attachments (
        id INTEGER PRIMARY KEY,
        visit_id INTEGER NOT NULL REFERENCES dinas_visits(id),
        filename TEXT NOT NULL CHECK (length(trim(filename)) > 0),
        mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'application/pdf')),
        size INTEGER NOT NULL CHECK (size > 0),
        caption TEXT NOT NULL DEFAULT '',
        data BLOB NOT NULL CHECK (typeof(data) = 'blob' AND length(data) = size),
        added_at TEXT NOT NULL, added_by INTEGER REFERENCES users(id))""",
    "CREATE INDEX dinas_attachments_visit ON dinas_attachments(visit_id)",
    f"""CREATE TABLE dinas_rat_history (
        id INTEGER PRIMARY KEY,
        coop_key TEXT NOT NULL REFERENCES dinas_coops(key),
        year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
        held_on TEXT CHECK {_date('held_on')},
        source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'paket')),
        recorded_at TEXT NOT NULL,
        UNIQUE (coop_key, year))""",
    """CREATE TABLE dinas_coop_years (
        id INTEGER PRIMARY KEY,
        coop_key TEXT NOT NULL REFERENCES dinas_coops(key),
        year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
        data TEXT NOT NULL CHECK (json_valid(data)),
        package_sha256 TEXT NOT NULL CHECK (length(package_sha256) = 64 AND package_sha256 NOT GLOB '*[^0-9a-f]*'),
        imported_at TEXT NOT NULL, imported_by INTEGER REFERENCES users(id),
        UNIQUE (coop_key, year))""",
    """CREATE TABLE dinas_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        inactive_threshold_years INTEGER NOT NULL DEFAULT 3 CHECK (inactive_threshold_years IN (2, 3)),
        attachment_max_bytes INTEGER NOT NULL DEFAULT 5242880 CHECK (attachment_max_bytes > 0),
        not_visited_months INTEGER NOT NULL DEFAULT 6 CHECK (not_visited_months BETWEEN 1 AND 60))""",
    "INSERT INTO dinas_settings (id) VALUES (1)",
]
