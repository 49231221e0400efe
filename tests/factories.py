"""factory_boy factories: one per catalog model; the example profiles' data."""

import datetime
import functools
import json
from pathlib import Path

import factory
from factory.django import DjangoModelFactory

from catalog import models


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = models.Source
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"S{n:03d}")
    url = factory.LazyAttribute(lambda o: f"https://example.org/{o.key.lower()}")
    title = factory.LazyAttribute(lambda o: f"Source {o.key}")
    as_of = "2026-01"
    accessed_on = datetime.date(2026, 11, 26)
    kind = models.Source.Kind.OFFICIAL


class CareSettingFactory(DjangoModelFactory):
    class Meta:
        model = models.CareSetting
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"setting-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class CredentialingBodyFactory(DjangoModelFactory):
    class Meta:
        model = models.CredentialingBody
        django_get_or_create = ["acronym"]

    acronym = factory.Sequence(lambda n: f"BODY{n}")
    slug = factory.LazyAttribute(lambda o: o.acronym.lower())
    name = factory.LazyAttribute(lambda o: f"{o.acronym} Association")
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org")
    summary = "A credentialing body."
    membership_required_to_test = models.Membership.NOT_REQUIRED
    last_verified = datetime.date(2026, 11, 26)


class CertificationFactory(DjangoModelFactory):
    class Meta:
        model = models.Certification
        django_get_or_create = ["code"]

    body = factory.SubFactory(CredentialingBodyFactory)
    code = factory.Sequence(lambda n: f"C{n:04d}")
    name = factory.LazyAttribute(lambda o: f"Certified {o.code} Coder")
    level = models.Certification.Level.PROFESSIONAL
    summary = factory.LazyAttribute(lambda o: f"The {o.code} credential for coders.")
    exam_questions = "100"
    exam_minutes = 240
    ceus_per_cycle = 36
    cycle_years = 2
    last_verified = datetime.date(2026, 11, 26)
    published = True


class CertificationSourceFactory(DjangoModelFactory):
    class Meta:
        model = models.CertificationSource

    certification = factory.SubFactory(CertificationFactory)
    source = factory.SubFactory(SourceFactory)
    topic = models.CertificationSource.Topic.GENERAL


class FormerNameFactory(DjangoModelFactory):
    class Meta:
        model = models.FormerName

    certification = factory.SubFactory(CertificationFactory)
    name = factory.Sequence(lambda n: f"OLD-{n}")


class EligibilityPathwayFactory(DjangoModelFactory):
    class Meta:
        model = models.EligibilityPathway

    certification = factory.SubFactory(CertificationFactory)
    key = factory.Sequence(lambda n: f"pathway-{n}")
    name = "High school diploma"
    source = factory.SubFactory(SourceFactory)


class RequirementFactory(DjangoModelFactory):
    class Meta:
        model = models.Requirement

    pathway = factory.SubFactory(EligibilityPathwayFactory)
    kind = models.Requirement.Kind.MIN_EDUCATION
    params = factory.LazyFunction(lambda: {"level": "high_school_or_equivalent"})


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = models.Recommendation

    certification = factory.SubFactory(CertificationFactory)
    text = "6 months of coding experience"


class FeeFactory(DjangoModelFactory):
    class Meta:
        model = models.Fee

    certification = factory.SubFactory(CertificationFactory)
    kind = models.Fee.Kind.EXAM
    audience = models.Fee.Audience.MEMBER
    amount = 299
    source = factory.SubFactory(SourceFactory)


class DuesFactory(FeeFactory):
    """A body's yearly membership dues (a member's, $190 unless told)."""

    certification = None
    body = factory.SubFactory(CredentialingBodyFactory)
    kind = models.Fee.Kind.MEMBERSHIP
    audience = models.Fee.Audience.MEMBER
    amount = 190


class CaveatFactory(DjangoModelFactory):
    class Meta:
        model = models.Caveat

    certification = factory.SubFactory(CertificationFactory)
    kind = models.Caveat.Kind.CONFLICT
    text = "Other sources disagree about this."


class GlossaryTermFactory(DjangoModelFactory):
    class Meta:
        model = models.GlossaryTerm
        django_get_or_create = ["slug"]

    term = factory.Sequence(lambda n: f"Term{n:03d}")
    slug = factory.Sequence(lambda n: f"term-{n}")
    definition = "A word the catalog uses, in plain words."
    source = factory.SubFactory(SourceFactory)


class OutlookFactFactory(DjangoModelFactory):
    class Meta:
        model = models.OutlookFact
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"fact-{n}")
    label = "Median pay"
    value = "$44,090 a year"
    number = 44090
    unit = "USD a year"
    as_of = "May 2020"
    source = factory.SubFactory(SourceFactory)


class SearchSynonymFactory(DjangoModelFactory):
    class Meta:
        model = models.SearchSynonym

    phrase = factory.Sequence(lambda n: f"everyday word {n}")
    meaning = factory.Sequence(lambda n: f"catalog word {n}")


def own(client, response):
    """Make `client`'s session the owner of `response`, as "Start now" does for
    the person who starts it; returns the client: `own(client, r).get(url)`."""
    from applicants.models import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = str(response.pk)
    session.save()
    return client


EXAMPLE_PROFILES = (
    Path(__file__).resolve().parents[1] / "applicants/fixtures/example_profiles.json"
)


@functools.cache
def example_profiles():
    """The built-in example profiles as applicants migration 0004 loads them:
    [{name, description, answers, order}]. The persona and plan tests judge these
    people; editors see them in the impact preview."""
    return json.loads(EXAMPLE_PROFILES.read_text(encoding="utf-8"))


def example_answers():
    """{name: answers} of the built-in example profiles (a fresh copy)."""
    return {
        row["name"]: json.loads(json.dumps(row["answers"]))
        for row in example_profiles()
    }


class ExampleProfileFactory(DjangoModelFactory):
    class Meta:
        model = "applicants.ExampleProfile"

    name = factory.Sequence(lambda n: f"example person {n}")
    description = "Someone made up for a test."
    answers = factory.LazyFunction(lambda: {"education": "high_school_diploma"})
