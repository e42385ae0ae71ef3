import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from danvan.accounts.enums import Role
from danvan.initiatives import services
from danvan.initiatives.models import Initiative
from danvan.organizations.models import Organization
from tests.factories.organizations import make_organization, unit
from tests.initiatives.test_excel import GOOD, GOOD_VALUES, HEADERS, OWNER, commune, row, xlsx
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogues():
    services.seed_catalogues()


@pytest.fixture
def owner():
    return make_organization(name=OWNER, kind="mass_org", unit=commune("08335"))


def command(*args) -> tuple[dict | str, int]:
    """The command's output (parsed when it is JSON) and its exit status."""
    out = io.StringIO()
    status = 0
    try:
        call_command("initiatives", *args, stdout=out)
    except CommandError as error:
        status = error.returncode
    text = out.getvalue()
    return (json.loads(text) if "--json" in args else text), status


def write(tmp_path, rows) -> str:
    path = tmp_path / "mo-hinh.xlsx"
    path.write_bytes(xlsx(rows))
    return str(path)


BAD = row(name="Lĩnh vực lạ", owner_organization=OWNER, fields="thể thao",
          place="xã Ngọc Lập, huyện Yên Lập, tỉnh Phú Thọ", year=2022)  # fmt: skip


def test_import_prints_the_counts_and_errors_as_json(tmp_path, owner):
    report, status = command("import", write(tmp_path, [GOOD]), "--json")
    assert (report, status) == ({"created": 1, "updated": 0, "unchanged": 0, "errors": []}, 0)
    report, status = command("import", write(tmp_path, [GOOD]), "--json")
    assert (report["created"], report["unchanged"], status) == (0, 1, 0)
    assert Initiative.objects.get().status == "active"


def test_errors_exit_with_status_1_and_write_nothing(tmp_path, owner):
    report, status = command("import", write(tmp_path, [GOOD, BAD]), "--json")
    assert status == 1
    assert report["created"] == 0
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "Lĩnh vực")]
    assert set(report["errors"][0]) == {"row", "column", "message"}
    assert not Initiative.objects.exists()


def test_keep_valid_writes_the_valid_rows(tmp_path, owner):
    report, status = command("import", write(tmp_path, [GOOD, BAD]), "--keep-valid", "--json")
    assert (report["created"], len(report["errors"]), status) == (1, 1, 0)
    assert Initiative.objects.count() == 1


def test_a_dry_run_writes_nothing(tmp_path, owner):
    report, status = command("import", write(tmp_path, [GOOD]), "--dry-run", "--json")
    assert (report["created"], status) == (1, 0)
    assert not Initiative.objects.exists()
    _report, status = command("import", write(tmp_path, [GOOD, BAD]), "--dry-run", "--json")
    assert status == 1


def test_create_organizations_adds_a_missing_owner(tmp_path):
    path = write(tmp_path, [GOOD])
    report, status = command("import", path, "--json")
    assert [(e["column"], status) for e in report["errors"]] == [("Đơn vị thực hiện", 1)]
    assert "“HỘI NÔNG DÂN XÃ NGỌC LẬP”" in report["errors"][0]["message"]
    report, status = command("import", path, "--create-organizations", "--json")
    assert (report["created"], status) == (1, 0)
    created = Organization.objects.get(name=OWNER.upper())
    assert (created.kind, created.unit.code) == ("mass_org", "08335")


def test_with_user_only_that_users_scope_counts(tmp_path, owner):
    outsider = user_with_role(Role.STAFF, unit=unit("08"))
    args = ("import", write(tmp_path, [GOOD]), "--user", outsider.username, "--json")
    report, status = command(*args)
    assert (report["created"], status) == (0, 1)
    _text, status = command("import", write(tmp_path, [GOOD]), "--user", "nobody")
    assert status == 1


def test_export_with_a_scope_writes_its_subtree_and_imports_back_unchanged(tmp_path, owner):
    command("import", write(tmp_path, [GOOD]))
    elsewhere = make_organization(name="Ban Dân vận Huyện ủy Lâm Bình", unit=unit("08"))
    binh_an = "xã Bình An, huyện Lâm Bình, tỉnh Tuyên Quang"
    other = row(**{**GOOD_VALUES, "owner_organization": elsewhere.name, "place": binh_an})
    command("import", write(tmp_path, [other]))
    assert Initiative.objects.count() == 2
    target = tmp_path / "xuat.xlsx"
    text, status = command("export", str(target), "--scope", "tỉnh Phú Thọ")
    assert (text.strip(), status) == (f"1 models and exemplars written to {target}.", 0)
    sheet = load_workbook(target)["Mô hình"]
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    header = values.index(HEADERS)
    assert [line[7] for line in values[header + 1 :]] == [
        "xã Ngọc Lập, huyện Yên Lập, tỉnh Phú Thọ"
    ]
    report, status = command("import", str(target), "--json")
    assert (report, status) == ({"created": 0, "updated": 0, "unchanged": 1, "errors": []}, 0)
