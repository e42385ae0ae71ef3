"""The columns shared by the tests of danvan.core.spreadsheets."""

from datetime import date

from django.utils.translation import gettext

from danvan.core.spreadsheets import Column, parse_bool, parse_date, parse_int

COLUMNS = [
    Column(
        header="Tên tổ chức",
        key="name",
        required=True,
        help="Tên đầy đủ, như trong quyết định thành lập.",
        example="Hội Nông dân xã Bình An",
        width=40,
    ),
    Column(header="Ngày thành lập", key="founded", parse=parse_date, example=date(2020, 3, 26)),
    Column(header="Số hội viên", key="members", parse=parse_int, example=1599),
    Column(header="Còn hoạt động", key="active", parse=parse_bool, example=True),
    Column(header="Ghi chú", key="note"),
]
REQUIRED = gettext("A value is required in this column.")
