"""``kopdesk package export|import`` as an officer and a treasurer would run them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kopdesk.cli.main import main
from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.services import closing, dinas, health
from kopdesk.services.demo import build_demo
from kopdesk.services.workspace import create_workspace, open_workspace


@pytest.fixture(scope="module")
def koperasi(tmp_path_factory):
    """The demo cooperative's file and its last closed year."""
    path = tmp_path_factory.mktemp("koperasi") / "ksp.kopdesk"
    build_demo(path, seed=1)
    with open_workspace(path, readonly=True) as ws:
        year = max(c.year for c in closing.closings(ws))
    return path, year


@pytest.fixture(scope="module")
def paket(koperasi, tmp_path_factory):
    path, year = koperasi
    out = tmp_path_factory.mktemp("paket") / f"ksp-{year}.kopdesk-paket"
    result = subprocess.run([sys.executable, "-m", "kopdesk", "package", "export", "--workspace", str(path),
                             "--year", str(year), "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"Paket tahun buku {year} KSP Sejahtera Mandiri disimpan" in result.stdout
    assert "Segel sha256: " in result.stdout
    return out


@pytest.fixture
def office(tmp_path):
    path = tmp_path / "dinas.kopdesk"
    ws, _ = create_workspace(path, kind=WorkspaceKind.DINAS, profile=CoopProfile(name="Dinas Koperasi Banjarbaru"))
    ws.close()
    return path


def registry(path):
    with open_workspace(path, readonly=True) as ws:
        return dinas.list_cooperatives(ws)


def test_import_shows_the_changes_then_applies_them_once(paket, koperasi, office, capsys):
    _, year = koperasi
    assert main(["package", "import", "--workspace", str(office), str(paket), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"Paket KSP Sejahtera Mandiri, tahun buku {year}" in out and "cocok." in out
    assert "akan ditambahkan sebagai koperasi baru" in out
    assert "Data koperasi yang akan dicatat:\n  - Nama koperasi: KSP Sejahtera Mandiri\n" in out
    assert "Uji coba (--dry-run): tidak ada yang disimpan." in out
    assert registry(office) == []

    assert main(["package", "import", "--workspace", str(office), str(paket)]) == 0
    out = capsys.readouterr().out
    assert "Hasil impor:" in out and "Koperasi baru ditambahkan ke registri: KSP Sejahtera Mandiri" in out
    assert f"Draf penilaian kesehatan tahun buku {year} terisi dari paket: skor" in out
    [coop] = registry(office)
    with open_workspace(office, readonly=True) as ws:
        rec = health.get(ws, year, coop_key=coop.key)
        assert rec is not None and rec.status == "draft"

    assert main(["package", "import", "--workspace", str(office), str(paket)]) == 0
    out = capsys.readouterr().out
    assert "sudah diimpor" in out and "tidak ada perubahan" in out
    assert "Hasil impor" not in out
    assert len(registry(office)) == 1


@pytest.mark.parametrize("damage,message", [("byte", "Paket rusak atau telah diubah"),
                                            ("truncate", "File paket terpotong atau tidak lengkap")])
def test_a_damaged_package_exits_2_with_the_reason(paket, office, tmp_path, capsys, damage, message):
    data = paket.read_bytes()
    at = data.index(b'"jumlah_aset": ') + len(b'"jumlah_aset": ')
    bad = data[:at] + (b"9" if data[at:at + 1] != b"9" else b"8") + data[at + 1:] if damage == "byte" else data[:-200]
    f = tmp_path / "kiriman.kopdesk-paket"
    f.write_bytes(bad)
    assert main(["package", "import", "--workspace", str(office), str(f)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""
    assert registry(office) == []


def test_export_errors_exit_2(koperasi, office, tmp_path, capsys):
    path, year = koperasi
    assert main(["package", "export", "--workspace", str(path), "--year", str(year + 1),
                 "--out", str(tmp_path / "x.kopdesk-paket")]) == 2
    assert f"Tahun buku {year + 1} belum ditutup" in capsys.readouterr().err
    assert main(["package", "export", "--workspace", str(path), "--year", str(year), "--out",
                 str(tmp_path / "x.kopdesk-paket"), "--user", "tidakada"]) == 2
    assert "Pengguna tidakada tidak ada atau tidak aktif" in capsys.readouterr().err
    assert main(["package", "export", "--workspace", str(office), "--year", str(year),
                 "--out", str(tmp_path / "x.kopdesk-paket")]) == 2
    assert "hanya dapat diekspor dari file kerja koperasi" in capsys.readouterr().err
    assert not (tmp_path / "x.kopdesk-paket").exists()


def test_import_into_a_koperasi_file_or_a_missing_file_exits_2(koperasi, paket, tmp_path, capsys):
    path, _ = koperasi
    assert main(["package", "import", "--workspace", str(path), str(paket), "--dry-run"]) == 2
    assert "hanya dapat diimpor ke file kerja Dinas" in capsys.readouterr().err
    assert main(["package", "import", "--workspace", str(path), str(tmp_path / "tidak-ada.kopdesk-paket")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err


def test_package_needs_a_subcommand(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["package"])
    assert exc.value.code == 2
    assert "galat:" in capsys.readouterr().err
