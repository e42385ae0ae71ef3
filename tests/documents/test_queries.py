from datetime import date

import pytest

from danvan.accounts.enums import EDIT_ROLES
from danvan.documents.enums import DocumentKind
from danvan.documents.models import Document
from danvan.documents.queries import (
    document_years,
    documents_issued_by,
    documents_visible_to,
    filter_documents,
    search_documents,
)
from tests.documents.factories import (
    dong_thap,
    make_document,
    make_organization,
    tuyen_quang,
)
from tests.factories.accounts import AdminFactory, UserFactory
from tests.permissions import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Documents of tỉnh Tuyên Quang (a provincial committee and one of its district committees),
    of tỉnh Đồng Tháp, and of a central body."""
    provincial = make_organization(name="Ban Dân vận Tỉnh ủy Tuyên Quang", unit=tuyen_quang())
    district = make_organization(name="Ban Dân vận Huyện ủy Lâm Bình", parent=provincial)
    sibling = make_organization(name="Ban Dân vận Huyện ủy Na Hang", parent=provincial)
    far = make_organization(name="Ban Dân vận Tỉnh ủy Đồng Tháp", unit=dong_thap())
    central = make_organization(name="Ban Dân vận Trung ương", central=True)
    return {
        "provincial": make_document(issuer=provincial, number="02-HD/BDVTU"),
        "district": make_document(issuer=district, number="54-KH/HU"),
        "sibling": make_document(issuer=sibling, number="11-KH/HU"),
        "far": make_document(issuer=far, number="01-NQ/TU"),
        "central": make_document(issuer=central, number="18-NQ/TW"),
    }


def numbers(queryset) -> set[str]:
    return {document.number for document in queryset}


def test_staff_of_tuyen_quang_see_its_documents_and_central_ones_not_dong_thaps(world):
    staff = user_with_role("staff", unit=tuyen_quang())
    assert numbers(documents_visible_to(staff)) == {
        "02-HD/BDVTU",
        "54-KH/HU",
        "11-KH/HU",
        "18-NQ/TW",
    }


def test_an_organisation_grant_sees_its_subtree_and_central_documents_only(world):
    district = world["district"].issuer
    editor = user_with_role("unit_editor", organization=district)
    assert numbers(documents_visible_to(editor)) == {"54-KH/HU", "18-NQ/TW"}
    provincial = user_with_role("viewer", organization=world["provincial"].issuer)
    assert numbers(documents_visible_to(provincial)) == {
        "02-HD/BDVTU",
        "54-KH/HU",
        "11-KH/HU",
        "18-NQ/TW",
    }


def test_roles_narrow_what_is_visible(world):
    viewer = user_with_role("viewer", unit=tuyen_quang())
    assert numbers(documents_visible_to(viewer)) == numbers(
        documents_visible_to(user_with_role("staff", unit=tuyen_quang()))
    )
    assert numbers(documents_visible_to(viewer, roles=EDIT_ROLES)) == set()


def test_without_a_grant_nothing_is_visible_not_even_central_documents(world):
    assert not documents_visible_to(UserFactory()).exists()


def test_a_superuser_sees_every_document(world):
    assert documents_visible_to(AdminFactory()).count() == 5


def test_search_ignores_diacritics_and_case():
    issuer = make_organization()
    make_document(
        issuer=issuer,
        number="54-KH/HU",
        title="Kế hoạch thực hiện phong trào thi đua “Dân vận khéo”",
        summary="Đẩy mạnh xây dựng mô hình Dân vận khéo ở các xã đặc biệt khó khăn.",
    )
    make_document(issuer=issuer, number="02-HD/BDVTU", title="Hướng dẫn xây dựng đề án")
    everything = Document.objects.all()
    assert numbers(search_documents(everything, "dan van kheo")) == {"54-KH/HU"}
    assert numbers(search_documents(everything, "DÂN VẬN KHÉO")) == {"54-KH/HU"}
    # Words in any order, from the title and the summary together.
    assert numbers(search_documents(everything, "kheo dac biet kho khan")) == {"54-KH/HU"}
    assert numbers(search_documents(everything, "de an")) == {"02-HD/BDVTU"}
    assert numbers(search_documents(everything, "quy che dan chu")) == set()
    assert search_documents(everything, "  ").count() == 2


def test_search_finds_a_number_in_any_case_and_spacing():
    issuer = make_organization()
    make_document(issuer=issuer, number="123/QĐ-UBND", kind=DocumentKind.DECISION)
    make_document(issuer=issuer, number="54-KH/HU")
    everything = Document.objects.all()
    assert numbers(search_documents(everything, "54-kh/hu")) == {"54-KH/HU"}
    assert numbers(search_documents(everything, "54 - KH / HU")) == {"54-KH/HU"}
    assert numbers(search_documents(everything, "123/qd-ubnd")) == {"123/QĐ-UBND"}


def test_filters_by_kind_year_and_issuer_subtree(world):
    old = make_document(
        issuer=world["district"].issuer, number="03-BC/HU", issued_on=date(2019, 12, 20)
    )
    everything = Document.objects.all()
    assert numbers(filter_documents(everything, kind=DocumentKind.RESOLUTION)) == {
        "01-NQ/TU",
        "18-NQ/TW",
    }
    assert list(filter_documents(everything, year=2019)) == [old]
    provincial = world["provincial"].issuer
    assert numbers(filter_documents(everything, issuer=provincial)) == {
        "02-HD/BDVTU",
        "54-KH/HU",
        "11-KH/HU",
        "03-BC/HU",
    }
    assert numbers(
        filter_documents(everything, issuer=provincial, kind=DocumentKind.PLAN, year=2021)
    ) == {"54-KH/HU", "11-KH/HU"}
    assert document_years(everything) == [2021, 2019]


def test_documents_issued_by_an_organisation_are_its_own_newest_first(world):
    issuer = world["district"].issuer
    newer = make_document(issuer=issuer, number="60-KH/HU", issued_on=date(2022, 1, 5))
    assert list(documents_issued_by(issuer)) == [newer, world["district"]]
    assert list(documents_issued_by(world["provincial"].issuer)) == [world["provincial"]]
