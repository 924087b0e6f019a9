"""The demo Dinas workspace: about sixty cooperatives, two years of visits, follow-ups in every state, inactive
cooperatives and warnings, health predicates; sound by ``kopdesk check``; the same for the same seed."""

import datetime as dt
import time

import pytest

from kopdesk.cli.main import main
from kopdesk.domain.dinas import CoopStatus, FollowUpStatus, RatStatus, sniff_mime
from kopdesk.services import dinas, health
from kopdesk.services.check import check_workspace
from kopdesk.services.demo_dinas import build_dinas_demo
from kopdesk.services.workspace import open_workspace

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo-dinas.kopdesk"
    started = time.perf_counter()
    build_dinas_demo(path, seed=1, today=TODAY)
    elapsed = time.perf_counter() - started
    ws = open_workspace(path, readonly=True)
    yield path, ws, elapsed
    ws.close()


def test_size_and_speed(demo):
    path, ws, elapsed = demo
    assert elapsed < 10
    coops = dinas.list_cooperatives(ws)
    assert 55 <= len(coops) <= 65
    assert len({c.kecamatan for c in coops}) == 5
    assert len(dinas.list_officers(ws)) == 5
    assert all(c.officials for c in coops)
    visits = dinas.list_visits(ws)
    assert len(visits) >= 100
    first, last = min(v.visited_on for v in visits), max(v.visited_on for v in visits)
    assert (last - first).days > 600 and last <= TODAY        # two years of visits, none in the future
    assert all(v.officers and v.representatives for v in visits)


def test_follow_ups_in_every_state_and_overdue_ones(demo):
    _, ws, _ = demo
    recs = dinas.list_recommendations(ws)
    assert {r.status for r in recs} == set(FollowUpStatus)
    overdue = dinas.overdue_recommendations(ws, TODAY)
    assert {r.status for r in overdue} == {FollowUpStatus.TERBUKA, FollowUpStatus.PROSES}
    assert all(r.due_on < TODAY for r in overdue)
    assert all(f.on >= r.visited_on for r in recs for f in r.history)
    assert any(len(r.history) >= 2 for r in recs)


def test_inactive_cooperatives_warnings_and_rat_compliance(demo):
    _, ws, _ = demo
    rep = dinas.inactive_cooperatives(ws, TODAY)
    assert 3 <= len(rep.inactive) <= 10 and rep.warnings
    assert all(r.last_rat is None or r.last_rat <= dt.date(2023, 11, 25) for r in rep.inactive)
    assert any(c.status == CoopStatus.TIDAK_AKTIF for c in dinas.list_cooperatives(ws))
    statuses = {r.status for r in dinas.rat_compliance(ws, 2025, TODAY)}
    assert {RatStatus.TEPAT_WAKTU, RatStatus.TERLAMBAT, RatStatus.TIDAK_DIADAKAN} <= statuses


def test_health_predicates_and_coaching_needs(demo):
    _, ws, _ = demo
    coops = dinas.list_cooperatives(ws)
    rated = [c for c in coops if c.last_predicate]
    assert len(rated) >= 30 and len({c.last_predicate for c in rated}) >= 3
    c = rated[0]
    record = [r for r in health.history(ws, coop_key=c.key) if r.final][-1]   # a draft is not a result
    assert (record.predicate, record.year) == (c.last_predicate, c.last_predicate_year)
    assert record.inputs.total_aset and record.answers is not None
    needs = dinas.coaching_needs(ws, TODAY)
    assert {r.need.priority for r in needs} == {1, 2, 3, 4}
    d = dinas.dashboard(ws, TODAY)
    assert d.total == len(coops) and d.visits_this_month > 0 and d.overdue_follow_ups > 0 and d.not_visited > 0


def test_attachments_are_real_pictures(demo):
    _, ws, _ = demo
    atts = [a for v in dinas.list_visits(ws) for a in v.attachments]
    assert 2 <= len(atts) <= 6
    assert all(sniff_mime(dinas.attachment_data(ws, a.id)) == "image/png" == a.mime for a in atts)


def test_check_passes(demo):
    path, _, _ = demo
    report = check_workspace(path)
    assert report.ok, report.text()


def test_same_seed_same_registry(demo, tmp_path):
    _, ws, _ = demo
    again = tmp_path / "again.kopdesk"
    build_dinas_demo(again, seed=1, today=TODAY)
    ws2 = open_workspace(again, readonly=True)
    try:
        assert [(c.key, c.name, c.nik_koperasi) for c in dinas.list_cooperatives(ws2)] == [
            (c.key, c.name, c.nik_koperasi) for c in dinas.list_cooperatives(ws)]
        assert len(dinas.list_visits(ws2)) == len(dinas.list_visits(ws))
    finally:
        ws2.close()


def test_cli_demo_kind_dinas(tmp_path):
    out = tmp_path / "d.kopdesk"
    assert main(["demo", "--kind", "dinas", "--out", str(out)]) == 0
    assert main(["check", "--workspace", str(out)]) == 0
