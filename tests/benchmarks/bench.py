#!/usr/bin/env python
"""KopDesk benchmarks: each row times KopDesk against a baseline measured in the same run, on this machine.

    python tests/benchmarks/bench.py            # full: 7 runs per side, 1,000,000-line trial balance
    python tests/benchmarks/bench.py --quick    # 3 runs per side, 200,000-line trial balance
    python tests/benchmarks/bench.py --only post --profile   # one row, with a cProfile of the KopDesk side

Prints one table row per benchmark: KopDesk figure, baseline figure, ratio, target, PASS/FAIL. Exit status 1 when a
row fails its target, 2 when a row could not run. Not collected by pytest (the file name is not test_*.py).

Adding a row: write a function that takes the ``Ctx`` and returns ``Result(kopdesk_ms, baseline_ms)``, and put
``@row("key", "name", target=2.0)`` on it (``limit_ms=`` adds an absolute ceiling for the KopDesk figure). A row
that measures something else than time says so with ``unit=`` (e.g. "MB"): its figures are printed with the unit
and ``limit_ms`` is then in that unit.
Big fixtures are cached under ``<tmp>/kopdesk-bench`` (``--cache-dir``; ``--rebuild`` remakes them).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import kopdesk
from kopdesk.domain.coop import CoopProfile
from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import users as users_svc
from kopdesk.services import workspace as ws_svc
from kopdesk.store import schema

# ------------------------------------------------------------------------------------------------- framework


@dataclass
class Result:
    kopdesk_ms: float
    baseline_ms: float
    name: str | None = None   # overrides the row's name (e.g. to say "quick: 200,000 lines")
    note: str = ""


@dataclass
class Row:
    key: str
    name: str
    target: float               # KopDesk / baseline must be <= target
    limit_ms: float | None      # and KopDesk under this many ms (or units), when set
    fn: Callable[[Ctx], Result]
    unit: str = "ms"            # what the figures are: ms unless the row says otherwise


ROWS: list[Row] = []


def row(key: str, name: str, *, target: float, limit_ms: float | None = None, unit: str = "ms"):
    """Register a benchmark row: ``@row("key", "what is timed", target=2.0)`` on ``fn(ctx) -> Result``."""
    def register(fn: Callable[[Ctx], Result]) -> Callable[[Ctx], Result]:
        ROWS.append(Row(key, name, target, limit_ms, fn, unit))
        return fn
    return register


@dataclass
class Ctx:
    quick: bool
    runs: int
    cache: Path
    work: Path
    rebuild: bool = False
    profile: bool = False
    profiles: list[str] = field(default_factory=list)

    def paired_ms(self, kopdesk: Callable, baseline: Callable, *, setup_kopdesk: Callable | None = None,
                  setup_baseline: Callable | None = None) -> tuple[float, float]:
        """Median wall times in ms of ``kopdesk`` and ``baseline``, run alternately (so drift hits both alike) after
        one untimed warm-up round. With a setup function, ``fn(setup())`` is called and only ``fn`` is timed."""
        times: tuple[list[float], list[float]] = ([], [])
        for i in range(self.runs + 1):
            for fn, setup, out in ((kopdesk, setup_kopdesk, times[0]), (baseline, setup_baseline, times[1])):
                arg = setup() if setup else None
                t0 = time.perf_counter()
                fn() if setup is None else fn(arg)
                if i:
                    out.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times[0]), statistics.median(times[1])

    def profiled(self, label: str, fn: Callable[[], object]) -> None:
        """With --profile: run ``fn`` once under cProfile and keep the top of the report."""
        if not self.profile:
            return
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).strip_dirs().sort_stats("cumulative").print_stats(25)
        self.profiles.append(f"--- cProfile: {label} (sorted by cumulative time)\n{out.getvalue()}")


def machine_facts() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version
        qt = version("PySide6-Essentials")
    except Exception:
        qt = "?"
    return [
        f"KopDesk {kopdesk.__version__} benchmarks, {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"CPU: {os.cpu_count()} x {cpu}",
        f"Python {platform.python_version()} ({platform.python_implementation()}), SQLite {sqlite3.sqlite_version}, "
        f"PySide6 {qt}, {platform.platform()}",
    ]


def _fmt_ms(ms: float) -> str:
    return f"{ms:,.1f}" if ms < 100 else f"{ms:,.0f}"


def run_rows(ctx: Ctx, rows: Sequence[Row]) -> int:
    results: list[tuple[str, str, str, str, str, str]] = []
    notes: list[str] = []
    status = 0
    for r in rows:
        print(f"... {r.key}: {r.name}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            res = r.fn(ctx)
        except Exception as exc:  # one broken row must not hide the others
            traceback.print_exc()
            results.append((r.name, "-", "-", "-", _target(r), "ERROR"))
            notes.append(f"{r.key}: ERROR {type(exc).__name__}: {exc}"[:1200])
            status = max(status, 2)
            continue
        ratio = res.kopdesk_ms / res.baseline_ms if res.baseline_ms > 0 else float("inf")
        ok = ratio <= r.target and (r.limit_ms is None or res.kopdesk_ms < r.limit_ms)
        if not ok:
            status = max(status, 1)
        suffix = "" if r.unit == "ms" else f" {r.unit}"
        results.append((res.name or r.name, _fmt_ms(res.kopdesk_ms) + suffix, _fmt_ms(res.baseline_ms) + suffix,
                        f"{ratio:.2f}x", _target(r), "PASS" if ok else "FAIL"))
        if res.note:
            notes.append(f"{r.key}: {res.note}")
        print(f"    done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)

    header = ("row", "KopDesk ms", "baseline ms", "ratio", "target", "result")
    widths = [max(len(x[i]) for x in [header, *results]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print()
    for fact in machine_facts():
        print(fact)
    print(f"median of {ctx.runs} runs per side{' (--quick)' if ctx.quick else ''}; times in ms")
    print()
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True))))
    print(line)
    for res_row in results:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(res_row, widths, strict=True))))
    if notes:
        print()
        for n in notes:
            print(textwrap.fill(n, 118, subsequent_indent="    "))
    for p in ctx.profiles:
        print()
        print(p)
    return status


def _target(r: Row) -> str:
    return f"<= {r.target:g}x" + (f", < {r.limit_ms:,.0f} {r.unit}" if r.limit_ms else "")


# ------------------------------------------------------------------------------------------------- fixtures

PROFILE = CoopProfile(
    name="KSP Bench Sejahtera", legal_number="518/001/BH/XVII/2012", legal_date=dt.date(2012, 6, 14),
    street="Jl. A. Yani Km 34", desa="Komet", kecamatan="Banjarbaru Utara", kabupaten_kota="Kota Banjarbaru",
    province="Kalimantan Selatan", postal_code="70714", coop_type="KSP",
)
FIXTURE_VERSION = f"s{schema.SCHEMA_VERSION}-v1"   # bump when the generated data changes


def qt_env(ctx: Ctx) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    runtime = ctx.work / "xdg"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    env.setdefault("KOPDESK_CONFIG_DIR", str(ctx.work / "config"))
    return env


def empty_workspace(ctx: Ctx) -> Path:
    """A fresh koperasi workspace (default chart, one admin), made once per bench run; copy it, don't post to it."""
    path = ctx.work / "empty.kopdesk"
    if not path.exists():
        ws, _ = ws_svc.create_workspace(path, profile=PROFILE, admin_full_name="Bench Admin")
        ws.close()
    return path


