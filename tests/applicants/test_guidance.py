"""The guidance page (applicants:results) and deleting a person's answers."""

import re
import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applicants.models import SESSION_KEY, Response
from catalog.models import Fee, Membership, Requirement, Source
from certportal.cache import answers_key, answers_pages_key, page_key
from tests.factories import (
    CareSettingFactory,
    CaveatFactory,
    CertificationFactory,
    CredentialingBodyFactory,
    DuesFactory,
    EligibilityPathwayFactory,
    FeeFactory,
    RecommendationFactory,
    RequirementFactory,
    SourceFactory,
    own,
)

pytestmark = pytest.mark.django_db

Kind = Requirement.Kind
APPRENTICE_REMOVAL = "apprentice_removal"

# A diploma, an 80-hour course, no experience, aiming at a physician office.
NEWCOMER = {
    "education": "high_school_diploma",
    "him_program": "none",
    "coding_training_hours": 80,
    "coding_experience_months": 0,
    "credentials": [],
    "goal_setting": "physician_office",
}


def pathway(certification, name, *requirements, purpose="eligibility"):
    path = EligibilityPathwayFactory(
        certification=certification, name=name, purpose=purpose
    )
    for kind, params in requirements:
        RequirementFactory(pathway=path, kind=kind, params=params)
    return path


@pytest.fixture
def catalog():
    """A small catalog: CPC (AAPC, apprentice CPC-A), CCS-P and CCA (AHIMA), RHIT,
    and CCS for hospitals (2 years of experience, or hold the CCA)."""
    office = CareSettingFactory(slug="physician_office", name="Physician office")
    inpatient = CareSettingFactory(slug="hospital_inpatient", name="Inpatient")
    dues_page = SourceFactory(key="P21", title="AAPC membership FAQ")
    aapc = CredentialingBodyFactory(
        acronym="AAPC",
        name="AAPC",
        membership_required_to_test=Membership.REQUIRED,
        renewal_rules="Membership dues are paid every year.",
    )
    DuesFactory(
        body=aapc,
        as_of="2026-01",
        source=dues_page,
    )
    DuesFactory(
        body=aapc,
        audience=Fee.Audience.STUDENT,
        amount=157,
        source=SourceFactory(key="X04", kind=Source.Kind.SECONDARY),
    )
    ahima = CredentialingBodyFactory(
        acronym="AHIMA",
        name="American Health Information Management Association",
        membership_required_to_test=Membership.NOT_REQUIRED,
        summary="Once approved, a candidate has 120 days to take the exam.",
    )

    cpc = CertificationFactory(
        code="CPC",
        name="Certified Professional Coder",
        body=aapc,
        apprentice_designation="CPC-A",
        exam_questions="100",
        exam_minutes=240,
        ceus_per_cycle=36,
        cycle_years=2,
    )
    cpc.care_settings.add(office)
    pathway(cpc, "AAPC membership", (Kind.MEMBERSHIP, {"body": "AAPC"}))
    pathway(
        cpc,
        "2 years of experience",
        (Kind.EXPERIENCE, {"months": 24}),
        purpose=APPRENTICE_REMOVAL,
    )
    pathway(
        cpc,
        "1 year and a course",
        (Kind.EXPERIENCE, {"months": 12}),
        (Kind.CODING_TRAINING, {"hours": 80}),
        purpose=APPRENTICE_REMOVAL,
    )
    FeeFactory(
        certification=cpc,
        amount=399,
        as_of="2026-02",
        source=SourceFactory(key="P24", title="AAPC CPC exam page"),
    )
    RecommendationFactory(certification=cpc, text="An associate's degree")

    ccsp = CertificationFactory(
        code="CCS-P", name="Certified Coding Specialist–Physician-based", body=ahima
    )
    ccsp.care_settings.add(office)
    pathway(
        ccsp, "Diploma", (Kind.MIN_EDUCATION, {"level": "high_school_or_equivalent"})
    )

    cca = CertificationFactory(
        code="CCA", name="Certified Coding Associate", body=ahima
    )
    pathway(
        cca, "Diploma", (Kind.MIN_EDUCATION, {"level": "high_school_or_equivalent"})
    )
    FeeFactory(certification=cca, amount=199)
    FeeFactory(certification=cca, audience=Fee.Audience.NON_MEMBER, amount=299)
    FeeFactory(certification=cca, kind=Fee.Kind.RENEWAL, amount=100)

    ccs = CertificationFactory(
        code="CCS", name="Certified Coding Specialist", body=ahima
    )
    ccs.care_settings.add(inpatient)
    pathway(ccs, "Experience", (Kind.EXPERIENCE, {"months": 24}))
    pathway(ccs, "The CCA", (Kind.CREDENTIAL_HELD, {"any_of": ["CCA"]}))
    CaveatFactory(
        certification=ccs,
        topic="eligibility",
        text="The CCS page does not say whether a GED counts.",
    )

    rhit = CertificationFactory(
        code="RHIT", name="Registered Health Information Technician", body=ahima
    )
    pathway(rhit, "HIM associate", (Kind.HIM_PROGRAM, {"any_of": ["associate"]}))
    return {"cpc": cpc, "cca": cca, "ccs": ccs, "aapc": aapc}


