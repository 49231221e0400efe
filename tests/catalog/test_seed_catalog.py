"""The catalog seed: the YAML data file as loaded, and loading it again.

The real catalog is loaded once for the module; each test's changes are rolled back
to it. Loading into an empty database (mistakes in the file, the seed_catalog
command) is in test_seed_loading.py.
"""

import copy

import pytest
from django.core.validators import URLValidator
from django.db import transaction
from django.forms.models import model_to_dict

from catalog import validators
from catalog.models import (
    CareSetting,
    Caveat,
    Certification,
    CertificationSource,
    CredentialingBody,
    EligibilityPathway,
    Fee,
    FormerName,
    Recommendation,
    Requirement,
    SearchSynonym,
    Source,
)
from catalog.seed import load_catalog, read_seed_file

pytestmark = pytest.mark.django_db

MODELS = [
    Source,
    CareSetting,
    CredentialingBody,
    Certification,
    CertificationSource,
    FormerName,
    EligibilityPathway,
    Requirement,
    Recommendation,
    Fee,
    Caveat,
    Caveat.sources.through,
    Certification.related.through,
    Certification.care_settings.through,
    CredentialingBody.sources.through,
    SearchSynonym,
]

REQUIRED_CODES = {
    # AHIMA
    "CCA", "CCS", "CCS-P", "RHIT", "RHIA", "PCS",
    # AAPC core
    "CPC", "COC", "CPC-P", "CIC", "CRC", "CIRCC",
    # AAPC specialty
    "CASCC", "CANPC", "CEDC", "CGSC", "COBGC", "CPEDC", "CCC", "CCVTC", "CEMC",
    "CFPC", "CGIC", "CHONC", "COSC", "CPCD", "CRHC", "CUC",
    # AAPC, unsourced drafts
    "CIMC", "CENTC", "CPRC",
    # AAPC, other
    "CPB", "CPMA", "CPCO", "CPPM", "CDEO",
    # NHA, AMBA
    "CBCS", "CMRS",
}  # fmt: skip
DRAFTS = {"CIMC", "CENTC", "CPRC"}