def copy_of(src: Path, dest: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(src, dest)
    return dest


def postable_pairs(path: Path) -> list[tuple[int, int]]:
    """(debit account, credit account) pairs across the postable chart, for varied but valid journals."""
    ws = ws_svc.open_workspace(path)
    try:
        ids = [a.id for a in ledger_svc.list_accounts(ws, postable_only=True, active_only=True)]
    finally:
        ws.close()
    return [(ids[i], ids[(i * 7 + 3) % len(ids)]) for i in range(len(ids)) if ids[i] != ids[(i * 7 + 3) % len(ids)]]


def make_drafts(n: int, pairs: list[tuple[int, int]], start: dt.date, days: int, seed: int = 0) -> list[JournalDraft]:
    """n two-line journals, dated over ``days`` days from ``start`` in date order, amounts in whole rupiah."""
    out = []
    for i in range(n):
        debit_acct, credit_acct = pairs[(i + seed) % len(pairs)]
        amount = 10_000 + (i * 7919 + seed) % 5_000_000
        on = start + dt.timedelta(days=i * days // n)
        out.append(JournalDraft(on, f"Transaksi uji {i + 1}", (LineDraft(debit_acct, debit=amount),
                                                              LineDraft(credit_acct, credit=amount)), series="JU"))
    return out


def raw_rows(drafts: Sequence[JournalDraft], now: str, user_id: int) -> tuple[list[tuple], list[tuple]]:
    """The journals and journal_lines rows of ``drafts`` as posted into an empty workspace (ids and numbers from 1)."""
    journals, lines = [], []
    seq: dict[tuple[str, int], int] = {}
    line_id = 1
    for jid, d in enumerate(drafts, start=1):
        key = (d.series, d.date.year)
        seq[key] = seq.get(key, 0) + 1
        iso = d.date.isoformat()
        journals.append((jid, f"{d.series}-{d.date.year}-{seq[key]:06d}", d.series, iso, d.description, d.source,
                         d.reference, d.reverses_id, now, user_id))
        for n, line in enumerate(d.lines, start=1):
            lines.append((line_id, jid, n, line.account_id, iso, line.debit, line.credit, line.memo))
            line_id += 1
    return journals, lines


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the same pragmas KopDesk uses (kopdesk/store/db.py: connect)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def _kill_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------------- rows


def demo_workspace(ctx: Ctx) -> tuple[Path, str]:
    """The demo workspace (services.demo.build_demo, seed 1), or a stand-in when the demo service is missing."""
    path = ctx.work / "demo.kopdesk"
    if path.exists():
        return path, "demo"
    try:
        from kopdesk.services.demo import build_demo
    except ImportError:
        copy_of(empty_workspace(ctx), path)
        ws = ws_svc.open_workspace(path)
        try:
            pairs = postable_pairs(empty_workspace(ctx))
            ledger_svc.post_journals(ws, make_drafts(1500, pairs, dt.date(2024, 1, 1), 1000),
                                     users_svc.default_user(ws))
        finally:
            ws.close()
        return path, "stand-in: empty workspace + 1,500 journals (services.demo missing)"
    build_demo(path, seed=1)
    return path, "demo"


BARE_QT = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1200, 800)
painted = []
class Spy(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not painted:
            painted.append(time.time())
        return False
spy = Spy()
w.installEventFilter(spy)
w.show()
while not painted:
    app.processEvents()
print(f"startup-probe-painted-at: {painted[0]:.6f}", flush=True)
sys.exit(0)
"""


def paired_reported(ctx: Ctx, kopdesk: Callable[[], float], baseline: Callable[[], float]) -> tuple[float, float]:
    """Like ``Ctx.paired_ms``, for functions that measure and return their own milliseconds."""
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(ctx.runs + 1):
        for fn, out in ((kopdesk, times[0]), (baseline, times[1])):
            ms = fn()
            if i:
                out.append(ms)
    return statistics.median(times[0]), statistics.median(times[1])


def spawn_to_paint_ms(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    """Milliseconds from spawning a process to the first paint of its main window (the process prints the wall
    clock at that paint), and its output. Interpreter start, imports, opening files and painting count; the
    process's teardown after the window is up does not: that is not part of starting."""
    t0 = time.time()
    out = run_checked(argv, env, cwd)
    stamp = next(line for line in out.splitlines() if line.startswith("startup-probe-painted-at:"))
    return (float(stamp.split(":", 1)[1]) - t0) * 1000, out


def kopdesk_command() -> list[str]:
    """The installed ``kopdesk`` command (the console script next to this Python), else ``python -m kopdesk``."""
    script = Path(sys.executable).with_name("kopdesk.exe" if os.name == "nt" else "kopdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kopdesk"]


def bytecode_env(ctx: Ctx, env: dict[str, str]) -> dict[str, str]:
    """``env`` with a byte-code cache, as an installed KopDesk has (pip and PyInstaller ship .pyc files): kept in
    ``<cache>/pycache`` (PYTHONPYCACHEPREFIX), so the checkout stays clean even when PYTHONDONTWRITEBYTECODE is set
    in the shell. The untimed warm-up round of ``paired_ms`` fills it."""
    out = dict(env)
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    out["PYTHONPYCACHEPREFIX"] = str(ctx.cache / "pycache")
    return out


def run_checked(argv: list[str], env: dict[str, str], cwd: Path) -> str:
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[1:])} exited {proc.returncode}: {proc.stderr.strip()[-600:]}")
    return proc.stdout


@row("startup", "app start to the main window painted (Beranda on the demo) vs bare QMainWindow", target=2.0)
def bench_startup(ctx: Ctx) -> Result:
    path, how = demo_workspace(ctx)
    env = bytecode_env(ctx, qt_env(ctx))
    kopdesk_cmd = [*kopdesk_command(), str(path), "--startup-probe"]
    bare_cmd = [sys.executable, "-c", BARE_QT]
    reports: list[str] = []
    window_ms: list[float] = []   # the main window's first paint, before the file is opened ("Membuka ...")

    def kopdesk_start(run_env: dict[str, str] = env) -> float:
        t0 = time.time()
        ms, out = spawn_to_paint_ms(kopdesk_cmd, run_env, ctx.work)
        reports.extend(line for line in out.splitlines() if line.startswith("startup-probe:"))
        window_ms.extend((float(line.split(":", 1)[1]) - t0) * 1000 for line in out.splitlines()
                         if line.startswith("startup-probe-window-painted-at:"))
        return ms

    kop, base = paired_reported(ctx, kopdesk_start, lambda: spawn_to_paint_ms(bare_cmd, env, ctx.work)[0])
    whole, bare_whole = ctx.paired_ms(lambda: run_checked(kopdesk_cmd, env, ctx.work),
                                      lambda: run_checked(bare_cmd, env, ctx.work))
    steps = reports[len(reports) // 2].removeprefix("startup-probe: ") if reports else "?"
    window = statistics.median(window_ms[1:] or window_ms) if window_ms else None   # [0]: the warm-up round
    # the same start without byte-code for kopdesk's own modules (an editable checkout with PYTHONDONTWRITEBYTECODE)
    cold_env = {k: v for k, v in qt_env(ctx).items() if k != "PYTHONPYCACHEPREFIX"} | {"PYTHONDONTWRITEBYTECODE": "1"}
    cold, _ = paired_reported(ctx, lambda: kopdesk_start(cold_env), lambda: 0.0)
    if ctx.profile:
        prof = ctx.work / "startup.prof"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "kopdesk", str(path),
                        "--startup-probe"], env=env, cwd=ctx.work, capture_output=True, timeout=300, check=True)
        out = io.StringIO()
        pstats.Stats(str(prof), stream=out).strip_dirs().sort_stats("cumulative").print_stats(30)
        ctx.profiles.append(f"--- cProfile: app start on the demo workspace\n{out.getvalue()}")
    note = (f"offscreen, from spawning the process to the first paint of its main window (each process prints the "
            f"wall clock at that paint). KopDesk: `{' '.join(Path(a).name for a in kopdesk_cmd[:-2])} "
            "demo.kopdesk --startup-probe` (the real entry point: open the file, show the main window, Beranda "
            "painted, its figures still being read); baseline: QApplication + QMainWindow shown and painted. "
            + (f"The main window itself (menu, status bar, \"Membuka demo.kopdesk ...\") is painted first, before the "
               f"file is opened: at {_fmt_ms(window)} ms ({window / base:.2f}x). " if window else "")
            + "Both with a warm byte-code cache; "
            f"without one for kopdesk's own modules the KopDesk start took {_fmt_ms(cold)} ms. Whole processes "
            f"including teardown (closing the workspace, waiting for Beranda's background reads): "
            f"{_fmt_ms(whole)} vs {_fmt_ms(bare_whole)} ms. Steps inside KopDesk (one run, ms): {steps}.")
    if how != "demo":
        note += f" Workspace: {how}."
    return Result(kop, base, note=note)