def finished(answers=None, **changes):
    return Response.objects.create(
        answers={**NEWCOMER, **(answers or {}), **changes},
        completed_at=timezone.now(),
    )


def results_url(response):
    return reverse("applicants:results", args=[response.pk])


def page(client, response):
    return own(client, response).get(results_url(response)).content.decode()


def section(html, section_id):
    """The HTML of one <section>, found by its heading's id."""
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def check_label(html, text):
    """The met / not met label printed before one requirement's words."""
    match = re.search(
        r'check-label">([^<]+)</span>\s*<span class="check-text">' + re.escape(text),
        html,
    )
    return match.group(1) if match else None


# Who may see what


def test_an_unknown_response_is_not_found(client, catalog):
    response = client.get(reverse("applicants:results", args=[uuid.uuid4()]))

    assert response.status_code == 404


def test_an_unfinished_response_resumes_the_questionnaire(client, catalog):
    unfinished = Response.objects.create(answers={"education": "ged"})

    response = own(client, unfinished).get(results_url(unfinished))

    assert response.status_code == 302
    assert response["Location"] == reverse("applicants:resume", args=[unfinished.pk])


def test_the_page_is_never_cached(client, catalog):
    person = finished()

    response = own(client, person).get(results_url(person))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# Verdicts


def test_certifications_are_grouped_goal_first_then_by_verdict(client, catalog):
    html = page(client, finished())

    headings = re.findall(r'<h3 id="group-([a-z_]+)"', html)

    assert headings == ["goal", "eligible", "within_reach", "not_yet"]


def test_the_goal_section_names_the_goal_and_holds_its_other_certifications(
    client, catalog
):
    html = page(client, finished())

    goal = section(html, "group-goal")
    assert "For your goal: a physician office or clinic" in goal
    assert "CCS-P — Certified Coding Specialist" in goal
    assert "CCA — Certified Coding Associate" not in goal
    # The CPC is the plan: said once, at the top, not again among the options.
    assert "CPC — Certified Professional Coder" not in goal
    assert "Sit the CPC exam" in section(html, "plan-title")


def test_each_certification_links_to_its_catalog_page_with_its_verified_date(
    client, catalog
):
    html = page(client, finished())

    card = section(html, "group-eligible")
    assert '<a href="/certifications/CCA/">CCA — Certified Coding Associate</a>' in card
    assert "Last verified 26 November 2026" in card


def test_a_met_requirement_is_labelled_met_in_words(client, catalog):
    html = page(client, finished())

    assert check_label(html, "Have a high school diploma or equivalent (GED)") == "Met"


def test_an_unmet_requirement_is_labelled_not_met_in_words(client, catalog):
    html = page(client, finished())

    assert check_label(html, "2 years of coding experience") == "Not met"


