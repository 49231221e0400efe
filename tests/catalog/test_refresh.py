"""The first refresh (issue 13, item 8), applied by the seed through the same
updates as an editor's: new values with their sources, the old kept."""

import pytest
from django.db import transaction

from catalog import fact_updates
from catalog.eligibility import Person, evaluate
from catalog.models import Caveat, Certification, Fee, HistoricalCertification
from catalog.queries import eligibility_rules
from catalog.seed import load_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    load_catalog()


def test_rhia_leads_with_the_2026_exam_figures_and_keeps_the_old_ones(seeded):
    rhia = Certification.objects.get(code="RHIA")

    assert (rhia.exam_questions, rhia.exam_minutes) == (
        "150 (130 scored + 20 pretest)",
        210,
    )
    assert rhia.exam_source.key == "X20"
    old = HistoricalCertification.objects.filter(id=rhia.pk, exam_minutes=240)
    assert old.exists()


def test_rhia_has_its_exam_fee_and_cca_cites_ahima_keeping_the_earlier_figures(
    seeded,
):
    rhia_fees = Fee.objects.filter(certification__code="RHIA", kind="exam")
    cca_member = Fee.objects.filter(
        certification__code="CCA", kind="exam", audience="member"
    )

    assert sorted(fee.amount for fee in rhia_fees.filter(is_current=True)) == [
        229,
        299,
    ]
    current = cca_member.get(is_current=True)
    assert (current.amount, current.source.key, current.source.kind) == (
        199,
        "A18",
        "official_copy",
    )
    earlier = cca_member.get(is_current=False)
    assert (earlier.source.key, earlier.superseded_by) == ("X02", current)


def test_the_cca_member_renewal_disagreement_is_recorded(seeded):
    figures = Fee.objects.filter(
        certification__code="CCA", kind="renewal", audience="member", is_current=True
    )

    assert figures.count() == 2
    assert all(fee.sources_disagree for fee in figures)


def test_aapc_specialty_renewals_name_their_16_ceus(seeded):
    notes = dict(
        Certification.objects.filter(code__in=["CPCO", "CDEO", "CPPM"]).values_list(
            "code", "maintenance_note"
        )
    )

    assert "16 of the CEUs must be related to compliance" in notes["CPCO"]
    assert "related to documentation" in notes["CDEO"]
    assert "related to practice management" in notes["CPPM"]


def test_someone_in_the_final_term_of_an_him_bachelors_may_test_early_for_the_rhia(
    seeded,
):
    person = Person(education="associate", him_program="bachelor_final_term")
    rules = {rule.code: rule for rule in eligibility_rules()}

    verdict = evaluate(person, [rules["RHIA"]])[0]

    assert verdict.status == "eligible"
    assert "transcript" in verdict.condition


def test_applying_the_refresh_again_changes_nothing(seeded):
    before = Fee.objects.count(), Caveat.objects.count()

    with transaction.atomic():
        results = fact_updates.apply_files()

    assert all(applied == 0 for applied, _skipped in results.values())
    assert (Fee.objects.count(), Caveat.objects.count()) == before


def test_the_command_reports_what_it_applied(seeded):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("apply_fact_updates", stdout=out)

    assert (
        "fact_updates_2026_12.yaml: 0 updates applied, 17 already there."
        in out.getvalue()
    )
