"""Demonstration content: a section per demo province and the five seed stories as published
articles (retold from their facts), with readers' comments waiting for moderation and reads."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from danvan.accounts.enums import Role
from danvan.organizations.models import Organization
from danvan.portal.enums import CommentState

SECTIONS = [
    # slug, title, organisation name
    ("tuyen-quang", "Tuyên Quang", "Ban Dân vận Tỉnh ủy Tuyên Quang"),
    ("phu-tho", "Phú Thọ", "Ban Dân vận Huyện ủy Yên Lập"),
    ("bac-kan", "Bắc Kạn", "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” huyện Ba Bể"),
    ("dong-thap", "Đồng Tháp", "Ban Dân vận Tỉnh ủy Đồng Tháp"),
    ("bac-giang", "Bắc Giang", "Ban Dân vận Tỉnh ủy Bắc Giang"),
]

ARTICLES = [
    {
        "section": "tuyen-quang",
        "slug": "lam-binh-can-bo-cung-nhan-dan-xay-dung-nong-thon-moi",
        "category": "hoat-dong-co-so",
        "title": "Lâm Bình: cán bộ về thôn cùng Nhân dân làm đường, phát quang, khơi thông cống "
        "rãnh",
        "lead": (
            "Ngày 13/5/2022, cán bộ Sở Nội vụ tỉnh Tuyên Quang và Đảng ủy Cơ quan Chính quyền "
            "huyện Lâm Bình đã về thôn Tống Pu và thôn Phiêng Luông, xã Bình An, cùng bà con dọn "
            "vệ sinh đường làng, đường bê tông nội đồng, chăm sóc đường hoa và khơi thông cống "
            "rãnh."
        ),
        "body": [
            "Hoạt động được tổ chức theo Hướng dẫn số 02 ngày 10/9/2021 của Ban Dân vận Tỉnh ủy và "
            "Kế hoạch số 54 của Ban Thường vụ Huyện ủy Lâm Bình về việc cán bộ, đảng viên các cơ "
            "quan làm công tác dân vận ở cơ sở.",
            "Các đoàn viên, đảng viên chia thành nhiều nhóm, mỗi nhóm nhận một đoạn đường. Cùng "
            "với "
            "bà con hai thôn, các đồng chí phát quang hai bên đường, nạo vét rãnh thoát nước, "
            "trồng "
            "dặm và chăm sóc đường hoa của thôn.",
            "Việc làm thiết thực này góp phần thực hiện các tiêu chí xây dựng nông thôn mới và Đề "
            "án số 02 của huyện, đồng thời thắt chặt mối quan hệ giữa cán bộ với Nhân dân nơi cơ "
            "sở.",
        ],
        "date": date(2022, 5, 13),
        "author": "Thu Hà",
        "photo_credit": "Văn Khánh",
        "tags": ["nông thôn mới", "Lâm Bình", "dân vận chính quyền"],
        "views": 146,
    },
    {
        "section": "phu-tho",
        "slug": "yen-lap-114-mo-hinh-dan-van-kheo-10-thang-2022",
        "category": "dan-van-kheo",
        "title": "Yên Lập có 114 mô hình “Dân vận khéo” trong 10 tháng năm 2022",
        "lead": (
            "Trong 10 tháng năm 2022, huyện Yên Lập (Phú Thọ) xây dựng được 114 mô hình “Dân vận "
            "khéo”, gồm 99 mô hình tập thể và 15 mô hình cá nhân, trải rộng ở 17 xã, thị trấn."
        ),
        "body": [
            "Phong trào thi đua “Dân vận khéo” tiếp tục được các cấp ủy, chính quyền, Mặt trận và "
            "các đoàn thể trong huyện quan tâm chỉ đạo; mỗi đơn vị đăng ký ít nhất một mô hình gắn "
            "với nhiệm vụ chính trị của địa phương.",
            "Một điểm nhấn của năm là công trình dân vận khéo cấp huyện: tuyến đường điện thắp "
            "sáng "
            "đường quê do Nhân dân góp công, góp sức, đã được khánh thành và đưa vào sử dụng.",
        ],
        "date": date(2022, 11, 8),
        "author": "Minh Phương",
        "photo_credit": "",
        "tags": ["Dân vận khéo", "Yên Lập"],
        "views": 98,
    },
    {
        "section": "bac-kan",
        "slug": "ba-be-nhan-rong-mo-hinh-moi-truong-xanh-sach-dep",
        "category": "dan-van-kheo",
        "title": "Ba Bể: mô hình vận động Nhân dân giữ môi trường xanh, sạch, đẹp ở thôn Khuổi Tẩu",
        "lead": (
            "Chi bộ Văn phòng Huyện ủy Ba Bể đăng ký mô hình “Vận động nhân dân xây dựng và bảo "
            "vệ môi trường xanh, sạch, đẹp” tại thôn Khuổi Tẩu, xã Phúc Lộc; năm 2023 toàn huyện "
            "có 128 mô hình đăng ký, trong đó 10 mô hình cá nhân."
        ),
        "body": [
            "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” của huyện đã xét chọn những mô hình có "
            "tính khả thi, có sức lan tỏa để hướng dẫn, theo dõi và nhân rộng.",
            "Ở Khuổi Tẩu, các hộ dân thống nhất phân loại rác tại nhà, tổ chức tổng vệ sinh hằng "
            "tháng và trồng cây xanh dọc đường thôn; chi bộ phân công đảng viên phụ trách từng "
            "cụm dân cư.",
        ],
        "date": date(2023, 6, 20),
        "author": "Hoàng Lan",
        "photo_credit": "Hoàng Lan",
        "tags": ["môi trường", "Ba Bể", "nhân rộng mô hình"],
        "views": 77,
    },
    {
        "section": "dong-thap",
        "slug": "thap-muoi-khao-sat-mot-nam-nghi-quyet-01",
        "category": "tin-tuc-su-kien",
        "title": "Khảo sát một năm thực hiện Nghị quyết 01 về công tác dân vận tại huyện Tháp Mười",
        "lead": (
            "Ngày 19/8/2022, Ban Thường vụ Huyện ủy Tháp Mười làm việc với Tổ khảo sát của Ban "
            "Dân vận Tỉnh ủy Đồng Tháp về kết quả một năm thực hiện Nghị quyết 01 của Tỉnh ủy về "
            "công tác dân vận đến năm 2025."
        ),
        "body": [
            "Tổ khảo sát ghi nhận những kết quả huyện đạt được và đề nghị huyện rà soát các chỉ "
            "tiêu của nghị quyết, có kế hoạch quy hoạch, đào tạo cán bộ làm công tác dân vận.",
            "Ban Dân vận Huyện ủy được đề nghị làm tốt vai trò tham mưu cho Ban Thường vụ, tiếp "
            "tục "
            "nhân rộng các mô hình hiệu quả, phấn đấu thực hiện đạt các chỉ tiêu đã đề ra.",
        ],
        "date": date(2022, 8, 19),
        "author": "Ngọc Trâm",
        "photo_credit": "",
        "tags": ["Nghị quyết 01", "khảo sát", "Tháp Mười"],
        "views": 61,
    },
    {
        "section": "bac-giang",
        "slug": "bac-giang-phat-dong-thang-dan-van-2018",
        "category": "guong-dien-hinh",
        "title": "Bắc Giang phát động Tháng Dân vận, biểu dương 88 điển hình vùng đồng bào dân "
        "tộc thiểu số",
        "lead": (
            "Tháng 10/2018, tỉnh Bắc Giang phát động Tháng Dân vận gắn với “Năm dân vận chính "
            "quyền 2018”; 88 điển hình “Dân vận khéo” vùng đồng bào dân tộc thiểu số được biểu "
            "dương và 38 cá nhân nhận Kỷ niệm chương “Vì sự nghiệp dân vận”."
        ),
        "body": [
            "Toàn tỉnh hiện có 559 mô hình “Dân vận khéo” ở vùng đồng bào dân tộc thiểu số. Các "
            "địa phương, đơn vị đều xây dựng kế hoạch hưởng ứng với khẩu hiệu riêng và những phần "
            "việc cụ thể giúp dân.",
            "Ban Dân vận và Ban Dân tộc tỉnh khen thưởng các điển hình tiêu biểu; Ban Dân vận "
            "Trung "
            "ương trao Kỷ niệm chương cho những cá nhân có nhiều đóng góp cho công tác dân vận.",
        ],
        "date": date(2018, 10, 5),
        "author": "Xuân Cường",
        "photo_credit": "Vũ Chiến",
        "tags": ["Tháng Dân vận", "khen thưởng", "đồng bào dân tộc thiểu số"],
        "views": 203,
    },
]

COMMENTS = [
    (
        "lam-binh-can-bo-cung-nhan-dan-xay-dung-nong-thon-moi",
        "Lò Văn Tâm",
        "Mong các đoàn cán bộ về thôn thường xuyên hơn, bà con rất phấn khởi.",
        CommentState.APPROVED,
    ),
    (
        "lam-binh-can-bo-cung-nhan-dan-xay-dung-nong-thon-moi",
        "Nguyễn Thị Mai",
        "Đề nghị huyện hỗ trợ thêm xi măng để thôn làm tiếp đoạn đường nội đồng.",
        CommentState.PENDING,
    ),
    (
        "bac-giang-phat-dong-thang-dan-van-2018",
        "Trần Quốc Huy",
        "Xin chúc mừng các gương điển hình được biểu dương!",
        CommentState.PENDING,
    ),
]


def _paragraphs(texts):
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


def _related(article, data):
    from danvan.activities.models import Activity
    from danvan.documents.models import Document
    from danvan.initiatives.models import Initiative
    from danvan.territory.models import AdministrativeUnit

    if data["section"] == "tuyen-quang":
        article.activities.set(Activity.objects.filter(start_date=data["date"])[:1])
        article.documents.set(Document.objects.filter(number__in=["02-HD/BDVTU", "54-KH/HU"]))
        article.places.set(AdministrativeUnit.objects.filter(name="Bình An", level="commune")[:1])
    if data["section"] == "bac-kan":
        article.initiatives.set(Initiative.objects.filter(name__icontains="xanh, sạch, đẹp")[:1])
    if data["section"] == "dong-thap":
        article.documents.set(Document.objects.filter(number="01-NQ/TU"))


@transaction.atomic
def load(stdout=None) -> str:
    from danvan.organizations.demo import add_demo_account
    from danvan.portal.models import (
        ArticleDayViews,
        ArticlePage,
        Comment,
        NewsCategory,
        PortalHomePage,
        PortalSection,
    )

    home = PortalHomePage.objects.first()
    if home is None or ArticlePage.objects.exists():
        return "—"
    sections = {}
    for slug, title, org_name in SECTIONS:
        organization = Organization.objects.filter(name=org_name).first()
        if organization is None:
            continue
        section = home.add_child(
            instance=PortalSection(title=title, slug=slug, organization=organization)
        )
        section.save_revision().publish()
        sections[slug] = section
    categories = {category.slug: category for category in NewsCategory.objects.all()}
    today = timezone.localdate()
    for data in ARTICLES:
        section = sections.get(data["section"])
        if section is None:
            continue
        article = ArticlePage(
            title=data["title"],
            slug=data["slug"],
            lead=data["lead"],
            body=_paragraphs(data["body"]),
            date=data["date"],
            author=data["author"],
            photo_credit=data["photo_credit"],
            category=categories[data["category"]],
            source_unit=section.organization,
        )
        article.tags.add(*data["tags"])
        _related(article, data)
        section.add_child(instance=article)
        article.save_revision().publish()
        # Reads over the last week, most on the first days.
        for offset in range(7):
            ArticleDayViews.objects.create(
                article=article,
                day=today - timedelta(days=offset),
                views=max(1, data["views"] // (offset + 2)),
            )
    articles = {article.slug: article for article in ArticlePage.objects.all()}
    for slug, name, body, state in COMMENTS:
        Comment.objects.create(article=articles[slug], name=name, body=body, state=state)
    tuyen_quang = sections.get("tuyen-quang")
    if tuyen_quang is not None:
        add_demo_account(
            "bientap.tuyenquang",
            "Lương Thị Thu",
            role=Role.PORTAL_EDITOR,
            organization=tuyen_quang.organization,
        )
        add_demo_account(
            "duyettin.tuyenquang",
            "Nông Văn Bình",
            role=Role.PORTAL_MODERATOR,
            organization=tuyen_quang.organization,
        )
    return f"{len(sections)} chuyên trang, {len(articles)} tin bài, {len(COMMENTS)} ý kiến bạn đọc"