def test_a_within_reach_certification_gives_the_alternative_gaps_as_things_to_do(
    client, catalog
):
    html = page(client, finished(coding_experience_months=12))

    within = section(html, "group-within_reach")
    assert "Get 1 more year of verified coding experience or hold the CCA" in within


def test_a_within_reach_certification_shows_the_route_it_was_judged_by(client, catalog):
    html = page(client, finished(coding_experience_months=12))

    assert "Judged by the route “Experience”" in section(html, "group-within_reach")


def test_a_verdict_shows_its_caveats_with_whom_to_confirm(client, catalog):
    html = page(client, finished())

    within = section(html, "group-within_reach")
    assert "To confirm with AHIMA:</span> The CCS page does not say" in within


def test_joining_the_body_is_a_step_when_buying_not_a_barrier(client, catalog):
    plan = section(page(client, finished()), "plan-title")
    assert "Sit the CPC exam" in plan
    assert "AAPC sells its exams only to members: join when you buy the exam." in plan

    elsewhere = page(client, finished(goal_setting="hospital_inpatient"))
    assert check_label(elsewhere, "Be a member of AAPC") == "When you buy the exam"


def test_the_plan_gives_every_route_to_remove_the_apprentice_designation(
    client, catalog
):
    """The quicker route (1 year and a course) is not hidden behind the longer."""
    plan = section(page(client, finished()), "plan-title")

    assert (
        "until you show the experience AAPC asks for, you would hold the CPC-A" in plan
    )
    assert "you hold the CPC-A: remove the A by any one of these" in plan
    assert "<li>2 years of coding experience an employer can verify</li>" in plan
    assert (
        "<li>1 year of coding experience an employer can verify and complete a "
        "coding training course of at least 80 hours</li>" in plan
    )


def test_a_not_yet_certification_is_listed_with_its_gap_as_a_thing_to_do(
    client, catalog
):
    html = page(client, finished())

    not_yet = section(html, "group-not_yet")
    assert "RHIT — Registered Health Information Technician" in not_yet
    assert "Complete a CAHIIM-accredited associate HIM program" in not_yet
    assert "completed a CAHIIM" not in not_yet


def test_a_held_credential_is_listed_as_already_held(client, catalog):
    html = page(client, finished(credentials=["CCA"]))

    assert "CCA — Certified Coding Associate" in section(html, "group-already_held")


# The plan


def test_the_plan_for_a_physician_office_is_the_cpc(client, catalog):
    plan = section(page(client, finished()), "plan-title")

    assert "What to do first" in page(client, finished())
    assert "Sit the CPC exam" in plan
    assert "You want to work in “a physician office or clinic”" in plan


def test_the_plan_falls_back_when_the_first_choice_is_held(client, catalog):
    plan = section(page(client, finished(credentials=["CPC"])), "plan-title")

    assert "Sit the CCS-P exam" in plan


def test_the_steps_come_in_order_prepare_book_sit_afterwards(client, catalog):
    plan = section(page(client, finished()), "plan-title")

    steps = plan[plan.index('<ol class="steps">') :]
    titles = re.findall(r'<span class="fw-semibold">([^<]+)</span>', steps)
    assert titles == [
        "Prepare",
        "Join AAPC and book the exam",
        "Sit the exam",
        "Afterwards",
    ]


def test_a_credential_the_person_can_sit_now_that_opens_the_goal_comes_first(
    client, catalog
):
    """The CCS asks for 2 years of work or the CCA; the newcomer can sit the CCA."""
    plan = section(
        page(client, finished(goal_setting="hospital_inpatient")), "plan-title"
    )

    assert "Sit the CCA exam first, then the CCS" in plan
    assert "the CCA is the quicker way, and you can sit it now" in plan
    assert "Then the CCS (Certified Coding Specialist)" in plan


def test_a_within_reach_plan_starts_by_closing_the_gap(client, catalog):
    person = finished(education="none", goal_setting="hospital_inpatient")
    plan = section(page(client, person), "plan-title")

    assert (
        "Get 2 more years of verified coding experience or hold the CCA, then sit "
        "the CCS exam" in plan
    )
    assert plan.index("Meet the requirements") < plan.index("Prepare")


