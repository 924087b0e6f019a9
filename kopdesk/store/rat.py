"""Members' meetings (RAT): rows of ``rat_meetings``, ``rat_agenda``, ``rat_questions``, ``rat_attendance``,
``rat_decisions`` and ``rat_texts`` <-> the records of kopdesk.domain.rat. A closed meeting is frozen by triggers
(kopdesk.store.rat_schema)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence

import sqlite_utils

from kopdesk.domain.rat import (
    AgendaItem,
    AttendanceMode,
    Attendee,
    Decision,
    ElectedOfficial,
    Meeting,
    MeetingKind,
    MeetingMode,
    Question,
)

MEETING_COLS = ("id", "kind", "year", "title", "held_on", "start_time", "end_time", "place", "online_link", "mode",
                "invitation_number", "invitation_date", "tata_tertib", "chair", "notulis", "witnesses", "guests",
                "registered_members", "postponed", "status")
EDITABLE = ("title", "held_on", "start_time", "end_time", "place", "online_link", "mode", "invitation_date",
            "tata_tertib", "chair", "notulis", "witnesses", "guests", "registered_members", "postponed", "year")


def _d(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def _db_value(key: str, v):
    if key in ("witnesses", "guests"):
        return json.dumps(list(v), ensure_ascii=False)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def _agenda(db: sqlite_utils.Database, meeting_ids: Sequence[int]) -> dict[int, tuple[AgendaItem, ...]]:
    if not meeting_ids:
        return {}
    marks = ",".join("?" * len(meeting_ids))
    questions: dict[int, list[Question]] = defaultdict(list)
    for aid, qid, seq, mid, asker, q, a, by in db.execute(
            f"SELECT q.agenda_id, q.id, q.seq, q.member_id, q.asker, q.question, q.answer, q.answered_by "
            f"FROM rat_questions q JOIN rat_agenda g ON g.id = q.agenda_id WHERE g.meeting_id IN ({marks}) "
            "ORDER BY q.agenda_id, q.seq", list(meeting_ids)):
        questions[aid].append(Question(qid, seq, mid, asker, q, a, by))
    out: dict[int, list[AgendaItem]] = defaultdict(list)
    for aid, meeting_id, seq, title, notes in db.execute(
            f"SELECT id, meeting_id, seq, title, notes FROM rat_agenda WHERE meeting_id IN ({marks}) "
            "ORDER BY meeting_id, seq", list(meeting_ids)):
        out[meeting_id].append(AgendaItem(aid, seq, title, notes, tuple(questions.get(aid, ()))))
    return {k: tuple(v) for k, v in out.items()}


def _meetings(db: sqlite_utils.Database, where: str, params: list) -> list[Meeting]:
    rows = db.execute(f"SELECT {', '.join(MEETING_COLS)} FROM rat_meetings {where} ORDER BY held_on, id",
                      params).fetchall()
    agenda = _agenda(db, [r[0] for r in rows])
    out = []
    for r in rows:
        v = dict(zip(MEETING_COLS, r, strict=True))
        out.append(Meeting(
            v["id"], MeetingKind(v["kind"]), v["year"], v["title"], _d(v["held_on"]), v["start_time"], v["end_time"],
            v["place"], v["online_link"], MeetingMode(v["mode"]), v["invitation_number"], _d(v["invitation_date"]),
            v["tata_tertib"], v["chair"], v["notulis"], tuple(json.loads(v["witnesses"])),
            tuple(json.loads(v["guests"])), v["registered_members"], bool(v["postponed"]), v["status"],
            agenda.get(v["id"], ())))
    return out


def meeting(db: sqlite_utils.Database, meeting_id: int) -> Meeting | None:
    found = _meetings(db, "WHERE id = ?", [meeting_id])
    return found[0] if found else None


def meetings(db: sqlite_utils.Database, year: int | None = None) -> list[Meeting]:
    """Every meeting (oldest first), or those reporting on / held in ``year``."""
    if year is None:
        return _meetings(db, "", [])
    return _meetings(db, "WHERE year = ? OR (year IS NULL AND substr(held_on, 1, 4) = ?)", [year, f"{year:04d}"])


def rat_for_year(db: sqlite_utils.Database, year: int) -> Meeting | None:
    found = _meetings(db, "WHERE kind = 'RAT' AND year = ?", [year])
    return found[0] if found else None


def insert_meeting(db: sqlite_utils.Database, values: dict, agenda: Sequence[str]) -> int:
    v = {k: _db_value(k, x) for k, x in values.items()}
    cols = list(v)
    mid = db.execute(f"INSERT INTO rat_meetings ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                     [v[c] for c in cols]).lastrowid
    for seq, title in enumerate(agenda, start=1):
        db.execute("INSERT INTO rat_agenda (meeting_id, seq, title) VALUES (?, ?, ?)", [mid, seq, title])
    return mid


def update_meeting(db: sqlite_utils.Database, meeting_id: int, values: dict) -> None:
    v = {k: _db_value(k, x) for k, x in values.items() if k in EDITABLE}
    if v:
        db.execute(f"UPDATE rat_meetings SET {', '.join(f'{c} = ?' for c in v)} WHERE id = ?",
                   [*v.values(), meeting_id])


def close_meeting(db: sqlite_utils.Database, meeting_id: int, end_time: str, registered: int, at: str,
                  user_id: int | None) -> None:
    db.execute("UPDATE rat_meetings SET status = 'selesai', end_time = ?, registered_members = ?, closed_at = ?, "
               "closed_by = ? WHERE id = ?", [end_time, registered, at, user_id, meeting_id])


def agenda_questions(db: sqlite_utils.Database, meeting_id: int) -> dict[int, int]:
    """agenda seq -> number of questions recorded under it."""
    return dict(db.execute("SELECT g.seq, count(q.id) FROM rat_agenda g LEFT JOIN rat_questions q "
                           "ON q.agenda_id = g.id WHERE g.meeting_id = ? GROUP BY g.seq", [meeting_id]).fetchall())


def replace_agenda(db: sqlite_utils.Database, meeting_id: int, titles: Sequence[str]) -> None:
    """Items 1..n get the titles (notes and questions stay with their number); items beyond n are removed (the
    service checks they carry no questions)."""
    for seq, title in enumerate(titles, start=1):
        db.execute("INSERT INTO rat_agenda (meeting_id, seq, title) VALUES (?, ?, ?) "
                   "ON CONFLICT(meeting_id, seq) DO UPDATE SET title = excluded.title", [meeting_id, seq, title])
    db.execute("DELETE FROM rat_agenda WHERE meeting_id = ? AND seq > ?", [meeting_id, len(titles)])


def set_agenda_notes(db: sqlite_utils.Database, agenda_id: int, notes: str) -> None:
    db.execute("UPDATE rat_agenda SET notes = ? WHERE id = ?", [notes, agenda_id])


def insert_question(db: sqlite_utils.Database, agenda_id: int, *, member_id: int | None, asker: str, question: str,
                    answer: str, answered_by: str) -> tuple[int, int]:
    seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM rat_questions WHERE agenda_id = ?",
                     [agenda_id]).fetchone()[0]
    qid = db.execute("INSERT INTO rat_questions (agenda_id, seq, member_id, asker, question, answer, answered_by) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [agenda_id, seq, member_id, asker, question, answer, answered_by]).lastrowid
    return qid, seq


def delete_question(db: sqlite_utils.Database, question_id: int) -> None:
    db.execute("DELETE FROM rat_questions WHERE id = ?", [question_id])


def question_meeting(db: sqlite_utils.Database, question_id: int) -> int | None:
    row = db.execute("SELECT g.meeting_id FROM rat_questions q JOIN rat_agenda g ON g.id = q.agenda_id "
                     "WHERE q.id = ?", [question_id]).fetchone()
    return row[0] if row else None


# ------------------------------------------------------------------------------------------------ attendance

ATTENDEE_SQL = """SELECT a.member_id, m.number, m.full_name, m.gender, a.mode, a.proxy_member_id,
    coalesce(p.full_name, ''), a.recorded_at
    FROM rat_attendance a JOIN members m ON m.id = a.member_id LEFT JOIN members p ON p.id = a.proxy_member_id
    WHERE a.meeting_id = ?"""


def _attendee(r) -> Attendee:
    mid, number, name, gender, mode, proxy, proxy_name, at = r
    return Attendee(mid, number, name, gender, AttendanceMode(mode), proxy, proxy_name, at)


def attendance(db: sqlite_utils.Database, meeting_id: int) -> list[Attendee]:
    """The attendance list in member-number order."""
    return [_attendee(r) for r in db.execute(
        ATTENDEE_SQL + " ORDER BY length(m.number), m.number, m.id", [meeting_id])]


def attendee(db: sqlite_utils.Database, meeting_id: int, member_id: int) -> Attendee | None:
    r = db.execute(ATTENDEE_SQL + " AND a.member_id = ?", [meeting_id, member_id]).fetchone()
    return _attendee(r) if r else None


def attendance_counts(db: sqlite_utils.Database, meeting_id: int) -> dict[str, int]:
    return dict(db.execute("SELECT mode, count(*) FROM rat_attendance WHERE meeting_id = ? GROUP BY mode",
                           [meeting_id]).fetchall())


def proxies_held(db: sqlite_utils.Database, meeting_id: int, holder_id: int) -> int:
    return db.execute("SELECT count(*) FROM rat_attendance WHERE meeting_id = ? AND proxy_member_id = ?",
                      [meeting_id, holder_id]).fetchone()[0]


def insert_attendance(db: sqlite_utils.Database, meeting_id: int, member_id: int, mode: str,
                      proxy_member_id: int | None, at: str, user_id: int | None) -> None:
    db.execute("INSERT INTO rat_attendance (meeting_id, member_id, mode, proxy_member_id, recorded_at, recorded_by) "
               "VALUES (?, ?, ?, ?, ?, ?)", [meeting_id, member_id, mode, proxy_member_id, at, user_id])


def insert_attendance_many(db: sqlite_utils.Database, meeting_id: int, rows: Sequence[tuple[int, str, int | None]],
                           at: str, user_id: int | None) -> None:
    db.conn.executemany("INSERT INTO rat_attendance (meeting_id, member_id, mode, proxy_member_id, recorded_at, "
                   "recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
                   [(meeting_id, m, mode, p, at, user_id) for m, mode, p in rows])


def delete_attendance(db: sqlite_utils.Database, meeting_id: int, member_id: int) -> None:
    db.execute("DELETE FROM rat_attendance WHERE meeting_id = ? AND member_id = ?", [meeting_id, member_id])


def members_on(db: sqlite_utils.Database, on: dt.date) -> int:
    """Members (not prospective) who had joined by the date and not yet left: those with a vote at a meeting."""
    return db.execute("SELECT count(*) FROM members WHERE join_date <= ? AND status <> 'calon' "
                      "AND (exit_date IS NULL OR exit_date > ?)", [on.isoformat(), on.isoformat()]).fetchone()[0]


def member_ids_on(db: sqlite_utils.Database, on: dt.date) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT id FROM members WHERE join_date <= ? AND status <> 'calon' AND (exit_date IS NULL OR exit_date > ?) "
        "ORDER BY length(number), number, id", [on.isoformat(), on.isoformat()])]


# ------------------------------------------------------------------------------------------------ decisions

DECISION_COLS = ("id", "meeting_id", "number", "seq", "agenda_seq", "kind", "title", "text", "voting", "votes_for",
                 "votes_against", "votes_abstain", "accepted", "elected")


def _decision(r) -> Decision:
    v = dict(zip(DECISION_COLS, r, strict=True))
    elected = tuple(ElectedOfficial(e["body"], e["role"], e["name"], dt.date.fromisoformat(e["term_start"]),
                                    dt.date.fromisoformat(e["term_end"])) for e in json.loads(v.pop("elected")))
    v["accepted"] = bool(v["accepted"])
    return Decision(**v, elected=elected)


def decisions(db: sqlite_utils.Database, meeting_id: int) -> list[Decision]:
    return [_decision(r) for r in db.execute(
        f"SELECT {', '.join(DECISION_COLS)} FROM rat_decisions WHERE meeting_id = ? ORDER BY seq, id", [meeting_id])]


def decision_by_number(db: sqlite_utils.Database, number: str) -> Decision | None:
    r = db.execute(f"SELECT {', '.join(DECISION_COLS)} FROM rat_decisions WHERE number = ?", [number]).fetchone()
    return _decision(r) if r else None


def next_decision_seq(db: sqlite_utils.Database, kind: str, held_year: int) -> int:
    """The next number among the decisions of the kind's meetings held in the year."""
    return db.execute("SELECT coalesce(max(d.seq), 0) + 1 FROM rat_decisions d JOIN rat_meetings m "
                      "ON m.id = d.meeting_id WHERE m.kind = ? AND substr(m.held_on, 1, 4) = ?",
                      [kind, f"{held_year:04d}"]).fetchone()[0]