@pytest.fixture(scope="module")
def seed_data():
    return read_seed_file()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, seed_data):
    """What loading the file reported; the rows stay until the module ends.

    One transaction around the module, rolled back at its end: each test runs in a
    savepoint inside it, so a test's own changes go with the test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_catalog(copy.deepcopy(seed_data))
        transaction.set_rollback(True)


def table_sizes():
    return {model._meta.label: model.objects.count() for model in MODELS}


def test_loading_creates_every_required_certification(loaded):
    assert set(Certification.objects.values_list("code", flat=True)) == REQUIRED_CODES


def test_loading_reports_what_it_created(loaded):
    assert loaded["certifications"]["created"] == len(REQUIRED_CODES)
    assert loaded["sources"]["created"] == Source.objects.count()
    assert loaded["fees"]["created"] == Fee.objects.count()
    assert loaded["requirements"]["created"] == Requirement.objects.count()


def test_care_settings_use_the_fixed_vocabulary(loaded):
    assert set(CareSetting.objects.values_list("slug", flat=True)) == {
        "physician_office",
        "hospital_inpatient",
        "hospital_outpatient",
        "ambulatory_surgery",
        "payer",
        "him_department",
    }


def test_bodies_are_keyed_by_acronym_with_lowercase_slugs(loaded):
    assert dict(CredentialingBody.objects.values_list("acronym", "slug")) == {
        "AHIMA": "ahima",
        "AAPC": "aapc",
        "NHA": "nha",
        "AMBA": "amba",
    }


def test_unsourced_drafts_are_unpublished_and_everything_else_published(loaded):
    unpublished = set(
        Certification.objects.filter(published=False).values_list("code", flat=True)
    )
    assert unpublished == DRAFTS


def test_coc_keeps_its_former_name_cpc_h(loaded):
    coc = Certification.objects.get(code="COC")
    assert list(coc.former_names.values_list("name", flat=True)) == ["CPC-H"]


def test_cpc_a_is_the_apprentice_designation_of_cpc_not_a_certification(loaded):
    assert not Certification.objects.filter(code="CPC-A").exists()
    assert Certification.objects.get(code="CPC").apprentice_designation == "CPC-A"
    assert Certification.objects.get(code="COC").apprentice_designation == "COC-A"


def test_cpc_apprentice_removal_pathways_follow_aapc(loaded):
    removal = EligibilityPathway.objects.filter(
        certification__code="CPC",
        purpose=EligibilityPathway.Purpose.APPRENTICE_REMOVAL,
    )
    params = {
        pathway.key: [(r.kind, r.params) for r in pathway.requirements.all()]
        for pathway in removal
    }
    assert params == {
        "employment": [("experience", {"months": 24})],
        "employment_plus_education": [
            ("experience", {"months": 12}),
            ("coding_training", {"hours": 80}),
        ],
    }


def test_each_certification_is_at_the_url_of_its_code(loaded):
    for certification in Certification.objects.all():
        assert certification.get_absolute_url() == (
            f"/certifications/{certification.code}/"
        )


def test_running_twice_changes_nothing(seed_data, loaded):
    before = table_sizes()
    cpc_before = model_to_dict(Certification.objects.get(code="CPC"))

    counts = load_catalog(copy.deepcopy(seed_data))

    assert table_sizes() == before
    assert model_to_dict(Certification.objects.get(code="CPC")) == cpc_before
    assert all(not sum(row.values()) for row in counts.values())


def test_replacing_twice_keeps_the_same_rows(seed_data, loaded):
    before = table_sizes()
    load_catalog(copy.deepcopy(seed_data), replace=True)
    load_catalog(copy.deepcopy(seed_data), replace=True)
    assert table_sizes() == before


def test_an_editors_change_survives_a_plain_run(seed_data, loaded):
    cpc = Certification.objects.get(code="CPC")
    cpc.summary = "Edited in the admin."
    cpc.save()
    cpc.fees.first().delete()
    fees_left = cpc.fees.count()

    load_catalog(copy.deepcopy(seed_data))

    cpc.refresh_from_db()
    assert cpc.summary == "Edited in the admin."
    assert cpc.fees.count() == fees_left


def test_replace_restores_what_an_editor_changed(seed_data, loaded):
    cpc = Certification.objects.get(code="CPC")
    original_summary, original_fees = cpc.summary, cpc.fees.count()
    cpc.summary = "Edited in the admin."
    cpc.save()
    cpc.fees.first().delete()

    counts = load_catalog(copy.deepcopy(seed_data), replace=True)

    cpc.refresh_from_db()
    assert cpc.summary == original_summary
    assert cpc.fees.count() == original_fees
    assert counts["certifications"]["updated"] == 1


def test_replace_keeps_pathway_rows_and_matches_them_by_key(seed_data, loaded):
    pathway = EligibilityPathway.objects.get(
        certification__code="RHIT", key="early_testing"
    )
    pathway.name = "Renamed by an editor"
    pathway.save()

    load_catalog(copy.deepcopy(seed_data), replace=True)

    pathway.refresh_from_db()
    assert pathway.name.startswith("Final term")


def test_search_synonyms_are_loaded_one_row_per_meaning(seed_data, loaded):
    expected = {
        (entry["phrase"], meaning)
        for entry in seed_data["synonyms"]
        for meaning in entry["meanings"]
    }
    assert set(SearchSynonym.objects.values_list("phrase", "meaning")) == expected
    assert loaded["synonyms"]["created"] == len(expected)


def test_an_editors_synonym_survives_a_plain_run_and_a_replace(seed_data, loaded):
    SearchSynonym.objects.create(phrase="coding job", meaning="coding")

    load_catalog(copy.deepcopy(seed_data))
    load_catalog(copy.deepcopy(seed_data), replace=True)

    assert SearchSynonym.objects.filter(phrase="coding job").exists()


def test_replace_sets_a_listed_phrases_meanings_to_the_files(seed_data, loaded):
    SearchSynonym.objects.create(phrase="biller", meaning="reimbursement")

    load_catalog(copy.deepcopy(seed_data))
    assert SearchSynonym.objects.filter(phrase="biller").count() == 2

    counts = load_catalog(copy.deepcopy(seed_data), replace=True)

    assert list(
        SearchSynonym.objects.filter(phrase="biller").values_list("meaning", flat=True)
    ) == ["billing"]
    assert counts["synonyms"]["deleted"] == 1


def test_every_loaded_requirement_passes_validation(loaded):
    for requirement in Requirement.objects.all():
        assert (
            validators.validate_params(requirement.kind, requirement.params)
            == requirement.params
        )


def test_every_published_certification_has_a_source_and_an_eligibility_pathway(
    loaded,
):
    for cert in Certification.objects.published():
        assert cert.source_links.exists(), cert.code
        if cert.status == Certification.Status.RETIRED:
            continue
        assert cert.pathways.filter(
            purpose=EligibilityPathway.Purpose.ELIGIBILITY
        ).exists(), cert.code


def test_only_retired_pcs_has_no_pathway(loaded):
    without = Certification.objects.published().exclude(
        pathways__purpose=EligibilityPathway.Purpose.ELIGIBILITY
    )
    assert list(without.values_list("code", "status")) == [("PCS", "retired")]


def test_every_fee_has_an_amount_or_says_why_not_with_a_source(loaded):
    for fee in Fee.objects.select_related("source"):
        assert fee.source is not None
        if fee.amount is None:
            assert fee.note, fee


def test_aapc_dues_keep_all_three_figures_with_the_newer_official_one_first(loaded):
    dues = Fee.objects.filter(
        body__acronym="AAPC", kind=Fee.Kind.MEMBERSHIP, audience=Fee.Audience.MEMBER
    ).order_by("order")
    assert [(int(fee.amount), fee.source.key) for fee in dues] == [
        (190, "P21"),
        (125, "P20"),
        (222, "X04"),
    ]


def test_cpc_has_no_non_member_exam_fee(loaded):
    assert not Fee.objects.filter(
        certification__code="CPC", audience=Fee.Audience.NON_MEMBER
    ).exists()


def test_ccs_old_required_pathways_are_history_not_pathways(loaded):
    ccs = Certification.objects.get(code="CCS")
    assert list(ccs.pathways.values_list("key", flat=True)) == ["diploma"]
    assert ccs.caveats.filter(kind=Caveat.Kind.HISTORY, topic="eligibility").exists()


def test_every_source_url_is_a_valid_url(loaded):
    validate = URLValidator()
    for url in Source.objects.values_list("url", flat=True):
        validate(url)
