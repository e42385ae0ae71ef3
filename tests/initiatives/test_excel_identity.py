"""Issue 11, finding 4: an import never loses a row silently. A row without a code is the same
record as another only when name, year, place, kind and subject agree; two rows of one file
that are the same record are an error naming both; only a row carrying the code may change a
record's kind or subject."""

# The fixtures come from the Excel tests (catalogues, owner): a test taking one as a parameter
# is not a redefinition.
# ruff: noqa: F811

import pytest

from danvan.core.spreadsheets import RowError, read_rows
from danvan.initiatives import excel
from danvan.initiatives.models import Initiative
from danvan.initiatives.tasks import preview
from tests.factories.organizations import make_person
from tests.initiatives.test_excel import (
    GOOD_VALUES,
    NGOC_LAP,
    catalogues,  # noqa: F401
    commune,
    owner,  # noqa: F401
    row,
    run,
    xlsx,
)

pytestmark = pytest.mark.django_db

NAME = GOOD_VALUES["name"]
MODEL = row(**GOOD_VALUES)


@pytest.fixture
def exemplar_row():
    make_person(full_name="Hà Văn Thắng", unit=commune("08335"))
    return row(**{**GOOD_VALUES, "kind": "Điển hình", "subject": "Cá nhân",
                  "owner_person": "Hà Văn Thắng"})  # fmt: skip


def duplicate(first: int, name=NAME, kind="Mô hình", subject="Tập thể", code="") -> str:
    record = f"“{name}” ({kind}, {subject}, 2022, {NGOC_LAP})"
    return f"Trùng với dòng {first}: {(code + ' ') if code else ''}{record}."


def kinds() -> list[tuple[str, str, str]]:
    return sorted(Initiative.objects.values_list("name", "kind", "subject"))


def test_a_collective_model_and_an_individual_exemplar_of_one_name_are_two_records(
    owner, exemplar_row
):
    result = run(xlsx([MODEL, exemplar_row]))
    assert (result.created, result.updated, result.errors) == (2, 0, [])
    assert kinds() == [(NAME, "exemplar", "individual"), (NAME, "model", "collective")]


def test_the_same_record_twice_in_one_file_is_an_error_naming_both_rows(owner):
    result = run(xlsx([MODEL, row(**{**GOOD_VALUES, "content": "Khác"}), MODEL]))
    assert result.errors == [RowError(3, "", duplicate(2)), RowError(4, "", duplicate(2))]
    assert (result.created, result.committed) == (0, False)
    assert not Initiative.objects.exists()
    kept = run(xlsx([MODEL, MODEL]), keep_valid=True)
    assert (kept.created, [e.row for e in kept.errors]) == (1, [3])
    assert Initiative.objects.get().content == GOOD_VALUES["content"]


def test_duplicates_are_found_across_chunks(owner, monkeypatch):
    monkeypatch.setattr(excel, "CHUNK", 2)
    others = [row(**{**GOOD_VALUES, "name": f"Mô hình {n}"}) for n in range(3)]
    result = run(xlsx([MODEL, *others, MODEL]))
    # Written by then (with the chunk of row 2), the record has its code.
    assert result.errors == [RowError(6, "", duplicate(2, code="25-2022-00001"))]


def test_a_row_matching_a_record_another_row_named_by_its_code_is_a_duplicate(owner):
    run(xlsx([MODEL]))
    code = Initiative.objects.get().code
    result = run(xlsx([row(**{**GOOD_VALUES, "code": code}), MODEL]))
    assert result.errors == [RowError(3, "", duplicate(2, code=code))]
    again = run(xlsx([row(**{**GOOD_VALUES, "code": code}), row(**{**GOOD_VALUES, "code": code})]))
    assert again.errors == [RowError(3, "", duplicate(2, code=code))]


def test_a_match_by_name_never_changes_kind_or_subject(owner, exemplar_row):
    run(xlsx([MODEL]))
    result = run(xlsx([exemplar_row]))
    assert (result.created, result.updated) == (1, 0)
    assert kinds() == [(NAME, "exemplar", "individual"), (NAME, "model", "collective")]


def test_only_a_row_with_the_code_changes_kind_and_subject(owner, exemplar_row):
    run(xlsx([MODEL]))
    code = Initiative.objects.get().code
    exemplar_with_code = list(exemplar_row)
    exemplar_with_code[0] = code
    result = run(xlsx([exemplar_with_code]))
    assert (result.created, result.updated, result.errors) == (0, 1, [])
    assert kinds() == [(NAME, "exemplar", "individual")]


def test_an_empty_kind_or_subject_keeps_those_of_the_record_named_by_its_code(owner, exemplar_row):
    run(xlsx([exemplar_row]))
    code = Initiative.objects.get().code
    same = list(exemplar_row)
    same[0] = code
    same[2] = same[3] = None  # Loại, Chủ thể
    result = run(xlsx([same]))
    assert (result.updated, result.unchanged, result.errors) == (0, 1, [])
    assert kinds() == [(NAME, "exemplar", "individual")]


def test_the_preview_reports_the_duplicate_like_the_import(owner):
    rows, errors = read_rows(xlsx([MODEL, MODEL]), sheet_title=excel.SHEET, columns=excel.COLUMNS)
    shown = preview(rows, errors, user=None, create_missing=False)
    assert (shown["created"], shown["errors"]) == (
        1,
        [{"row": 3, "column": "", "message": duplicate(2)}],
    )
    assert [r["outcome"] for r in shown["rows"]] == ["created", "error"]
    assert not Initiative.objects.exists()
