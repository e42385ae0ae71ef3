"""Request ids, JSON log lines and slow requests logged with their queries."""

import json
import logging

import pytest

from danvan.core.observability import JsonFormatter, RequestIdFilter, request_id_var

pytestmark = pytest.mark.django_db


def test_every_answer_carries_a_request_id_and_keeps_a_sane_given_one(user_client):
    made = user_client.get("/")
    assert len(made["X-Request-ID"]) == 32
    assert made["X-Request-ID"] != user_client.get("/")["X-Request-ID"]
    given = user_client.get("/", headers={"X-Request-ID": "nginx-4f2a9c1e77"})
    assert given["X-Request-ID"] == "nginx-4f2a9c1e77"
    hostile = user_client.get("/", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert "<" not in hostile["X-Request-ID"]
    assert len(hostile["X-Request-ID"]) == 32


def test_a_slow_request_is_logged_with_its_path_status_and_queries(user_client, settings, caplog):
    settings.DANVAN_SLOW_REQUEST_MS = 0  # every request is "slow"
    with caplog.at_level(logging.WARNING, logger="danvan.requests"):
        response = user_client.get("/?q=x")
    [record] = [r for r in caplog.records if r.name == "danvan.requests"]
    assert record.path == "/"
    assert record.status == 200
    assert record.queries > 0
    assert record.request_id == response["X-Request-ID"]
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING"
    assert line["queries"] == record.queries
    assert line["request_id"] == response["X-Request-ID"]
    assert line["message"].startswith("slow request GET /:")


def test_fast_requests_are_not_logged(user_client, caplog):
    with caplog.at_level(logging.WARNING, logger="danvan.requests"):
        user_client.get("/healthz")
    assert not [r for r in caplog.records if r.name == "danvan.requests"]


def test_a_log_line_written_during_a_request_names_it_in_one_json_line():
    token = request_id_var.set("abc12345def")
    try:
        record = logging.LogRecord(
            "danvan.files", logging.ERROR, __file__, 1, "Tệp %s", ("ảnh",), None
        )
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    text = JsonFormatter().format(record)
    assert "\n" not in text
    line = json.loads(text)
    assert line["message"] == "Tệp ảnh"
    assert "Tệp ảnh" in text  # Vietnamese as it is, not \\u escapes
    assert line["request_id"] == "abc12345def"
    assert line["logger"] == "danvan.files"


SCRIPT = """
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
client.get("/healthz")
local = client.get("/metrics")
remote = client.get("/metrics", REMOTE_ADDR="10.0.0.5")
print(local.status_code, remote.status_code)
print("django_http_requests_total_by_method_total" in local.text)
"""


def test_prometheus_metrics_when_turned_on_for_the_monitoring_host_only(tmp_path):
    from tests.core.test_settings import run_manage

    result = run_manage(
        "shell",
        "-c",
        SCRIPT,
        env_extra={
            "DANVAN_PROMETHEUS": "1",
            "DANVAN_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["200 404", "True"]


def test_no_metrics_url_unless_turned_on(client):
    assert client.get("/metrics").status_code != 200
