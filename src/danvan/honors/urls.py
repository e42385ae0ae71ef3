from django.urls import path

from danvan.honors.views import exclusions, files, honours, kinds, proposals

app_name = "honors"

urlpatterns = [
    path("khen-thuong/", honours.honour_list, name="honour-list"),
    path("khen-thuong/ghi-nhan/", honours.honour_create, name="honour-add"),
    path("khen-thuong/excel/xuat/", honours.honour_export, name="honour-export"),
    path("khen-thuong/excel/nhap/", honours.honour_import, name="honour-import"),
    path("khen-thuong/excel/mau/", honours.honour_template, name="honour-template"),
    path("khen-thuong/<int:pk>/", honours.honour_detail, name="honour-detail"),
    path(
        "khen-thuong/can-bo/<int:pk>/khong-xet/",
        exclusions.exclusion_add,
        name="exclusion-add",
    ),
    path(
        "khen-thuong/khong-xet/<int:pk>/ket-thuc/",
        exclusions.exclusion_end,
        name="exclusion-end",
    ),
    path("khen-thuong/hinh-thuc/", kinds.kind_list, name="kind-list"),
    path("khen-thuong/hinh-thuc/them/", kinds.kind_create, name="kind-add"),
    path("khen-thuong/hinh-thuc/<int:pk>/", kinds.kind_detail, name="kind-detail"),
    path("khen-thuong/hinh-thuc/<int:pk>/sua/", kinds.kind_edit, name="kind-edit"),
    path("khen-thuong/hinh-thuc/<int:pk>/ung-vien/", kinds.kind_candidates, name="kind-candidates"),
    path(
        "khen-thuong/hinh-thuc/<int:pk>/ung-vien/de-nghi/",
        kinds.kind_nominate,
        name="kind-nominate",
    ),
    path("khen-thuong/de-nghi/", proposals.proposal_list, name="proposal-list"),
    path("khen-thuong/de-nghi/tao/", proposals.proposal_create, name="proposal-add"),
    path("khen-thuong/de-nghi/<int:pk>/", proposals.proposal_detail, name="proposal-detail"),
    path("khen-thuong/de-nghi/<int:pk>/them/", proposals.nominee_add, name="nominee-add"),
    path("khen-thuong/de-nghi/<int:pk>/bot/", proposals.nominee_remove, name="nominee-remove"),
    path("khen-thuong/de-nghi/<int:pk>/tep/", proposals.nominee_attach, name="nominee-attach"),
    path(
        "khen-thuong/de-nghi/<int:pk>/tep/<int:attachment_id>/",
        proposals.nominee_attachment,
        name="nominee-attachment",
    ),
    path(
        "khen-thuong/de-nghi/<int:pk>/chuyen/",
        proposals.proposal_transition,
        name="proposal-transition",
    ),
    path(
        "khen-thuong/de-nghi/<int:pk>/quyet-dinh/",
        proposals.proposal_decide,
        name="proposal-decide",
    ),
    path(
        "khen-thuong/<int:pk>/giay-chung-nhan/", files.honour_certificate, name="honour-certificate"
    ),
    path("khen-thuong/de-nghi/<int:pk>/danh-sach.xlsx", files.decision_xlsx, name="decision-xlsx"),
    path(
        "khen-thuong/de-nghi/<int:pk>/danh-sach.docx",
        files.decision_docx_view,
        name="decision-docx",
    ),
    path(
        "khen-thuong/de-nghi/<int:pk>/giay-chung-nhan/",
        files.decision_certificates,
        name="decision-certificates",
    ),
    path("khen-thuong/giay-chung-nhan/<uuid:pk>/", files.certificate_job, name="certificate-job"),
    path(
        "khen-thuong/giay-chung-nhan/<uuid:pk>/tep/",
        files.certificate_download,
        name="certificate-download",
    ),
    path("khen-thuong/le/", honours.ceremony_list, name="ceremony-list"),
    path("khen-thuong/le/them/", honours.ceremony_create, name="ceremony-add"),
    path("khen-thuong/le/<int:pk>/", honours.ceremony_detail, name="ceremony-detail"),
    path("khen-thuong/le/<int:pk>/anh/", honours.ceremony_photo_add, name="ceremony-photo-add"),
    path(
        "khen-thuong/le/<int:pk>/anh/<int:photo_id>/",
        honours.ceremony_photo,
        name="ceremony-photo",
    ),
    path(
        "khen-thuong/le/<int:pk>/anh/<int:photo_id>/nho/",
        honours.ceremony_photo,
        {"size": "nho"},
        name="ceremony-photo-thumbnail",
    ),
]
