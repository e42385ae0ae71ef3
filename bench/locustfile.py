"""The mix of pages officers make, for ``bench/bench_load.py`` (locust, headless).

Each simulated officer signs in with one of the bench accounts (``bench001``…, made by
bench_load.py with the grants of the demo's provincial staff officer) and then, with a think
time of 1–3 s, opens the home page, the model list (plain, filtered, searched), a model's page,
the report builder, the territory search, the review queue, and about one request in twenty
writes: a progress update on a model. ``/healthz`` is the reference: what a request costs
when the page does nothing."""

import itertools
import json
import os
import random
import re
import time
from datetime import date
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

PASSWORD = os.environ.get("DANVAN_BENCH_PASSWORD", "bench-load-2026")
_numbers = itertools.count(1)
# The sign-ins happen while officers arrive (the ramp), before the statistics are reset for the
# measured run: their times are kept here and written where bench_load.py reads them.
SIGN_IN_LOG = os.environ.get("DANVAN_BENCH_SIGN_IN_LOG")
_sign_in_ms: list[float] = []


@events.quitting.add_listener
def _write_sign_ins(environment, **kwargs):
    if SIGN_IN_LOG:
        with open(SIGN_IN_LOG, "w", encoding="utf-8") as log:
            json.dump(_sign_in_ms, log)


SEARCHES = ["dân vận", "thôn", "đường", "Ba Bể", "mô hình", "khéo"]
PLACES = ["Ba Bể", "xã Thượng Lâm", "Tuyên Quang", "Lâm Bình", "Đồng Tháp", "Tháp Mười"]


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Officer(FastHttpUser):
    """FastHttpUser (geventhttpclient): the load generator shares the server's two cores, and
    costs several times less processor per request than ``HttpUser`` (requests)."""

    wait_time = between(1, 3)

    def on_start(self):
        self.username = f"bench{next(_numbers):03d}"
        started = time.perf_counter()
        self.client.get("/dang-nhap/", name="sign-in form")
        self.client.post(
            "/dang-nhap/",
            data=urlencode(
                {
                    "username": self.username,
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": self._csrf(),
                }
            ),
            headers=FORM,
            name="sign-in",
        )
        _sign_in_ms.append(1000 * (time.perf_counter() - started))
        listing = self.client.get("/mo-hinh/", name="model list")
        self.ids = sorted({int(i) for i in re.findall(r'href="/mo-hinh/(\d+)/"', listing.text)})

    def _csrf(self) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")

    @task(10)
    def home(self):
        self.client.get("/", name="home")

    @task(8)
    def model_list(self):
        self.client.get("/mo-hinh/", name="model list")

    @task(6)
    def model_list_filtered(self):
        query = random.choice(SEARCHES)
        params = urlencode({"q": query, "status": "active"})
        self.client.get(f"/mo-hinh/?{params}", name="model list, search+filter")

    @task(8)
    def model_page(self):
        if self.ids:
            self.client.get(f"/mo-hinh/{random.choice(self.ids)}/", name="model page")

    @task(3)
    def report_builder(self):
        params = urlencode({"from": "01/01/2022", "to": "31/12/2022"})
        self.client.get(f"/bao-cao/?{params}", name="report builder")

    @task(4)
    def territory_search(self):
        params = urlencode({"q": random.choice(PLACES)})
        self.client.get(f"/dia-ban/tim/?{params}", name="place search")

    @task(3)
    def review_queue(self):
        self.client.get("/cham-diem/", name="review queue")

    @task(2)
    def reference(self):
        self.client.get("/healthz", name="healthz (reference)")

    @task(2)
    def progress(self):
        if not self.ids:
            return
        pk = random.choice(self.ids)
        self.client.get(f"/mo-hinh/{pk}/tien-do/", name="progress form")
        self.client.post(
            f"/mo-hinh/{pk}/tien-do/",
            data=urlencode(
                {
                    "date": date.today().strftime("%d/%m/%Y"),
                    "text": f"Cập nhật tiến độ thử tải của {self.username}",
                    "csrfmiddlewaretoken": self._csrf(),
                }
            ),
            headers={**FORM, "Referer": f"{self.host}/mo-hinh/{pk}/tien-do/"},
            name="progress (write)",
        )
