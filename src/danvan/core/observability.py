"""What an operator reads: a request id on every request and log line, JSON log lines, and the
slow requests logged with their time and number of queries.

- ``RequestIdMiddleware`` (first in ``MIDDLEWARE``) takes the ``X-Request-ID`` nginx sends (or
  makes one), keeps it for the log lines written while the request runs, returns it in the
  response header, counts the request's queries, and logs a request slower than
  ``DANVAN_SLOW_REQUEST_MS`` (logger ``danvan.requests``, WARNING) with its path, status,
  milliseconds and queries.
- ``JsonFormatter`` writes one JSON object per line (``DANVAN_LOG_FORMAT=json``, the default
  outside the tests): time, level, logger, message, request id, the extra fields, the traceback.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime

from django.conf import settings
from django.db import connections

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "danvan_request_id", default=None
)
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
slow_log = logging.getLogger("danvan.requests")
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "queries", "user_id")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for name in EXTRA_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if _GIVEN_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        counter = _QueryCounter()
        started = time.perf_counter()
        try:
            with ExitStack() as stack:
                for conn in connections.all():
                    stack.enter_context(conn.execute_wrapper(counter))
                response = self.get_response(request)
            elapsed = (time.perf_counter() - started) * 1000
            response["X-Request-ID"] = request.id
            if elapsed >= settings.DANVAN_SLOW_REQUEST_MS:
                user = getattr(request, "user", None)
                slow_log.warning(
                    "slow request %s %s: %.0f ms, %d queries",
                    request.method,
                    request.path,
                    elapsed,
                    counter.count,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round(elapsed, 1),
                        "queries": counter.count,
                        "user_id": getattr(user, "pk", None),
                        "request_id": request.id,
                    },
                )
            return response
        finally:
            request_id_var.reset(token)