def test_the_plan_costs_show_published_amounts_with_their_sources(client, catalog):
    plan = section(page(client, finished()), "plan-title")

    costs = plan[plan.index("Where the costs come from") :]
    assert "$190" in costs
    assert "AAPC membership FAQ" in costs
    assert "$399" in costs
    assert "AAPC CPC exam page" in costs


def test_the_first_year_cost_adds_up_when_every_part_is_published(client, catalog):
    plan = section(page(client, finished()), "plan-title")

    first_year = plan[plan.index("<dt>First-year cost</dt>") :]
    assert first_year.index('<span class="fee-amount">$589</span>') < 200
    assert "AAPC membership, first year $190 + CPC exam, member price $399" in plan


def test_a_missing_fee_is_not_published_and_the_total_says_which(client, catalog):
    plan = section(page(client, finished(credentials=["CPC"])), "plan-title")

    first_year = plan[plan.index("<dt>First-year cost</dt>") :]
    assert first_year.index('<span class="not-published">Not published</span>') < 200
    assert "Not published: CCS-P exam, without joining AHIMA." in plan


def test_a_body_that_sells_to_non_members_shows_the_non_member_price(client, catalog):
    plan = section(
        page(client, finished(goal_setting="any", credentials=["CPC"])), "plan-title"
    )

    assert "Sit the CCA exam" in plan
    assert "CCA exam, without joining AHIMA" in plan
    assert "$299" in plan


def test_the_plan_says_how_long_from_the_bodys_own_words(client, catalog):
    plan = section(
        page(client, finished(goal_setting="any", credentials=["CPC"])), "plan-title"
    )

    assert "Once approved, a candidate has 120 days to take the exam." in plan


def test_the_plan_says_preparation_time_is_not_published_where_no_source_gives_it(
    client, catalog
):
    plan = section(page(client, finished()), "plan-title")

    assert "Preparation:</span> Not published: AAPC doesn&#x27;t say" in plan


def test_the_plan_lists_the_renewal_duties(client, catalog):
    plan = section(page(client, finished()), "plan-title")

    afterwards = plan[plan.index("Afterwards") :]
    assert "Keep it with 36 CEUs every 2 years, and AAPC membership every year." in (
        afterwards
    )


def test_the_plan_shows_its_sources_with_their_dates(client, catalog):
    plan = section(page(client, finished()), "plan-title")

    sources = plan[plan.index("Sources for this plan") :]
    assert "AAPC CPC exam page" in sources
    assert "date on the page: January 2026" in sources


# Answers, sharing, printing


def test_the_answers_are_summarised_in_words_with_a_change_link(client, catalog):
    person = finished(coding_training_hours=80, credentials=["CPC-A"])

    answers = section(page(client, person), "answers")

    assert "<dd>High school diploma</dd>" in answers
    assert "<dd>80 hours</dd>" in answers
    assert "<dd>CPC-A</dd>" in answers
    assert reverse("applicants:check_answers", args=[person.pk]) in answers


def test_the_answers_read_as_on_check_your_answers(client, catalog):
    """One hour in the singular, and the high-school answer is not left out."""
    person = finished(
        {"education": "none", "high_school_senior": True},
        him_program=None,
        coding_training_hours=1,
        coding_experience_months=1,
    )
    del person.answers["him_program"]
    person.save()

    answers = section(page(client, person), "answers")

    assert "<dt>High school or GED within 12 months</dt><dd>Yes</dd>" in answers
    assert "<dd>1 hour</dd>" in answers
    assert "<dd>1 month</dd>" in answers
    assert "Health information management program" not in answers


def test_the_page_links_to_deleting_the_answers(client, catalog):
    person = finished()

    html = page(client, person)

    assert reverse("applicants:delete", args=[person.pk]) in html