POST_JOURNALS = 10_000


@row("post", f"post {POST_JOURNALS:,} two-line journals in one call vs raw executemany", target=3.0)
def bench_post(ctx: Ctx) -> Result:
    template = empty_workspace(ctx)
    drafts = make_drafts(POST_JOURNALS, postable_pairs(template), dt.date(2026, 1, 1), 300)
    journals, lines = raw_rows(drafts, dt.datetime.now().isoformat(timespec="seconds"), 1)
    n = 0

    def fresh_ws():
        nonlocal n
        n += 1
        ws = ws_svc.open_workspace(copy_of(template, ctx.work / f"post-{n}.kopdesk"))
        return ws, users_svc.default_user(ws)

    def post(arg) -> None:
        ws, admin = arg
        try:
            ledger_svc.post_journals(ws, drafts, admin)
        finally:
            ws.close()
            _kill_file(ws.path)

    def fresh_raw() -> sqlite3.Connection:
        nonlocal n
        n += 1
        return raw_connect(copy_of(template, ctx.work / f"raw-{n}.kopdesk"))

    def raw(conn: sqlite3.Connection) -> None:
        path = Path(conn.execute("PRAGMA database_list").fetchone()[2])
        try:
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO journals (id, number, series, date, description, source, reference, "
                             "reverses_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", journals)
            conn.executemany("INSERT INTO journal_lines (id, journal_id, line_no, account_id, date, debit, credit, "
                             "memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", lines)
            conn.execute("COMMIT")
        finally:
            conn.close()
            _kill_file(path)

    kop, base = ctx.paired_ms(post, raw, setup_kopdesk=fresh_ws, setup_baseline=fresh_raw)
    ctx.profiled("post_journals, 10,000 journals", lambda: post(fresh_ws()))
    return Result(kop, base, note=f"both into a fresh copy of the same empty workspace file (schema, triggers, "
                                  f"indexes), WAL + synchronous=FULL + foreign_keys=ON, one transaction; "
                                  f"KopDesk includes validation, numbering and the audit row; the "
                                  f"baseline inserts the same {len(journals):,} + {len(lines):,} rows prebuilt.")


