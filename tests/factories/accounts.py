import factory

from danvan.accounts.models import User

PASSWORD = "mật-khẩu-thử-nghiệm-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Cán Bộ {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@danvan.example.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"quantri{n}")
    is_staff = True
    is_superuser = True
