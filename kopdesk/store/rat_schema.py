"""Schema statements of migration: RAT meetings, agenda, attendance, minutes, decisions and report-book texts (issue 7).

Applied by kopdesk.store.schema; append-only once released. A meeting closed (status 'selesai') is a document: its
row, agenda, questions, attendance and decisions are frozen by triggers."""

_FROZEN = "'Rapat yang sudah ditutup (selesai) adalah dokumen beku; data rapatnya tidak bisa diubah.'"


def _frozen_child(table: str, meeting: str) -> list[str]:
    """Triggers refusing INSERT / UPDATE / DELETE on ``table`` when its meeting (SQL expression over NEW/OLD) is
    closed."""
    out = []
    for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        out.append(f"""CREATE TRIGGER {table}_frozen_{op.lower()} BEFORE {op} ON {table}
           WHEN (SELECT status FROM rat_meetings WHERE id = {meeting.format(row=row)}) = 'selesai'
           BEGIN SELECT RAISE(ABORT, {_FROZEN}); END""")
    return out


RAT: list[str] = [
    # a members' meeting: the RAT of a financial year (``year``), or an RALB / rapat rencana kerja (year optional)
    """CREATE TABLE rat_meetings (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('RAT', 'RALB', 'RA_RENCANA_KERJA')),
        year INTEGER, title TEXT NOT NULL, held_on TEXT NOT NULL, start_time TEXT, end_time TEXT,
        place TEXT NOT NULL DEFAULT '', online_link TEXT NOT NULL DEFAULT '',
        mode TEXT NOT NULL DEFAULT 'luring' CHECK (mode IN ('luring', 'daring', 'hybrid')),
        invitation_number TEXT NOT NULL UNIQUE, invitation_date TEXT NOT NULL,
        tata_tertib TEXT NOT NULL DEFAULT '', chair TEXT NOT NULL DEFAULT '', notulis TEXT NOT NULL DEFAULT '',
        witnesses TEXT NOT NULL DEFAULT '[]', guests TEXT NOT NULL DEFAULT '[]',
        registered_members INTEGER NOT NULL DEFAULT 0, postponed INTEGER NOT NULL DEFAULT 0 CHECK (postponed IN (0, 1)),
        status TEXT NOT NULL DEFAULT 'rencana' CHECK (status IN ('rencana', 'selesai')),
        created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id),
        closed_at TEXT, closed_by INTEGER REFERENCES users(id),
        CHECK (kind <> 'RAT' OR year IS NOT NULL),
        CHECK (typeof(registered_members) = 'integer' AND registered_members >= 0))""",
    # one RAT per financial year
    "CREATE UNIQUE INDEX rat_meetings_rat_year ON rat_meetings(year) WHERE kind = 'RAT'",
    "CREATE INDEX rat_meetings_held_on ON rat_meetings(held_on)",
    f"""CREATE TRIGGER rat_meetings_frozen BEFORE UPDATE ON rat_meetings WHEN OLD.status = 'selesai'
       BEGIN SELECT RAISE(ABORT, {_FROZEN}); END""",
    f"""CREATE TRIGGER rat_meetings_no_delete BEFORE DELETE ON rat_meetings WHEN OLD.status = 'selesai'
       BEGIN SELECT RAISE(ABORT, {_FROZEN}); END""",
    # the agenda (acara) as adopted, with the summary of each item's proceedings
    """CREATE TABLE rat_agenda (
        id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES rat_meetings(id), seq INTEGER NOT NULL,
        title TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '', UNIQUE (meeting_id, seq))""",
    *_frozen_child("rat_agenda", "{row}.meeting_id"),
    # questions and answers per agenda item (UU 25/1992 Pasal 25)
    """CREATE TABLE rat_questions (
        id INTEGER PRIMARY KEY, agenda_id INTEGER NOT NULL REFERENCES rat_agenda(id), seq INTEGER NOT NULL,
        member_id INTEGER REFERENCES members(id), asker TEXT NOT NULL, question TEXT NOT NULL,
        answer TEXT NOT NULL DEFAULT '', answered_by TEXT NOT NULL DEFAULT '', UNIQUE (agenda_id, seq))""",
    "CREATE INDEX rat_questions_agenda ON rat_questions(agenda_id)",
    *_frozen_child("rat_questions", "(SELECT meeting_id FROM rat_agenda WHERE id = {row}.agenda_id)"),
    # the attendance list: each member once per meeting; by proxy names the member holding the proxy
    """CREATE TABLE rat_attendance (
        id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES rat_meetings(id),
        member_id INTEGER NOT NULL REFERENCES members(id),
        mode TEXT NOT NULL CHECK (mode IN ('langsung', 'kuasa', 'daring')),
        proxy_member_id INTEGER REFERENCES members(id), recorded_at TEXT NOT NULL,
        recorded_by INTEGER REFERENCES users(id),
        UNIQUE (meeting_id, member_id),
        CHECK ((mode = 'kuasa') = (proxy_member_id IS NOT NULL)),
        CHECK (proxy_member_id IS NULL OR proxy_member_id <> member_id))""",
    "CREATE INDEX rat_attendance_proxy ON rat_attendance(meeting_id, proxy_member_id)",
    *_frozen_child("rat_attendance", "{row}.meeting_id"),
    # numbered decisions (01/RAT/2026), with the voting method and result; an election lists who was elected
    """CREATE TABLE rat_decisions (
        id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES rat_meetings(id),
        number TEXT NOT NULL UNIQUE, seq INTEGER NOT NULL, agenda_seq INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ('umum', 'lpj', 'shu', 'rapb', 'pemilihan', 'adart')),
        title TEXT NOT NULL, text TEXT NOT NULL DEFAULT '',
        voting TEXT NOT NULL DEFAULT 'musyawarah' CHECK (voting IN ('musyawarah', 'suara')),
        votes_for INTEGER, votes_against INTEGER, votes_abstain INTEGER,
        accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)), elected TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id),
        CHECK (voting = 'suara' OR (votes_for IS NULL AND votes_against IS NULL AND votes_abstain IS NULL)),
        CHECK (voting = 'musyawarah' OR (votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0)))""",
    "CREATE INDEX rat_decisions_meeting ON rat_decisions(meeting_id, seq)",
    *_frozen_child("rat_decisions", "{row}.meeting_id"),
    # the editable texts of the RAT report book, per financial year and section key
    """CREATE TABLE rat_texts (
        year INTEGER NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL, updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id), PRIMARY KEY (year, key)) WITHOUT ROWID""",
]