def test_the_page_gives_the_private_link_and_says_not_to_share_it(client, catalog):
    person = finished()

    share = section(page(client, person), "share")

    assert f"http://testserver{person.get_private_url()}" in share
    assert "anyone who has it can change or delete your answers" in share


def test_the_page_links_to_making_a_link_to_share(client, catalog):
    person = finished()

    share = section(page(client, person), "share")

    assert reverse("applicants:share", args=[person.pk]) in share


def test_the_stylesheet_has_a_print_section_that_hides_buttons():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css")).read()  # noqa: SIM115

    print_rules = css[css.index("@media print") :]
    assert ".btn" in print_rules


# Query counts


def add_certifications(count):
    body = CredentialingBodyFactory()
    for _ in range(count):
        cert = CertificationFactory(body=body)
        pathway(cert, "Diploma", (Kind.EXPERIENCE, {"months": 12}))
        FeeFactory(certification=cert)
        CaveatFactory(certification=cert, topic="eligibility")


def test_the_page_needs_a_bounded_number_of_queries(
    client, catalog, settings, django_assert_max_num_queries
):
    settings.CATALOG_PAGE_CACHE_SECONDS = 0  # the rendering, not the page cache
    person = finished()

    own(client, person)
    with django_assert_max_num_queries(40):  # loads and stores the catalog's rules
        client.get(results_url(person))
    with django_assert_max_num_queries(25):  # the rules come from the cache
        client.get(results_url(person))


def test_the_query_count_does_not_grow_with_the_catalog(client, catalog, settings):
    settings.CATALOG_PAGE_CACHE_SECONDS = 0  # the rendering, not the page cache
    person = finished()
    own(client, person).get(results_url(person))  # the session exists from here on

    with CaptureQueriesContext(connection) as small:
        own(client, person).get(results_url(person))
    add_certifications(12)
    with CaptureQueriesContext(connection) as large:
        own(client, person).get(results_url(person))

    assert len(large) == len(small)


@pytest.mark.django_db(transaction=True)  # the answers' version is set on commit
def test_a_second_visit_comes_from_the_cache_without_judging_again(
    client, catalog, django_assert_max_num_queries
):
    person = finished()
    first = own(client, person).get(results_url(person))

    with django_assert_max_num_queries(2):  # the session, then one cache read
        second = client.get(results_url(person))

    assert first["X-Catalog-Cache"] == "miss"
    assert second["X-Catalog-Cache"] == "hit"
    assert second.content == first.content
    assert "no-cache" in second["Cache-Control"]


def cached(client, response):
    """Visit until the guidance page comes from the cache."""
    for _ in range(3):
        if own(client, response).get(results_url(response))["X-Catalog-Cache"] == "hit":
            return
    raise AssertionError("the guidance page never came from the cache")


@pytest.mark.django_db(transaction=True)  # the answers' version is set on commit
def test_changed_answers_are_judged_afresh(client, catalog):
    person = finished(education="high_school_diploma")
    cached(client, person)
    check = reverse("applicants:check_answers", args=[person.pk])
    change = reverse("applicants:step", args=[person.pk, "education"])
    client.post(change + "?change=1", {"education": "associate"})
    client.post(check)

    page = own(client, person).get(results_url(person))

    assert page["X-Catalog-Cache"] == "miss"
    assert "Associate degree" in page.text


