import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

SRC = Path(__file__).resolve().parents[2] / "src"


def run_manage(*args, env_extra, tmp_path, timeout=600):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DANVAN_")
        and key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DANVAN_VAR_DIR": str(tmp_path), **env_extra})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=SRC,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DANVAN_HTTPS": "1",
            "DANVAN_SECRET_KEY": "x" * 20 + "-production-secret-" + "y" * 40,
            "DANVAN_ALLOWED_HOSTS": "danvan.example.vn",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_is_off_unless_asked_and_the_secret_key_is_generated_once(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
    first = run_manage("shell", "--no-imports", "-c", code, env_extra={}, tmp_path=tmp_path)
    second = run_manage("shell", "--no-imports", "-c", code, env_extra={}, tmp_path=tmp_path)
    debug, key = first.stdout.split()
    assert debug == "False"
    assert len(key) >= 50
    assert second.stdout.split()[1] == key
    assert (tmp_path / "secret_key").read_text().strip() == key
    asked = run_manage(
        "shell", "--no-imports", "-c", code, env_extra={"DANVAN_DEBUG": "1"}, tmp_path=tmp_path
    )
    assert asked.stdout.split()[0] == "True"


def test_database_url_switches_to_postgresql(tmp_path):
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        " print(d['ENGINE'], d['NAME'], d['HOST'])"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        env_extra={"DANVAN_DATABASE_URL": "postgres://danvan@db.example.vn:5432/danvan_prod"},
        tmp_path=tmp_path,
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "danvan_prod",
        "db.example.vn",
    ]


@pytest.mark.parametrize("language", ["vi"])
def test_every_interface_string_is_translated(language):
    catalogue = polib.pofile(
        str(Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po")
    )
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


def test_behind_the_proxy_one_proxy_is_trusted_unless_told_and_axes_asks_danvan(tmp_path):
    code = (
        "from django.conf import settings as s;"
        " print(s.DANVAN_TRUSTED_PROXIES, s.AXES_CLIENT_IP_CALLABLE)"
    )
    alone = run_manage("shell", "--no-imports", "-c", code, env_extra={}, tmp_path=tmp_path)
    behind = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        env_extra={"DANVAN_BEHIND_PROXY": "1"},
        tmp_path=tmp_path,
    )
    chain = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        env_extra={"DANVAN_BEHIND_PROXY": "1", "DANVAN_TRUSTED_PROXIES": "2"},
        tmp_path=tmp_path,
    )
    callable_path = "danvan.core.audit_context.request_client_ip"
    assert alone.stdout.split() == ["0", callable_path]
    assert behind.stdout.split() == ["1", callable_path]
    assert chain.stdout.split() == ["2", callable_path]