def insert_decision(db: sqlite_utils.Database, values: dict, elected: Sequence[ElectedOfficial]) -> int:
    v = dict(values)
    v["accepted"] = int(v["accepted"])
    v["elected"] = json.dumps([{"body": e.body, "role": e.role, "name": e.name, "term_start": e.term_start.isoformat(),
                                "term_end": e.term_end.isoformat()} for e in elected], ensure_ascii=False)
    cols = list(v)
    return db.execute(f"INSERT INTO rat_decisions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                      [v[c] for c in cols]).lastrowid


def delete_decision(db: sqlite_utils.Database, decision_id: int) -> None:
    db.execute("DELETE FROM rat_decisions WHERE id = ?", [decision_id])


# ------------------------------------------------------------------------------------------------ texts


def texts(db: sqlite_utils.Database, year: int) -> dict[str, str]:
    return dict(db.execute("SELECT key, text FROM rat_texts WHERE year = ? ORDER BY key", [year]).fetchall())


def save_text(db: sqlite_utils.Database, year: int, key: str, text: str, at: str, user_id: int | None) -> None:
    db.execute("INSERT INTO rat_texts (year, key, text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT(year, key) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at, "
               "updated_by = excluded.updated_by", [year, key, text, at, user_id])


def delete_text(db: sqlite_utils.Database, year: int, key: str) -> None:
    db.execute("DELETE FROM rat_texts WHERE year = ? AND key = ?", [year, key])
