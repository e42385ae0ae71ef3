"""Report counting on a replica (``core.replica``). The test's ``replica`` alias is the test
database's own connection (a second connection could not see the test's transaction), so what
is checked is where the router sends each query of the report, and that the figures stay
right."""

from datetime import date

import pytest
from django.db import connections

from danvan.core.replica import ReplicaRouter, replica_reads
from danvan.initiatives.models import Initiative
from danvan.reports.periods import Period
from danvan.reports.queries import ReportSpec, Scope, build_report
from tests.reports import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(monkeypatch):
    """``{"replica": [models read there], None: [models left on the primary]}``."""
    seen = {"replica": [], None: []}
    original = ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        answer = original(self, model, **hints)
        seen[answer].append(model._meta.label)
        return answer

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    connections["replica"] = connections["default"]
    yield seen
    del connections["replica"]


def _report():
    lam_binh = factories.unit("huyện Lâm Bình, tỉnh Tuyên Quang", as_of=date(2022, 1, 1))
    factories.add(factories.communes(lam_binh), 4, year=2022, status="active")
    spec = ReportSpec(period=Period.preset("year", 2022), scope=Scope(unit=lam_binh))
    return build_report(spec, user=None)


def test_with_a_replica_the_report_counts_there_and_gets_the_same_figures(settings, routed):
    settings.DANVAN_REPORTS_ON_REPLICA = True
    report = _report()
    assert report.total.figures["registered"].value == 4
    assert report.total.figures["active"].value == 4
    assert "initiatives.Initiative" in routed["replica"]
    # outside the report, the same reads stay on the primary
    routed["replica"].clear()
    assert Initiative.objects.count() == 4
    assert routed["replica"] == []
    assert routed[None][-1] == "initiatives.Initiative"


def test_without_a_replica_everything_stays_on_the_primary(settings, routed):
    settings.DANVAN_REPORTS_ON_REPLICA = False
    report = _report()
    assert report.total.figures["registered"].value == 4
    assert routed["replica"] == []
    assert "initiatives.Initiative" in routed[None]


def test_writes_and_migrations_never_go_to_the_replica(settings):
    settings.DANVAN_REPORTS_ON_REPLICA = True
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(None) == "replica"
        assert router.db_for_write(None) is None
    assert router.db_for_read(None) is None
    assert router.allow_migrate("replica", "initiatives") is False
    assert router.allow_migrate("default", "initiatives") is None
