"""The annual package from the cooperative's desk to the Dinas office, clicked like the users would: the treasurer
opens Laporan > Paket data tahunan untuk Dinas, tries a year not yet closed (refused in place), saves the package of
the closed year; the Dinas officer imports it from Koperasi Binaan through the preview, checks it on the
cooperative's Paket tahunan tab and "Lihat isi"; importing it again says nothing changes; a package with one byte
changed, or cut short, is refused in the dialog and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from kopdesk import fmt
from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.package import DAMAGED, TRUNCATED
from kopdesk.services import closing, dinas, health, rat, users
from kopdesk.services import package as package_svc
from kopdesk.services import workspace as ws_svc
from kopdesk.services.demo import build_demo
from kopdesk.services.package import HEALTH_METHOD

LEFT = Qt.MouseButton.LeftButton
OFFICE = CoopProfile(name="Dinas Koperasi dan UKM Kota Banjarbaru", kabupaten_kota="Kota Banjarbaru",
                     signing_city="Banjarbaru")


def _hold_rat(ws, by, year: int) -> None:
    """The RAT reporting ``year`` (three fifths present, the LPJ accepted, closed), so the package carries one."""
    if rat.rat_for_year(ws, year) is not None:
        return
    m = rat.create_meeting(ws, by, kind="RAT", year=year, held_on=dt.date(year + 1, 3, 28), start_time="09:00",
                           place="Aula KSP Sejahtera Mandiri", chair="Kairav Haryanto", notulis="Rahmawati, S.E.")
    ids = rat.eligible_member_ids(ws, m.id)
    for member_id in ids[: len(ids) * 3 // 5]:
        rat.record_attendance(ws, by, m.id, member_id, "langsung")
    rat.add_decision(ws, by, m.id, kind="lpj", title=f"Pengesahan laporan pertanggungjawaban tahun buku {year}",
                     text="Laporan pertanggungjawaban pengurus diterima.")
    rat.close_meeting(ws, by, m.id, end_time="12:30")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("koperasi") / "demo.kopdesk"
    build_demo(path, seed=1)
    ws = ws_svc.open_workspace(path)
    admin = users.default_user(ws)
    year = max(c.year for c in closing.closings(ws))
    _hold_rat(ws, admin, year)
    yield ws, admin, year
    ws.close()


@pytest.fixture
def office(tmp_path):
    ws, admin = ws_svc.create_workspace(tmp_path / "dinas.kopdesk", kind=WorkspaceKind.DINAS, profile=OFFICE,
                                        admin_full_name="Rahmat Hidayat")
    yield ws, admin
    ws.close()


def _window(qtbot, ws, user):
    from kopdesk.ui.main_window import MainWindow

    win = MainWindow()
    win.runner.synchronous = True
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.open_workspace(ws, user)
    win.show()
    return win


def snapshot(ws) -> dict[str, list]:
    tables = [r[0] for r in ws.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: sorted(ws.db.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr) for t in tables}


def _export_through_laporan(qtbot, demo, fake, folder):
    ws, admin, year = demo
    win = _window(qtbot, ws, admin)
    try:
        laporan = win.view.go("laporan")
        names = [laporan.list.item(i).text() for i in range(laporan.list.count())]
        row = names.index("Paket data tahunan untuk Dinas")
        laporan.list.setCurrentRow(row)
        assert not laporan.preview_button.isVisible() and not laporan.print_button.isVisible()
        qtbot.mouseClick(laporan.current_params().button, LEFT)
        dlg = laporan.dialog
        assert dlg.windowTitle() == "Kirim data tahunan ke Dinas"
        assert dlg.year.value() == year and dlg.ok_button.isEnabled()
        assert str(year) in dlg.closed_hint.text()

        # a year not yet closed: the service's refusal, in place, and the button stays disabled
        dlg.year.selectAll()
        qtbot.keyClicks(dlg.year, str(year + 1))
        assert dlg.year.value() == year + 1
        assert f"Tahun buku {year + 1} belum ditutup" in dlg.problems_label.text()
        assert dlg.problems_label.isVisible() and not dlg.ok_button.isEnabled()
        dlg.year.selectAll()
        qtbot.keyClicks(dlg.year, str(year))
        assert dlg.ok_button.isEnabled() and not dlg.problems_label.isVisible()

        target = folder / f"KSP-Sejahtera-Mandiri-{year}.kopdesk-paket"
        fake.answer_path = str(target)
        qtbot.mouseClick(dlg.ok_button, LEFT)
        kind, _title, default = fake.seen[-1]
        assert kind == "save_path" and default.endswith(f"KSP-Sejahtera-Mandiri-{year}.kopdesk-paket")
        assert target.is_file()
        assert dlg.pages.currentIndex() == 1 and dlg.saved_edit.text() == str(target)
        assert "flash disk" in dlg.steps.text() and "WhatsApp" in dlg.steps.text()
        pkg = package_svc.read_package(target)
        assert pkg.year == year and pkg.name == "KSP Sejahtera Mandiri"
        assert pkg.sha256[:16] in dlg.seal_label.text()
        assert dlg.ok_button.text() == "Tutup"
        qtbot.mouseClick(dlg.ok_button, LEFT)
        assert not dlg.isVisible()
        assert fake.errors() == []
        return target
    finally:
        win.runner.wait()
        win.session = None


def test_a_package_travels_from_laporan_to_the_dinas_registry(qtbot, demo, office, fake, tmp_path):
    ws, _admin, year = demo
    path = _export_through_laporan(qtbot, demo, fake, tmp_path)
    pkg = package_svc.read_package(path)

    dws, dadmin = office
    win = _window(qtbot, dws, dadmin)
    try:
        registry = win.view.go("koperasi")
        assert registry.list.package_button.isVisible()
        fake.answer_path = str(path)
        qtbot.mouseClick(registry.list.package_button, LEFT)
        dlg = registry.dialog
        assert dlg.windowTitle() == "Impor paket koperasi" and dlg.path.text() == str(path)
        assert dlg.match_label.text().startswith("Koperasi baru: KSP Sejahtera Mandiri")
        assert "cocok" in dlg.package_label.text() and pkg.sha256[:16] in dlg.package_label.text()
        rows = {dlg.changes.item(r, 0).text(): (dlg.changes.item(r, 1).text(), dlg.changes.item(r, 2).text())
                for r in range(dlg.changes.rowCount())}
        assert rows["Nama koperasi"] == ("(baru)", "KSP Sejahtera Mandiri")
        assert rows["NIK koperasi"][1] == pkg.coop["nik_koperasi"]
        assert rows["Anggota perempuan"][1] == str(pkg.content["keanggotaan"]["perempuan"])
        assert f"RAT tahun buku {year} dicatat" in dlg.rat_label.text()
        assert f"Draf penilaian kesehatan tahun buku {year} dibuat" in dlg.health_label.text()
        assert dlg.ok_button.isEnabled() and dlg.ok_button.text() == "Impor"
        assert dinas.list_cooperatives(dws) == []               # the preview wrote nothing
        qtbot.mouseClick(dlg.ok_button, LEFT)

        assert [t for k, t, _ in fake.seen if k == "info"][-1] == "Impor selesai"
        assert "Koperasi baru ditambahkan" in fake.seen[-1][2]
        coops = dinas.list_cooperatives(dws)
        assert [(c.name, c.nik_koperasi) for c in coops] == [("KSP Sejahtera Mandiri", pkg.coop["nik_koperasi"])]
        key = coops[0].key
        years = dinas.coop_years(dws, key)
        assert [(y.year, y.package_sha256) for y in years] == [(year, pkg.sha256)]
        held = rat.rat_for_year(ws, year).held_on
        assert [(r.year, r.held_on, r.source) for r in dinas.rat_history(dws, key)] == [(year, held, "paket")]
        rec = health.get(dws, year, HEALTH_METHOD, coop_key=key)
        assert rec is not None and rec.status == "draft"
        derived = health.derive_inputs(ws, year).inputs.as_dict()
        for name, value in derived.items():
            assert rec.inputs.get(name) == value, name

        # the cooperative's page opens on its Paket tahunan tab, one row with the package's figures
        detail = registry.detail
        assert registry.stack.currentWidget() is detail and detail.tabs.currentWidget() is detail.years_page
        table = detail.years
        assert table.model.rowCount() == 1
        cells = {table.model.headerData(c, Qt.Orientation.Horizontal): table.model.index(0, c).data()
                 for c in range(table.model.columnCount())}
        bs = pkg.content["laporan_keuangan"]["posisi_keuangan"]
        assert cells["Tahun buku"] == str(year)
        assert cells["Total aset"] == fmt.number(bs["jumlah_aset"])
        assert cells["SHU"] == fmt.number(pkg.content["shu"]["jumlah"])
        assert cells["Anggota"] == fmt.number(pkg.content["keanggotaan"]["jumlah"])
        assert cells["RAT"] == fmt.date_short(held)
        assert cells["Versi KopDesk"] == pkg.kopdesk_version
        assert cells["Predikat kesehatan"].startswith(f"{rec.predicate} (draf")
        assert cells["Segel"].startswith(pkg.sha256[:12])

        # Lihat isi: the main figures, read-only, the seal checked again
        table.select_row(0)
        assert detail.content_button.isEnabled()
        qtbot.mouseClick(detail.content_button, LEFT)
        view = detail.content_dialog
        assert "cocok" in view.seal_label.text()
        neraca = view.tables["Laporan posisi keuangan (neraca)"]
        assert (neraca.item(0, 0).text(), neraca.item(0, 1).text(), neraca.item(0, 2).text()) == (
            "Jumlah aset", fmt.rupiah(bs["jumlah_aset"]), fmt.rupiah(bs["pembanding_jumlah_aset"]))
        phu = view.tables["Perhitungan hasil usaha"]
        last = phu.rowCount() - 1
        assert (phu.item(last, 0).text(), phu.item(last, 1).text()) == (
            "SHU setelah pajak", fmt.rupiah(pkg.content["laporan_keuangan"]["hasil_usaha"]["angka"][
                "shu_setelah_pajak"]))
        sv = view.tables["Simpanan anggota"]
        assert sv.item(sv.rowCount() - 1, 1).text() == fmt.rupiah(pkg.content["simpanan"]["jumlah"])
        loans = view.tables["Pinjaman dan kolektibilitas"]
        assert [loans.item(r, 0).text() for r in range(4)] == ["Lancar", "Kurang Lancar", "Diragukan", "Macet"]
        col = pkg.content["kolektibilitas"]["tahun_ini"]
        assert loans.item(4, 2).text() == fmt.rupiah(col["pokok_beredar"])
        view.close()

        # the same package again: the dialog says nothing changes, and nothing is written
        before = snapshot(dws)
        qtbot.mouseClick(detail.package_button, LEFT)
        again = registry.dialog
        assert again is not dlg
        assert "sudah diimpor" in again.match_label.text() and "Tidak ada perubahan" in again.match_label.text()
        assert not again.ok_button.isEnabled() and not again.changes.isVisible()
        qtbot.mouseClick(again.cancel_button, LEFT)
        assert snapshot(dws) == before
        assert fake.errors() == []
    finally:
        win.runner.wait()
        win.session = None


@pytest.fixture(scope="module")
def exported(demo, tmp_path_factory):
    ws, admin, year = demo
    return package_svc.export_package(ws, year, tmp_path_factory.mktemp("paket") / "ksp.kopdesk-paket", admin)


@pytest.mark.parametrize("damage", ["one_byte", "truncated"])
def test_a_changed_package_is_refused_in_the_dialog_and_nothing_is_written(qtbot, exported, office, fake,
                                                                           tmp_path, damage):
    data = exported.read_bytes()
    if damage == "one_byte":
        at = data.index(b'"laki_laki": ') + len(b'"laki_laki": ')
        bad = data[:at] + bytes([ord("9") if data[at] != ord("9") else ord("8")]) + data[at + 1:]
        expected = DAMAGED
    else:
        bad = data[: len(data) // 2]
        expected = TRUNCATED
    path = tmp_path / "rusak.kopdesk-paket"
    path.write_bytes(bad)
    dws, dadmin = office
    before = snapshot(dws)
    win = _window(qtbot, dws, dadmin)
    try:
        registry = win.view.go("koperasi")
        fake.answer_path = str(path)
        qtbot.mouseClick(registry.list.package_button, LEFT)
        dlg = registry.dialog
        assert dlg.refused_label.isVisible()
        assert expected in dlg.refused_label.text()
        assert not dlg.ok_button.isEnabled() and not dlg.changes.isVisible()
        qtbot.mouseClick(dlg.ok_button, LEFT)                 # disabled: nothing happens
        qtbot.mouseClick(dlg.cancel_button, LEFT)
        assert not dlg.isVisible()
        assert snapshot(dws) == before
        counts = {t: len(rows) for t, rows in snapshot(dws).items()}
        assert counts["dinas_coop_years"] == counts["dinas_coops"] == counts["health_assessments"] == 0
        assert fake.errors() == []                            # said in the dialog, not in a second box
    finally:
        win.runner.wait()
        win.session = None