@pytest.mark.django_db(transaction=True)  # the catalog changes on commit
def test_a_catalog_change_is_judged_afresh(client, catalog):
    person = finished()
    cached(client, person)
    add_certifications(1)

    page = own(client, person).get(results_url(person))

    assert page["X-Catalog-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_a_deleted_response_is_never_served_from_the_cache(client, catalog):
    person = finished()
    cached(client, person)

    own(client, person).post(reverse("applicants:delete", args=[person.pk]))

    # A session that still holds it (no "deleted" message waiting, which skips
    # the cache).
    assert own(Client(), person).get(results_url(person)).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_someone_else_with_the_link_is_not_served_the_cached_page(client, catalog):
    person = finished()
    cached(client, person)
    other = Client()

    page = other.get(results_url(person))

    assert page.status_code == 404
    assert SESSION_KEY not in other.session


@pytest.mark.django_db(transaction=True)
def test_a_lost_answers_version_costs_renders_not_stale_pages(client, catalog):
    person = finished()
    cached(client, person)
    caches[settings.CATALOG_PAGE_CACHE].delete(answers_key(person.pk))

    assert own(client, person).get(results_url(person))["X-Catalog-Cache"] == "miss"
    cached(client, person)


@pytest.mark.django_db(transaction=True)
def test_answers_changed_in_bulk_are_judged_afresh(client, catalog):
    """A queryset update gives the answers a new version, as a save does."""
    person = finished(education="high_school_diploma")
    cached(client, person)

    Response.objects.filter(pk=person.pk).update(
        answers={**NEWCOMER, "education": "associate"}
    )

    page = own(client, person).get(results_url(person))
    assert page["X-Catalog-Cache"] == "miss"
    assert "Associate degree" in page.text


@pytest.mark.django_db(transaction=True)
def test_answers_deleted_in_bulk_are_never_served_from_the_cache(client, catalog):
    person = finished()
    cached(client, person)

    Response.objects.filter(pk=person.pk).delete()

    assert own(Client(), person).get(results_url(person)).status_code == 404


def page_cache():
    return caches[settings.CATALOG_PAGE_CACHE]


def cached_keys(client, response, urls):
    """Visit each URL until it comes from the cache; the keys they are kept under."""
    keys = []
    for url in urls:
        for _ in range(3):
            if own(client, response).get(url)["X-Catalog-Cache"] == "hit":
                break
        else:
            raise AssertionError(f"{url} never came from the cache")
        kind = "shared" if "/shared/" in url else "guidance"
        keys.append(page_key(kind, response.pk, f"http://testserver{url}"))
    return keys


@pytest.mark.django_db(transaction=True)
def test_deleting_the_answers_deletes_every_cached_page_of_them(client, catalog):
    person = finished()
    person.share()
    url = results_url(person)
    keys = cached_keys(
        client,
        person,
        [url, f"{url}?group=goal", f"{url}?utm_source=mail", person.get_shared_url()],
    )
    assert all(page_cache().get(key) for key in keys)

    own(client, person).post(reverse("applicants:delete", args=[person.pk]))

    assert [page_cache().get(key) for key in keys] == [None] * len(keys)
    assert page_cache().get(answers_pages_key(person.pk)) is None


@pytest.mark.django_db(transaction=True)
def test_deleting_in_bulk_deletes_every_cached_page_too(client, catalog):
    person = finished()
    keys = cached_keys(client, person, [results_url(person)])

    Response.objects.filter(pk=person.pk).delete()

    assert page_cache().get(keys[0]) is None


@pytest.mark.django_db(transaction=True)
def test_no_more_pages_of_one_response_are_kept_than_can_be_deleted(
    client, catalog, monkeypatch
):
    monkeypatch.setattr("certportal.cache.ANSWERS_PAGES_MAX", 1)
    person = finished()
    url = results_url(person)
    cached_keys(client, person, [url])

    page = own(client, person).get(f"{url}?utm_source=mail")

    assert page["X-Catalog-Cache"] == "miss"
    key = page_key("guidance", person.pk, f"http://testserver{url}?utm_source=mail")
    assert page_cache().get(key) is None


# A large catalog: each group shows its first 30, the rest on the group's own pages.


def count_cards(html):
    """Certifications shown, one row each."""
    return html.count('<li class="option option-')


def test_a_long_group_shows_its_first_thirty_and_links_to_the_rest(client, catalog):
    add_certifications(35)  # each one year of experience away for the newcomer
    person = finished()

    html = page(client, person)

    link = re.search(r'<a href="\?group=(\w+)">See all (\d+) certifications', html)
    assert link, "no link to the rest of the group"
    group, total = link.groups()
    assert int(total) >= 35
    assert count_cards(section(html, f"group-{group}")) == 30


def test_a_group_page_lists_every_certification_of_the_group(client, catalog):
    add_certifications(35)
    person = finished()
    html = page(client, person)
    group, total = re.search(
        r'<a href="\?group=(\w+)">See all (\d+) certifications', html
    ).groups()

    full = own(client, person).get(results_url(person), {"group": group})

    assert full.status_code == 200
    assert count_cards(full.text) == int(total)
    assert "Back to your guidance" in full.text
    assert f'href="{results_url(person)}"' in full.text


def test_a_group_page_is_paged_fifty_at_a_time(client, catalog):
    add_certifications(60)
    person = finished()
    group = re.search(r'\?group=(\w+)"', page(client, person)).group(1)

    second = own(client, person).get(results_url(person), {"group": group, "page": 2})

    assert second.status_code == 200
    assert "page 2 of 2" in second.text
    assert "(page 2)" in second.text  # in the title


def test_an_unknown_group_is_not_found(client, catalog):
    person = finished()

    assert (
        own(client, person).get(results_url(person), {"group": "nope"}).status_code
        == 404
    )


def test_a_short_group_has_no_see_all_link(client, catalog):
    assert "See all" not in page(client, finished())


# Delete


def delete_url(response):
    return reverse("applicants:delete", args=[response.pk])


def test_delete_asks_for_confirmation_first(client, catalog):
    person = finished()
    response = own(client, person).get(delete_url(person))

    html = response.content.decode()
    assert "<h1>Delete your answers?</h1>" in html
    assert 'class="btn btn-danger">Delete my answers</button>' in html


def test_delete_confirmation_cancels_back_to_the_results(client, catalog):
    person = finished()

    html = own(client, person).get(delete_url(person)).content.decode()

    assert f'href="{results_url(person)}">Cancel</a>' in html


def test_delete_confirmation_is_never_cached(client, catalog):
    person = finished()
    response = own(client, person).get(delete_url(person))

    assert "no-store" in response["Cache-Control"]


def test_viewing_the_confirmation_deletes_nothing(client, catalog):
    person = finished()

    assert own(client, person).get(delete_url(person)).status_code == 200

    assert Response.objects.filter(pk=person.pk).exists()


def test_delete_removes_the_row(client, catalog):
    person = finished()

    own(client, person).post(delete_url(person))

    assert not Response.objects.filter(pk=person.pk).exists()


def test_delete_goes_home_and_says_the_answers_are_gone(client, catalog):
    person = finished()
    response = own(client, person).post(delete_url(person), follow=True)

    assert response.redirect_chain == [(reverse("catalog:home"), 302)]
    assert "Your answers have been deleted." in response.content.decode()


def test_delete_forgets_the_response_in_the_session(client, catalog):
    person = finished()
    own(client, person).get(results_url(person))

    client.post(delete_url(person))

    assert "eligibility_response" not in client.session


@pytest.mark.parametrize("name", ["results", "resume", "delete"])
def test_after_deleting_the_old_addresses_are_not_found(client, catalog, name):
    person = finished()
    own(client, person).post(delete_url(person))

    # Even a session that still held it finds nothing.
    response = own(client, person).get(reverse(f"applicants:{name}", args=[person.pk]))

    assert response.status_code == 404


def test_delete_of_an_unknown_response_is_not_found(client, catalog):
    response = client.post(reverse("applicants:delete", args=[uuid.uuid4()]))

    assert response.status_code == 404


def test_the_plan_quotes_the_bodys_exam_window_but_not_its_refund_rules(
    client, catalog
):
    ahima = catalog["cca"].body
    ahima.summary = (
        "Once approved, a candidate has 120 days to take the exam. Cancelling is "
        "free up to 15 days before the exam; refunds carry a $75 fee."
    )
    ahima.save()

    plan = section(
        page(client, finished(goal_setting="any", credentials=["CPC"])), "plan-title"
    )

    assert "120 days to take the exam" in plan
    assert "Cancelling is free" not in plan
