"""Dialogues for tests, made through the services as the application makes them."""

from datetime import date

from danvan.dialogues import services
from tests.followups.factories import binh_an, dong_thap, make_organization, officer, tuyen_quang

__all__ = ["binh_an", "dong_thap", "make_dialogue", "make_organization", "officer", "tuyen_quang"]


def make_dialogue(*, place=None, acting_user=None, attendance=None, **data):
    values = {
        "kind": "dialogue",
        "held_on": date(2026, 3, 12),
        "place": place or binh_an(),
        "chair_name": "Hoàng Văn Lực",
        "chair_position": "Chủ tịch UBND xã",
        "present": "Mặt trận Tổ quốc xã; Hội Nông dân; Hội Phụ nữ",
        "topics": "Đường giao thông nông thôn; hỗ trợ giống cây trồng",
        **data,
    }
    return services.record_dialogue(
        data=values,
        attendance=attendance if attendance is not None else {"farmers": 60, "women": 25},
        acting_user=acting_user,
    )


def add_opinion(
    dialogue, *, content="Đường vào thôn Khuổi Củng xuống cấp", acting_user=None, **extra
):
    data = {"group": "farmers", "field": "infrastructure", "content": content, **extra}
    commitment = data.pop("commitment", None)
    return services.add_opinion(
        dialogue=dialogue, data=data, commitment=commitment, acting_user=acting_user
    )


def category(name: str = "Hạ tầng, giao thông, thủy lợi"):
    from danvan.dialogues.models import PetitionCategory

    services.seed_categories()
    return PetitionCategory.objects.get(name=name)


def make_petition(*, responsible, place=None, acting_user=None, **data):
    values = {
        "source": "walk_in",
        "received_on": date(2026, 3, 12),
        "category": category(),
        "field": "infrastructure",
        "summary": "Cống thoát nước thôn Nà Rầy bị tắc, ngập khi mưa",
        "place": place or binh_an(),
        "responsible": responsible,
        "citizen_name": "Lò Văn Sáng",
        "citizen_contact": "0912 345 678",
        **data,
    }
    return services.receive_petition(data=values, acting_user=acting_user)
