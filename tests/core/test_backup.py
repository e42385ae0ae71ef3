"""``manage.py backup`` / ``restore``: a set-up danvan (real territory data, accounts, files with
Vietnamese names) backed up in one process and restored in another into an empty database and
media folder — then every table compared row by row and every file byte by byte, read straight
from both databases (not through the manifest the commands check themselves)."""

import io
import json
import tarfile
import uuid

import pytest

from tests.conftest import files_under
from tests.core.test_settings import run_manage
from tests.core.throwaway_db import Database

FILES = {
    "documents/2022/ke-hoach-54-kh-btv.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "initiatives/evidence/2022/dọn-đường-thôn-Tống-Pu.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 5000,
    "reports/bao-cao-quy-II.docx": b"PK\x03\x04" + b"x" * 300,
}


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """danvan set up (reference data, no demo) with three files, and its backup archive."""
    folder = tmp_path_factory.mktemp("backup")
    source = Database(folder, "source")
    media = folder / "media-source"
    for name, content in FILES.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    setup = run_manage("setup", "--no-demo", env_extra=source.env(media), tmp_path=folder)
    assert setup.returncode == 0, setup.stderr
    archive = folder / "danvan-2026-12-07.tar.gz"
    backup = run_manage("backup", str(archive), env_extra=source.env(media), tmp_path=folder)
    assert backup.returncode == 0, backup.stderr
    yield {"folder": folder, "source": source, "media": media, "archive": archive, "out": backup}
    source.drop()


@pytest.fixture
def empty_target(backed_up):
    target = Database(backed_up["folder"], f"target{uuid.uuid4().hex[:6]}")
    yield target
    target.drop()


def test_a_backup_restores_to_identical_tables_and_files(backed_up, empty_target, tmp_path):
    assert "Đã sao lưu" in backed_up["out"].stdout
    media = tmp_path / "media-restored"
    restore = run_manage(
        "restore",
        str(backed_up["archive"]),
        env_extra=empty_target.env(media),
        tmp_path=backed_up["folder"],
    )
    assert restore.returncode == 0, restore.stderr
    assert "Đã khôi phục và đối chiếu" in restore.stdout
    assert "3 tệp" in restore.stdout

    before, after = backed_up["source"].rows(), empty_target.rows()
    assert sorted(after) == sorted(before)
    assert len(before["territory_administrativeunit"]) > 10_000  # both maps, really there
    assert len(before["django_migrations"]) > 20
    for table, rows in before.items():
        assert after[table] == rows, table

    assert files_under(media) == sorted(FILES)
    for name, content in FILES.items():
        assert (media / name).read_bytes() == content


def test_restoring_over_data_is_refused_and_changes_nothing(backed_up, tmp_path):
    media = tmp_path / "media"
    again = run_manage(
        "restore",
        str(backed_up["archive"]),
        env_extra=backed_up["source"].env(backed_up["media"]),
        tmp_path=backed_up["folder"],
    )
    assert again.returncode == 1
    assert "chỉ khôi phục vào một cơ sở dữ liệu trống" in again.stderr
    assert not media.exists()
    assert files_under(backed_up["media"]) == sorted(FILES)


def test_a_restore_that_differs_from_the_manifest_says_where(backed_up, empty_target, tmp_path):
    """An archive whose manifest does not match its database (tampered, or a broken copy):
    the restore lists the table and the file that differ and exits with status 1."""
    tampered = tmp_path / "tampered.tar.gz"
    with (
        tarfile.open(backed_up["archive"], "r:gz") as original,
        tarfile.open(tampered, "w:gz") as copy,
    ):
        for member in original:
            data = original.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["tables"]["accounts_user"]["rows"] += 1
                manifest["media"]["reports/bao-cao-quy-II.docx"]["sha256"] = "0" * 64
                data = json.dumps(manifest).encode()
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    restore = run_manage(
        "restore",
        str(tampered),
        env_extra=empty_target.env(tmp_path / "media"),
        tmp_path=backed_up["folder"],
    )
    assert restore.returncode == 1
    assert "bảng accounts_user: khác bản sao lưu" in restore.stderr
    assert "tệp reports/bao-cao-quy-II.docx: khác bản sao lưu" in restore.stderr
    assert "2 mục khác bản sao lưu" in restore.stderr


def test_a_file_that_is_not_a_backup_is_refused_in_words(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive at all")
    target = Database(tmp_path, "bogus")
    try:
        restore = run_manage(
            "restore", str(bogus), env_extra=target.env(tmp_path / "m"), tmp_path=tmp_path
        )
    finally:
        target.drop()
    assert restore.returncode == 1
    assert "Không đọc được tệp sao lưu" in restore.stderr
