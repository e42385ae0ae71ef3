"""The round's results workbook: a title that reads, and one header per column (issue 12, 7)."""

import io

import pytest
from openpyxl import load_workbook

from tests.permissions import user_with_role
from tests.reviews.test_views import _client, scored_round  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_results_workbook_has_distinct_headers_and_a_readable_title(scored_round):  # noqa: F811
    review_round = scored_round[0]
    staff = user_with_role("staff", unit=review_round.committee.unit)
    response = _client(staff).get(f"/binh-xet/{review_round.pk}/ket-qua.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"Bảng tổng hợp kết quả: {review_round.name}"
    headers = [cell for cell in rows[2] if cell]
    assert headers == [
        "Xếp hạng",
        "Mã",
        "Tên",
        "Địa bàn",
        "Đơn vị thực hiện",
        "Điểm trung bình có trọng số",
        "Trung vị",
        "Chênh lệch",
        "Số phiếu đã gửi",
        "Số người được phân công",
        "Đề xuất",
        "Kết quả công nhận",
        "Quyết định",
    ]
    assert len(set(headers)) == len(headers)