def trial_balance_file(ctx: Ctx, lines: int) -> Path:
    """A workspace with ``lines`` journal lines (two-line journals over three years), cached between runs."""
    path = ctx.cache / f"tb-{lines}-{FIXTURE_VERSION}.kopdesk"
    if path.exists() and not ctx.rebuild:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if conn.execute("SELECT count(*) FROM journal_lines").fetchone()[0] == lines:
                return path
        except sqlite3.Error:
            pass
        finally:
            conn.close()
    _kill_file(path)
    building = ctx.cache / f"building-{os.getpid()}.kopdesk"
    _kill_file(building)
    t0 = time.perf_counter()
    print(f"    building {lines:,}-line workspace in {ctx.cache} (cached for later runs)", file=sys.stderr, flush=True)
    copy_of(empty_workspace(ctx), building)
    ws = ws_svc.open_workspace(building)
    try:
        admin = users_svc.default_user(ws)
        pairs = postable_pairs(empty_workspace(ctx))
        journals, batch = lines // 2, 50_000
        start, days = dt.date(2024, 1, 1), (dt.date(2026, 11, 30) - dt.date(2024, 1, 1)).days
        for first in range(0, journals, batch):
            count = min(batch, journals - first)
            day0 = first * days // journals
            ledger_svc.post_journals(ws, make_drafts(count, pairs, start + dt.timedelta(days=day0),
                                                     max(1, count * days // journals), seed=first), admin)
    finally:
        ws.close()
    os.replace(building, path)
    print(f"    built in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return path


TB_SQL = "SELECT account_id, sum(debit), sum(credit) FROM journal_lines WHERE date <= ? GROUP BY account_id"


@row("tb", "trial balance over 1,000,000 journal lines vs raw GROUP BY", target=2.0, limit_ms=1000)
def bench_trial_balance(ctx: Ctx) -> Result:
    lines = 200_000 if ctx.quick else 1_000_000
    path = trial_balance_file(ctx, lines)
    as_of = dt.date(2026, 12, 31)   # every line counts
    ws = ws_svc.open_workspace(path)
    conn = sqlite3.connect(str(path))
    try:
        tb = ledger_svc.trial_balance(ws, as_of)
        raw = conn.execute(TB_SQL, [as_of.isoformat()]).fetchall()
        assert sum(r.debit for r in tb.rows) == sum(r[1] for r in raw), "trial balance and raw SQL disagree"
        kop, base = ctx.paired_ms(lambda: ledger_svc.trial_balance(ws, as_of),
                                  lambda: conn.execute(TB_SQL, [as_of.isoformat()]).fetchall())
        ctx.profiled(f"trial_balance over {lines:,} lines", lambda: ledger_svc.trial_balance(ws, as_of))
    finally:
        conn.close()
        ws.close()
    name = None if not ctx.quick else f"trial balance over {lines:,} journal lines (quick) vs raw GROUP BY"
    return Result(kop, base, name=name,
                  note=f"{lines:,} lines on {len(raw)} accounts, as of {as_of}; same file, warm cache; baseline: "
                       f"`{TB_SQL}` through sqlite3.")


STATEMENTS_SQL = ("SELECT account_id, sum(CASE WHEN date < :p0 THEN debit - credit ELSE 0 END), "
                  "sum(CASE WHEN date >= :p0 AND date < :c0 THEN debit ELSE 0 END), "
                  "sum(CASE WHEN date >= :p0 AND date < :c0 THEN credit ELSE 0 END), "
                  "sum(CASE WHEN date >= :c0 THEN debit ELSE 0 END), sum(CASE WHEN date >= :c0 THEN credit ELSE 0 END) "
                  "FROM journal_lines WHERE date <= :c1 GROUP BY account_id")


@row("statements", "statement set for a year (with prior year) over 1,000,000 journal lines vs raw GROUP BY",
     target=2.0, limit_ms=2000)
def bench_statements(ctx: Ctx) -> Result:
    from kopdesk.services import statements as statements_svc

    lines = 200_000 if ctx.quick else 1_000_000
    path = trial_balance_file(ctx, lines)
    year = 2025                                        # the fixture runs 2024-01-01 .. 2026-11-30: 2024 is the prior
    args = {"p0": f"{year - 1}-01-01", "c0": f"{year}-01-01", "c1": f"{year}-12-31"}
    ws = ws_svc.open_workspace(path, readonly=True)
    conn = sqlite3.connect(str(path))
    try:
        fs = statements_svc.financial_statements(ws, year)
        raw = conn.execute(STATEMENTS_SQL, args).fetchall()
        assert fs.balance_sheet.balanced, "the statement set does not balance"
        kop, base = ctx.paired_ms(lambda: statements_svc.financial_statements(ws, year),
                                  lambda: conn.execute(STATEMENTS_SQL, args).fetchall())
        ctx.profiled(f"financial_statements {year} over {lines:,} lines",
                     lambda: statements_svc.financial_statements(ws, year))
    finally:
        conn.close()
        ws.close()
    name = None if not ctx.quick else (f"statement set for a year (with prior year) over {lines:,} journal lines "
                                       "(quick) vs raw GROUP BY")
    return Result(kop, base, name=name,
                  note=f"{lines:,} lines over 2024-2026 on {len(raw)} accounts; KopDesk: "
                       f"financial_statements({year}) - balance sheet, PHU, equity and cash flow with {year - 1} as "
                       "comparative, plus the notes (savings, loans, allocation); baseline: one GROUP BY account "
                       "through sqlite3 giving the opening balance of the prior year and the prior and current "
                       "years' debit and credit movements. Same file, warm cache.")


# ------------------------------------------------------------------------------------------------- members and savings


def synthetic_members(n: int, *, seed: int = 0, join: dt.date = dt.date(2020, 1, 2)):
    """n members with NIKs valid in structure and unique, Indonesian-looking names, opening balances."""
    from kopdesk.domain.members import Member
    from kopdesk.services.members import NewMember

    first = ("Siti", "Budi", "Ahmad", "Nur", "Rina", "Agus", "Dewi", "Hasan", "Yuni", "Rahmat", "Fitri", "Joko")
    last = ("Aminah", "Santoso", "Hidayat", "Rahmawati", "Saputra", "Lestari", "Wibowo", "Kurniawan", "Pratama")
    out = []
    for i in range(n):
        female = i % 2 == 0
        born = dt.date(1950 + i % 50, 1 + i % 12, 1 + i % 28)
        day = born.day + (40 if female else 0)
        nik = f"63{1 + i % 99:02d}{1 + (i // 99) % 99:02d}{day:02d}{born.month:02d}{born.year % 100:02d}" \
              f"{1 + (i + seed) % 9999:04d}"
        name = f"{first[i % len(first)]} {last[(i // len(first)) % len(last)]} {i + 1}"
        out.append(NewMember(Member(None, "", name, nik, "P" if female else "L", birth_date=born, join_date=join),
                             {"POKOK": 100_000, "WAJIB": 50_000 * (i % 60), "SUKARELA": 10_000 * (i % 97)}))
    return out


def members_workspace(ctx: Ctx, n: int) -> Path:
    """A workspace with n members and their opening savings (cached)."""
    path = ctx.cache / f"members-{n}-v{schema.SCHEMA_VERSION}.kopdesk"
    if path.exists() and not ctx.rebuild:
        return path
    from kopdesk.services import members as members_svc

    print(f"    building a {n:,}-member workspace (cached in {ctx.cache}) ...", file=sys.stderr, flush=True)
    building = ctx.cache / "members-building.kopdesk"
    _kill_file(building)
    copy_of(empty_workspace(ctx), building)
    ws = ws_svc.open_workspace(building)
    try:
        members_svc.register_many(ws, synthetic_members(n), opening_date=dt.date(2026, 1, 1),
                                  by=users_svc.default_user(ws))
    finally:
        ws.close()
    os.replace(building, path)
    return path


SEARCH_SQL = ("SELECT id, number, full_name, nik FROM members m WHERE (m.full_name LIKE ? OR m.number LIKE ? "
              "OR m.nik LIKE ?) LIMIT 200")


@row("search", "member search over 100,000 members, one keystroke (page + count) vs raw LIKE", target=3.0,
     limit_ms=50)
def bench_search(ctx: Ctx) -> Result:
    from kopdesk.services import members as members_svc

    n = 20_000 if ctx.quick else 100_000
    path = members_workspace(ctx, n)
    ws = ws_svc.open_workspace(path, readonly=True)
    conn = sqlite3.connect(str(path))
    texts = ["sit", "siti am", "rahmat pratama 9", "A-0500", "6302", "yuni"]
    try:
        def kopdesk_keystrokes():
            for t in texts:
                members_svc.search(ws, t, limit=200)
                members_svc.count(ws, t)

        def raw_keystrokes():
            for t in texts:
                conn.execute(SEARCH_SQL, [f"%{t}%", f"{t}%", f"{t}%"]).fetchall()
                conn.execute("SELECT count(*) FROM members m WHERE (m.full_name LIKE ? OR m.number LIKE ? "
                             "OR m.nik LIKE ?)", [f"%{t}%", f"{t}%", f"{t}%"]).fetchone()

        kop, base = ctx.paired_ms(kopdesk_keystrokes, raw_keystrokes)
        ctx.profiled("member search keystrokes", kopdesk_keystrokes)
    finally:
        conn.close()
        ws.close()
    name = None if not ctx.quick else f"member search over {n:,} members (quick), one keystroke vs raw LIKE"
    return Result(kop / len(texts), base / len(texts), name=name,
                  note=f"per keystroke, averaged over {len(texts)} typed texts: a page of 200 members with their "
                       "balances plus the match count; baseline: the same LIKE page and count in plain SQL.")


@row("collect", "collection sheet (potong gaji) for 10,000 members, one posting vs raw executemany", target=4.0,
     limit_ms=5000)
def bench_collection(ctx: Ctx) -> Result:
    from kopdesk.services import savings as savings_svc

    n = 10_000
    src = members_workspace(ctx, 20_000 if ctx.quick else 100_000)
    work = ctx.work / "collect.kopdesk"
    copy_of(src, work)
    ws = ws_svc.open_workspace(work)
    try:
        numbers = [r[0] for r in ws.db.execute("SELECT number FROM members ORDER BY id LIMIT ?", [n])]
        admin = users_svc.default_user(ws)
        rows = [savings_svc.CollectionRow(num, "WAJIB", 50_000) for num in numbers]
        ids = [r[0] for r in ws.db.execute("SELECT id FROM members ORDER BY id LIMIT ?", [n])]
        wajib = savings_svc.product_by_code(ws, "WAJIB").id
        counter = [0]

        def kopdesk_post():
            counter[0] += 1
            savings_svc.post_collection(ws, rows, on=dt.date(2026, 2, min(counter[0], 28)), cash_account_id=None,
                                        description=f"Potong gaji uji {counter[0]}", by=admin)

        raw_path = ctx.work / "collect-raw.kopdesk"
        copy_of(src, raw_path)
        conn = raw_connect(raw_path)
        jid = [10_000_000]

        def raw_post():
            jid[0] += 1
            conn.execute("BEGIN")
            conn.execute("INSERT INTO journals (id, number, series, date, description, created_at) VALUES "
                         "(?, ?, 'KM', '2026-03-01', 'raw', 'now')", [jid[0], f"RAW-{jid[0]}"])
            conn.executemany("INSERT INTO savings_tx (member_id, product_id, date, kind, deposit, description, "
                             "journal_id, created_at) VALUES (?, ?, '2026-03-01', 'setoran', 50000, 'raw', ?, 'now')",
                             [(m, wajib, jid[0]) for m in ids])
            conn.execute("COMMIT")

        kop, base = ctx.paired_ms(kopdesk_post, raw_post)
        ctx.profiled("post_collection 10,000 rows", kopdesk_post)
        conn.close()
    finally:
        ws.close()
    return Result(kop, base, note="KopDesk: validation of every row, one balanced journal, 10,000 savings rows with "
                                  "trigger-kept balances, audit; baseline: the same savings rows through executemany "
                                  "(same triggers) with a bare journal row.")


@row("import", "import 10,000 members from .xlsx (all-or-nothing) vs reading the file + raw executemany",
     target=5.0, limit_ms=3000)
def bench_import(ctx: Ctx) -> Result:
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    from kopdesk.services import member_import

    n = 10_000
    xlsx = ctx.work / "anggota-10000.xlsx"
    wb = xlsxwriter.Workbook(str(xlsx))
    sh = wb.add_worksheet("Anggota")
    headers = ["Nama Lengkap", "NIK", "Jenis Kelamin", "Tanggal Lahir", "Tanggal Masuk", "Saldo Simpanan pokok",
               "Saldo Simpanan wajib", "Saldo Simpanan sukarela"]
    for c, h in enumerate(headers):
        sh.write_string(0, c, h)
    for r, item in enumerate(synthetic_members(n, seed=77), start=1):
        m = item.member
        for c, v in enumerate([m.full_name, m.nik, m.gender, m.birth_date.strftime("%d-%m-%Y"), "02-01-2020"]):
            sh.write_string(r, c, v)
        for c, code in enumerate(("POKOK", "WAJIB", "SUKARELA"), start=5):
            sh.write_number(r, c, item.opening[code])
    wb.close()
    counter = [0]

    def fresh() -> Path:
        counter[0] += 1
        return copy_of(empty_workspace(ctx), ctx.work / f"import-{counter[0]}.kopdesk")

    def kopdesk_import(path: Path):
        ws = ws_svc.open_workspace(path)
        try:
            member_import.import_members(ws, xlsx, opening_date=dt.date(2026, 1, 1), by=users_svc.default_user(ws))
        finally:
            ws.close()

    def raw_import(path: Path):
        table = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
        conn = raw_connect(path)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO members (id, number, full_name, nik, gender, join_date, status, created_at) "
                         "VALUES (?, ?, ?, ?, ?, '2020-01-02', 'aktif', 'now')",
                         [(i, f"R-{i}", r[0], r[1], r[2]) for i, r in enumerate(table[1:], start=1)])
        conn.execute("INSERT INTO journals (id, number, series, date, description, created_at) VALUES "
                     "(1, 'RAW-1', 'JS', '2026-01-01', 'raw', 'now')")
        conn.executemany("INSERT INTO savings_tx (member_id, product_id, date, kind, deposit, description, "
                         "journal_id, created_at) VALUES (?, ?, '2026-01-01', 'saldo_awal', ?, 'raw', 1, 'now')",
                         [(i, p, int(r[4 + p])) for i, r in enumerate(table[1:], start=1) for p in (1, 2, 3)
                          if r[4 + p]])
        conn.execute("COMMIT")
        conn.close()

    kop, base = ctx.paired_ms(kopdesk_import, raw_import, setup_kopdesk=fresh, setup_baseline=fresh)
    return Result(kop, base, note="KopDesk: read, check every cell and NIK (duplicates in the file and the "
                                  "register), number, insert members, post the opening balances journal and 30,000 "
                                  "savings rows; "
                                  "baseline: calamine read + bare executemany of the member rows and their savings "
                                  "rows (same triggers), no checks.")


PEAK_KB = """
def peak_kb():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource, sys
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss
"""

BARE_QT_MEMORY = PEAK_KB + BARE_QT.replace("sys.exit(0)", 'print(f"memory-probe: peak_kb={peak_kb()}")\nsys.exit(0)')

# The application with the member list of a big workspace on screen, scrolled to the end once: the view asks for
# page after page (fetchMore) until every member is loaded; then the peak resident memory of the process.
KOPDESK_MEMORY = PEAK_KB + """
import sys, time
from kopdesk.ui import messages
from kopdesk.ui.app import make_app
from kopdesk.ui.main_window import MainWindow

app = make_app()
messages.use(messages.FakePrompts(confirm=False))   # nothing may wait for an answer
win = MainWindow()
win.resize(1366, 768)
win.show()
if not win.open_path(sys.argv[1]):
    sys.exit(2)
page = win.view.go("anggota").list
model, view = page.model, page.view
deadline = time.monotonic() + 1800
def settle():
    while model.busy or model.query is None:
        if time.monotonic() > deadline:
            sys.exit(3)
        app.processEvents()
        time.sleep(0.001)
settle()
t0 = time.perf_counter()
pages = 0
while len(model.rows) < model.total:
    view.scrollToBottom()              # at the end the view asks for the next page itself
    app.processEvents()
    if not model.busy:
        model.fetchMore()
    settle()
    pages += 1
view.scrollToBottom()
app.processEvents()
print(f"memory-probe: peak_kb={peak_kb()} rows={len(model.rows)} total={model.total} pages={pages} "
      f"seconds={time.perf_counter() - t0:.1f}")
win.close()
"""


def _probe_values(out: str) -> dict[str, str]:
    line = next(x for x in out.splitlines() if x.startswith("memory-probe:"))
    return dict(item.split("=", 1) for item in line.removeprefix("memory-probe:").split())


@row("memory", "peak memory showing the list of 100,000 members scrolled to the end vs bare QMainWindow",
     target=5.0, limit_ms=250, unit="MB")
def bench_memory(ctx: Ctx) -> Result:
    n = 100_000
    work = copy_of(members_workspace(ctx, n), ctx.work / "members-memory.kopdesk")
    env = bytecode_env(ctx, qt_env(ctx))
    (ctx.work / "memory_kopdesk.py").write_text(KOPDESK_MEMORY)
    runs = 1 if ctx.quick else 3
    kop, base, seen = [], [], {}
    for _ in range(runs):
        seen = _probe_values(run_checked([sys.executable, str(ctx.work / "memory_kopdesk.py"), str(work)], env,
                                         ctx.work))
        if int(seen["rows"]) != n:
            raise RuntimeError(f"the list loaded {seen['rows']} of {n} members")
        kop.append(int(seen["peak_kb"]) / 1024)
        base.append(int(_probe_values(run_checked([sys.executable, "-c", BARE_QT_MEMORY], env,
                                                  ctx.work))["peak_kb"]) / 1024)
    return Result(statistics.median(kop), statistics.median(base),
                  note=f"peak resident memory (VmHWM), MB, median of {runs} run(s); whole processes, offscreen. "
                       f"KopDesk: open a {n:,}-member workspace, show Anggota, scroll to the end until every member "
                       f"is loaded ({seen['pages']} pages of 200 through the worker, {seen['seconds']} s); "
                       "baseline: QApplication + QMainWindow shown.")


# ------------------------------------------------------------------------------------------------- loans


LOAN_MONTHS = range(1, 7)            # loans paid out on the 10th of January .. June 2026 (a sixth each)
LOAN_PAID_THROUGH = 10               # monthly repayments on the 10th of February .. October 2026
KOLEK_AS_OF = dt.date(2026, 10, 31)


def _loan_pattern(i: int) -> str:
    """How loan i pays: 13 in 20 on time, 2 late (two instalments every other month), 2 partial (half an
    instalment), 2 stopped after three instalments, 1 never paid."""
    k = i % 20
    return "on_time" if k < 13 else "late" if k < 15 else "partial" if k < 17 else "stopped" if k < 19 else "never"


def _month_payment(pattern: str, paid_months: int, instalment: int) -> int:
    """What a loan pays on its ``paid_months``-th payment date (1 = the first instalment's due date)."""
    if pattern == "on_time":
        return instalment
    if pattern == "late":
        return 2 * instalment if paid_months % 2 == 0 else 0
    if pattern == "partial":
        return instalment // 2
    if pattern == "stopped":
        return instalment if paid_months <= 3 else 0
    return 0


def loans_workspace(ctx: Ctx, n: int) -> Path:
    """n disbursed loans (one per member, 2-20 juta over 12-24 months, flat 1.5 %), paid out through
    apply/approve/disburse (each loan's schedule is frozen at disbursement) and repaid monthly through repay_many
    with a realistic mix (see ``_loan_pattern``); cached."""
    from kopdesk.domain.loans import LoanSettings
    from kopdesk.services import loan_payments, loan_products
    from kopdesk.services import loans as loans_svc

    path = ctx.cache / f"loans-{n}-{FIXTURE_VERSION}.kopdesk"
    if path.exists() and not ctx.rebuild:
        return path
    src = members_workspace(ctx, n)
    print(f"    building a {n:,}-loan workspace (cached in {ctx.cache}) ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    building = ctx.cache / f"loans-building-{os.getpid()}.kopdesk"
    _kill_file(building)
    copy_of(src, building)
    ws = ws_svc.open_workspace(building)
    try:
        admin = users_svc.default_user(ws)
        cash, equity = ledger_svc.get_account(ws, "1-1100").id, ledger_svc.get_account(ws, "3-3100").id
        fund = 1_000_000_000_000
        ledger_svc.post_journals(ws, [JournalDraft(dt.date(2026, 1, 2), "Modal penyertaan", (
            LineDraft(cash, debit=fund), LineDraft(equity, credit=fund)), series="JS")], admin)
        loan_products.save_settings(ws, LoanSettings(maker_checker=False, bmpp_enforced=False), admin)
        product, _, _ = loan_products.save_product(ws, loan_products.new_product(
            ws, "MODAL", "Pinjaman Modal", rate=Decimal("1.5"), tenor_max=60), admin)
        member_ids = [r[0] for r in ws.db.execute("SELECT id FROM members ORDER BY id LIMIT ?", [n])]
        loans: list[tuple[int, str, int, int]] = []        # (index, number, disbursement month, loan id)
        for first in range(0, n, 500):
            with ws.db.atomic():                           # one commit per 500 loans; each call is a savepoint
                for i in range(first, min(first + 500, n)):
                    month = LOAN_MONTHS[i * len(LOAN_MONTHS) // n]
                    on = dt.date(2026, month, 10)
                    amount = 2_000_000 + (i * 7919) % 18_000_000 // 100_000 * 100_000
                    applied = loans_svc.apply(ws, member_id=member_ids[i], product_id=product.id, amount=amount,
                                              tenor=12 + 6 * (i % 3), on=on, purpose="Modal usaha", by=admin)
                    loans_svc.approve(ws, applied.loan.id, on=on, by=admin)
                    loans_svc.disburse(ws, applied.loan.id, on=on, by=admin)
                    loans.append((i, applied.loan.number, month, applied.loan.id))
        paid_out = time.perf_counter() - t0
        first_due = dict(ws.db.execute("SELECT loan_id, principal + interest FROM loan_instalments WHERE no = 1"))
        for month in range(LOAN_MONTHS[0] + 1, LOAN_PAID_THROUGH + 1):
            rows = []
            for i, number, out_month, lid in loans:
                if out_month < month:
                    amount = _month_payment(_loan_pattern(i), month - out_month, first_due[lid])
                    if amount:
                        rows.append(loan_payments.RepaymentRow(number, amount))
            loan_payments.repay_many(ws, rows, on=dt.date(2026, month, 10), description="Angsuran", by=admin)
    finally:
        ws.close()
    os.replace(building, path)
    print(f"    built in {time.perf_counter() - t0:.1f} s ({paid_out:.1f} s applying, approving and disbursing)",
          file=sys.stderr, flush=True)
    return path


KOLEK_SQL = (
    "SELECT o.loan_id, o.outstanding, u.oldest FROM (SELECT loan_id, sum(principal) AS outstanding FROM loan_tx "
    "  WHERE date <= :d GROUP BY loan_id HAVING sum(principal) <> 0) o LEFT JOIN ("
    "  SELECT i.loan_id, min(i.due_date) AS oldest FROM loan_instalments i LEFT JOIN ("
    "    SELECT t.loan_id, a.no, sum(a.principal + a.interest) AS paid FROM loan_alloc a JOIN loan_tx t "
    "    ON t.id = a.tx_id WHERE t.date <= :d GROUP BY t.loan_id, a.no) p ON p.loan_id = i.loan_id AND p.no = i.no "
    "  WHERE i.principal + i.interest > coalesce(p.paid, 0) GROUP BY i.loan_id) u ON u.loan_id = o.loan_id")


@row("kolek", "collectibility of 20,000 loans as of a date (portfolio summary) vs raw SQL ageing", target=3.0,
     limit_ms=2000)
def bench_collectibility(ctx: Ctx) -> Result:
    from kopdesk.services import collectibility

    n = 2_000 if ctx.quick else 20_000
    path = loans_workspace(ctx, n)
    ws = ws_svc.open_workspace(path, readonly=True)
    conn = sqlite3.connect(str(path))
    args = {"d": KOLEK_AS_OF.isoformat()}
    try:
        s = collectibility.portfolio_summary(ws, KOLEK_AS_OF)
        raw = conn.execute(KOLEK_SQL, args).fetchall()
        assert s.loans == len(raw) and s.outstanding == sum(r[1] for r in raw), "portfolio and raw SQL disagree"
        kop, base = ctx.paired_ms(lambda: collectibility.portfolio_summary(ws, KOLEK_AS_OF),
                                  lambda: conn.execute(KOLEK_SQL, args).fetchall())
        ctx.profiled(f"portfolio_summary of {n:,} loans", lambda: collectibility.portfolio_summary(ws, KOLEK_AS_OF))
    finally:
        conn.close()
        ws.close()
    mix = ", ".join(f"{c.klass.value} {c.loans:,}" for c in s.classes)
    name = None if not ctx.quick else f"collectibility of {n:,} loans (quick) as of a date vs raw SQL ageing"
    return Result(kop, base, name=name,
                  note=f"{n:,} loans paid out Jan-Jun 2026, repaid monthly through repay_many (13/20 on time, "
                       f"2/20 late, 2/20 half instalments, 2/20 stopped, 1/20 never paid), as of {KOLEK_AS_OF}: "
                       f"{mix}. KopDesk: portfolio_summary - outstanding per loan, ageing from the frozen "
                       "schedules and allocations, class per loan (the Diragukan ones replayed for the 21-month "
                       "rule), PPAP per class and PPAP booked; baseline: one raw SQL query for the outstanding "
                       "principal per loan plus its oldest unpaid due date. Same file, warm cache.")


@row("repay", "a month of repayments for 10,000 loans (repay_many) vs raw executemany", target=6.0,
     limit_ms=5000)
def bench_repay(ctx: Ctx) -> Result:
    from kopdesk.services import loan_payments

    src = loans_workspace(ctx, 2_000 if ctx.quick else 20_000)
    n = 2_000 if ctx.quick else 10_000
    on = dt.date(2026, 11, 10)
    conn = sqlite3.connect(str(src))
    try:
        picked = conn.execute(
            "SELECT l.id, l.number, i.principal, i.interest FROM loans l JOIN loan_instalments i ON i.loan_id = l.id "
            "AND i.no = 1 WHERE l.status = 'aktif' ORDER BY l.id LIMIT ?", [n]).fetchall()
        acct = dict(conn.execute("SELECT code, id FROM accounts WHERE code IN ('1-1100', '1-1300', '4-1100')"))
        first_journal = conn.execute("SELECT max(id) FROM journals").fetchone()[0] + 1
        first_line = conn.execute("SELECT max(id) FROM journal_lines").fetchone()[0] + 1
    finally:
        conn.close()
    rows = [loan_payments.RepaymentRow(number, p + i) for _lid, number, p, i in picked]
    now, iso = dt.datetime.now().isoformat(timespec="seconds"), on.isoformat()
    journals, lines, txs = [], [], []
    for k, (lid, number, p, i) in enumerate(picked):
        jid, text = first_journal + k, f"Angsuran {number}"
        journals.append((jid, f"RAW-{k + 1:06d}", "KM", iso, text, f"pinjaman:{lid}", number, None, now, 1))
        for no, (account, debit, credit) in enumerate(((acct["1-1100"], p + i, 0), (acct["1-1300"], 0, p),
                                                       (acct["4-1100"], 0, i)), start=1):
            lines.append((first_line + len(lines), jid, no, account, iso, debit, credit, number))
        txs.append((lid, iso, "angsuran", p + i, -p, i, 0, text, jid, now, 1))
    counter = [0]

    def fresh_ws():
        counter[0] += 1
        ws = ws_svc.open_workspace(copy_of(src, ctx.work / f"repay-{counter[0]}.kopdesk"))
        return ws, users_svc.default_user(ws)

    def kopdesk_repay(arg) -> None:
        ws, admin = arg
        try:
            loan_payments.repay_many(ws, rows, on=on, description="Angsuran November", by=admin)
        finally:
            ws.close()
            _kill_file(ws.path)

    def fresh_raw() -> sqlite3.Connection:
        counter[0] += 1
        return raw_connect(copy_of(src, ctx.work / f"repay-raw-{counter[0]}.kopdesk"))

    def raw_repay(conn: sqlite3.Connection) -> None:
        path = Path(conn.execute("PRAGMA database_list").fetchone()[2])
        try:
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO journals (id, number, series, date, description, source, reference, "
                             "reverses_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", journals)
            conn.executemany("INSERT INTO journal_lines (id, journal_id, line_no, account_id, date, debit, credit, "
                             "memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", lines)
            conn.executemany("INSERT INTO loan_tx (loan_id, date, kind, amount, principal, interest, penalty, "
                             "description, journal_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             "?)", txs)
            conn.execute("COMMIT")
        finally:
            conn.close()
            _kill_file(path)

    kop, base = ctx.paired_ms(kopdesk_repay, raw_repay, setup_kopdesk=fresh_ws, setup_baseline=fresh_raw)
    ctx.profiled(f"repay_many {n:,} loans", lambda: kopdesk_repay(fresh_ws()))
    name = None if not ctx.quick else f"a month of repayments for {n:,} loans (quick, repay_many) vs raw executemany"
    return Result(kop, base, name=name,
                  note=f"{n:,} of the loans of the kolek fixture each pay one instalment on {on} (the late, partial "
                       "and stopped ones too), both into a fresh copy of that file, WAL + synchronous=FULL + "
                       "foreign_keys=ON, one transaction, close included. KopDesk: repay_many - checks every row, "
                       "replays each loan (schedule + events, denda) to allocate the payment, one journal per loan, "
                       "loan_tx + loan_alloc rows, audit; baseline: executemany of the same "
                       f"{len(journals):,} journals + {len(lines):,} lines + {len(txs):,} loan_tx rows, prebuilt "
                       "(no allocation rows, no denda split).")


# ------------------------------------------------------------------------------------------------- SHU

SHU_YEAR = 2025


def shu_workspace(ctx: Ctx, n: int) -> Path:
    """A copy of the n-member workspace with SHU_YEAR closed: wajib deposits of every member in the year (one
    collection sheet), a year of jasa and other income and costs (post_journals), the year's allocation with
    jasa usaha folded into jasa modal (the fixture has no loans, so no jasa usaha basis), and close_year with the
    open months closed on the way; cached."""
    from kopdesk.services import closing
    from kopdesk.services import savings as savings_svc
    from kopdesk.services import shu as shu_svc

    path = ctx.cache / f"shu-{n}-{FIXTURE_VERSION}.kopdesk"
    if path.exists() and not ctx.rebuild:
        return path
    src = members_workspace(ctx, n)
    print(f"    building the {n:,}-member SHU workspace (cached in {ctx.cache}) ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    building = ctx.cache / f"shu-building-{os.getpid()}.kopdesk"
    _kill_file(building)
    copy_of(src, building)
    ws = ws_svc.open_workspace(building)
    try:
        admin = users_svc.default_user(ws)
        numbers = [r[0] for r in ws.db.execute("SELECT number FROM members ORDER BY id")]
        savings_svc.post_collection(ws, [savings_svc.CollectionRow(num, "WAJIB", 50_000 * (1 + k % 24))
                                         for k, num in enumerate(numbers)], on=dt.date(SHU_YEAR, 6, 30),
                                    cash_account_id=None, description="Simpanan wajib tahun berjalan", by=admin)
        acct = {c: ledger_svc.get_account(ws, c).id for c in ("1-1100", "4-1100", "4-3100", "6-1100", "7-1100")}
        drafts = []
        for month in range(1, 13):
            for k in range(20):
                on = dt.date(SHU_YEAR, month, 1 + k)
                jasa = 2_000_000 + 37_000 * k
                drafts.append(JournalDraft(on, f"Jasa pinjaman {k + 1}", (
                    LineDraft(acct["1-1100"], debit=jasa), LineDraft(acct["4-1100"], credit=jasa)), series="KM"))
                drafts.append(JournalDraft(on, f"Beban operasional {k + 1}", (
                    LineDraft(acct["6-1100"], debit=jasa // 2), LineDraft(acct["1-1100"], credit=jasa // 2)),
                    series="KK"))
            drafts.append(JournalDraft(dt.date(SHU_YEAR, month, 28), "Jasa giro", (
                LineDraft(acct["1-1100"], debit=750_000), LineDraft(acct["4-3100"], credit=750_000)), series="KM"))
            drafts.append(JournalDraft(dt.date(SHU_YEAR, month, 28), "Pajak", (
                LineDraft(acct["7-1100"], debit=400_000), LineDraft(acct["1-1100"], credit=400_000)), series="KK"))
        ledger_svc.post_journals(ws, drafts, admin)
        alloc = dict(shu_svc.get_allocation(ws, SHU_YEAR).percentages)
        alloc["jasa_modal"] = alloc.get("jasa_modal", Decimal(0)) + alloc.pop("jasa_usaha", Decimal(0))
        shu_svc.set_allocation(ws, SHU_YEAR, alloc, admin)
        closing.close_year(ws, SHU_YEAR, admin, close_open_months=True)
    finally:
        ws.close()
    os.replace(building, path)
    print(f"    built in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return path


SHU_SAVINGS_SQL = ("SELECT m.id, m.full_name, coalesce(sum(t.deposit - t.withdrawal), 0) FROM members m "
                   "LEFT JOIN savings_tx t ON t.member_id = m.id AND t.date <= ? AND t.product_id IN "
                   "(SELECT id FROM savings_products WHERE kind IN ('pokok', 'wajib')) GROUP BY m.id ORDER BY m.id")


@row("shu", "SHU preview for 10,000 members (closed year) vs raw savings GROUP BY + compute_shu", target=3.0,
     limit_ms=2000)
def bench_shu(ctx: Ctx) -> Result:
    from kopdesk.domain.shu import ShuInput, ShuMember, compute_shu
    from kopdesk.services import shu as shu_svc

    n = 2_000 if ctx.quick else 10_000
    path = shu_workspace(ctx, n)
    ws = ws_svc.open_workspace(path, readonly=True)
    conn = sqlite3.connect(str(path))
    try:
        p = shu_svc.preview(ws, SHU_YEAR)
        alloc = {x.key: x.percent for x in p.pools if x.percent}
        year_end = f"{SHU_YEAR}-12-31"

        def plain():
            members = [ShuMember(str(mid), name, max(saved, 0), 0)
                       for mid, name, saved in conn.execute(SHU_SAVINGS_SQL, [year_end])]
            return compute_shu(ShuInput(p.shu, alloc, members, non_member=p.shu_non_member,
                                        rounding=p.settings.rounding))

        assert [s.total for s in plain().shares] == [r.total for r in p.rows], "preview and compute_shu disagree"
        kop, base = ctx.paired_ms(lambda: shu_svc.preview(ws, SHU_YEAR), plain)
        ctx.profiled(f"shu.preview {n:,} members", lambda: shu_svc.preview(ws, SHU_YEAR))
    finally:
        conn.close()
        ws.close()
    name = None if not ctx.quick else (f"SHU preview for {n:,} members (quick, closed year) vs raw savings GROUP BY "
                                       "+ compute_shu")
    return Result(kop, base, name=name,
                  note=f"{len(p.rows):,} members, SHU {SHU_YEAR} of {p.shu:,} after close_year (jasa usaha folded "
                       "into jasa modal: the fixture has no loans). KopDesk: shu.preview - checks, the closing record, "
                       "allocation and settings, members of the year, pokok + wajib at year end, loan business, "
                       "months of membership, compute_shu, the rows; baseline: one raw GROUP BY of every member's "
                       "pokok + wajib at year end, then domain.shu.compute_shu on those figures in plain Python.")


@row("shulist", "SHU list PDF for 10,000 members vs reportlab plain table", target=3.0, limit_ms=5000)
def bench_shu_list(ctx: Ctx) -> Result:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

    from kopdesk import reports
    from kopdesk.services import shu as shu_svc

    n = 2_000 if ctx.quick else 10_000
    ws = ws_svc.open_workspace(shu_workspace(ctx, n), readonly=True)
    try:
        p = shu_svc.preview(ws, SHU_YEAR)
        header = ["No", "Nomor", "Nama", "Bulan", "Simpanan", "Transaksi", "Jasa modal", "Jasa usaha", "Jumlah"]
        body = [[str(k), r.number, r.name, str(r.months), f"{r.savings:,}", f"{r.transactions:,}",
                 f"{r.jasa_modal:,}", f"{r.jasa_usaha:,}", f"{r.total:,}"] for k, r in enumerate(p.rows, start=1)]
        style = TableStyle([("FONTSIZE", (0, 0), (-1, -1), 7), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                            ("ALIGN", (3, 1), (-1, -1), "RIGHT")])

        def plain_pdf() -> None:
            out = io.BytesIO()
            doc = SimpleDocTemplate(out, pagesize=landscape(A4))
            doc.build([LongTable([header, *body[k:k + 500]], repeatRows=1, style=style)
                       for k in range(0, len(body), 500)])

        out_path = ctx.work / "shu-list.pdf"
        kop, base = ctx.paired_ms(lambda: reports.shu_list_pdf(ws, SHU_YEAR, out_path), plain_pdf)
        ctx.profiled(f"shu_list_pdf {n:,} members", lambda: reports.shu_list_pdf(ws, SHU_YEAR, out_path))
        size = out_path.stat().st_size
    finally:
        ws.close()
    name = None if not ctx.quick else f"SHU list PDF for {n:,} members (quick) vs reportlab plain table"
    return Result(kop, base, name=name,
                  note=f"KopDesk: reports.shu_list_pdf - shu.preview, letterhead, pools and rates, the member table "
                       f"with totals, A4 landscape, to a file ({size / 1e6:.1f} MB); baseline: the same "
                       f"{len(body):,} rows (already computed, formatted) as a reportlab SimpleDocTemplate with "
                       "LongTables of 500 rows, header repeated, into memory.")


# ------------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="3 runs per side and smaller fixtures")
    p.add_argument("--runs", type=int, help="runs per side (default 7, or 3 with --quick)")
    p.add_argument("--only", action="append", default=[], metavar="KEY",
                   help="run only these rows: " + ", ".join(r.key for r in ROWS))
    p.add_argument("--profile", action="store_true", help="also cProfile the KopDesk side of each row")
    p.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "kopdesk-bench")
    p.add_argument("--rebuild", action="store_true", help="rebuild cached fixtures")
    args = p.parse_args(argv)
    rows = [r for r in ROWS if not args.only or r.key in args.only]
    if not rows:
        p.error(f"no row matches {args.only}; rows: {', '.join(r.key for r in ROWS)}")
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kopdesk-bench-") as work:
        ctx = Ctx(quick=args.quick, runs=args.runs or (3 if args.quick else 7), cache=args.cache_dir,
                  work=Path(work), rebuild=args.rebuild, profile=args.profile)
        return run_rows(ctx, rows)


if __name__ == "__main__":
    sys.exit(main())
