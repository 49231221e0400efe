"""Loading the seed into an empty database: mistakes in the file fail loudly, and
the seed_catalog command."""

import copy
import io

import pytest
from django.core.management import call_command

from catalog.models import Certification
from catalog.seed import SeedError, load_catalog, read_seed_file
from tests.catalog.test_seed_catalog import REQUIRED_CODES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seed_data():
    return read_seed_file()


def test_a_wrong_requirement_fails_loudly_naming_the_certification_and_pathway(
    seed_data,
):
    data = copy.deepcopy(seed_data)
    cca = next(entry for entry in data["certifications"] if entry["code"] == "CCA")
    cca["pathways"][0]["requirements"][0]["params"] = {"level": "doctorate"}

    with pytest.raises(SeedError, match=r"CCA pathway “diploma”"):
        load_catalog(data)

    assert not Certification.objects.exists()


def test_a_code_listed_twice_in_another_case_fails_loudly(seed_data):
    data = copy.deepcopy(seed_data)
    data["certifications"].append({**data["certifications"][0], "code": "cca"})

    with pytest.raises(SeedError, match="listed twice, in any case: CCA"):
        load_catalog(data)

    assert not Certification.objects.exists()


def test_an_unknown_source_key_fails_loudly(seed_data):
    data = copy.deepcopy(seed_data)
    data["certifications"][0]["sources"]["general"].append("Z99")

    with pytest.raises(SeedError, match="Z99"):
        load_catalog(data)


def test_a_synonym_without_meanings_fails_loudly(seed_data):
    data = copy.deepcopy(seed_data)
    data["synonyms"].append({"phrase": "coding job", "meanings": []})

    with pytest.raises(SeedError, match="coding job"):
        load_catalog(data)

    assert not Certification.objects.exists()


def test_command_loads_the_file_and_prints_a_summary():
    out = io.StringIO()
    call_command("seed_catalog", stdout=out)
    assert Certification.objects.count() == len(REQUIRED_CODES)
    assert out.getvalue().startswith("Catalog seed: created ")
    assert len(out.getvalue().strip().splitlines()) == 1


def test_command_with_replace_on_a_loaded_catalog_creates_no_certification():
    call_command("seed_catalog", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_catalog", "--replace", stdout=out)
    assert Certification.objects.count() == len(REQUIRED_CODES)
    assert "certifications" not in out.getvalue().split("; updated")[0]
