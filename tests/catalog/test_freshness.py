"""The freshness report (catalog/freshness.py): its content, its admin page with
the "Mark verified today" button, and `manage.py freshness_report`."""

import datetime
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command, load_command_class
from django.core.management import base as management_base
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog import freshness
from catalog.models import Certification, Fee, Source
from tests.factories import (
    CertificationFactory,
    CertificationSourceFactory,
    CredentialingBodyFactory,
    EligibilityPathwayFactory,
    FeeFactory,
    RequirementFactory,
    SourceFactory,
)

REPORT_URL = reverse("admin:catalog_freshness")
VERIFY_URL = reverse("admin:catalog_freshness_verify")


@pytest.mark.parametrize(
    ["months", "text"],
    [
        (0, "less than a month"),
        (1, "1 month"),
        (12, "1 year"),
        (27, "2 years 3 months"),
        (None, "undated — can't be aged"),
    ],
)
def test_age_is_told_in_words(months, text):
    assert freshness.age_text(months) == text


@pytest.mark.parametrize(
    ["earlier", "later", "months"],
    [
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), 0),
        (datetime.date(2026, 1, 31), datetime.date(2026, 3, 1), 1),
        (datetime.date(2024, 12, 31), datetime.date(2026, 12, 7), 23),
        (datetime.date(2026, 12, 8), datetime.date(2026, 12, 7), 0),
    ],
)
def test_months_between_counts_whole_months(earlier, later, months):
    assert freshness.months_between(earlier, later) == months


def test_months_before_falls_back_to_the_last_day_of_a_short_month():
    assert freshness.months_before(datetime.date(2026, 3, 31), 1) == datetime.date(
        2026, 2, 28
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def fresh_catalog(db, today):
    """One body, checked today, and certifications each showing one case: an old
    official fee, a fresh one, a fee resting on a secondary page only, an undated
    source, a certification not checked in over a year, and a draft."""
    body = CredentialingBodyFactory(acronym="BODYX", last_verified=today)
    old = SourceFactory(key="OLD", as_of=str(today.year - 5))
    new = SourceFactory(key="NEW", as_of=f"{today:%Y-%m}")
    blog = SourceFactory(key="BLOG", as_of=f"{today:%Y-%m}", kind=Source.Kind.SECONDARY)
    undated = SourceFactory(key="UND", as_of="undated")

    def certification(code, **fields):
        fields.setdefault("last_verified", today)
        return CertificationFactory(body=body, code=code, **fields)

    FeeFactory(certification=certification("OLD1"), amount=199, source=old)
    FeeFactory(certification=certification("NEW1"), amount=299, source=new)
    FeeFactory(certification=certification("SEC1"), amount=99, source=blog)
    FeeFactory(certification=certification("UND1"), amount=150, source=undated)
    certification(
        "LATE1",
        last_verified=today - datetime.timedelta(days=400),
        official_url="https://example.org/late1",
    )
    FeeFactory(
        certification=certification("DRAFT1", published=False),
        amount=5,
        source=old,
    )


def report(**limits):
    return freshness.build_report(**{"max_age_months": 24, **limits})


def whats(facts):
    return [fact.what for fact in facts]


def test_a_fee_is_told_in_plain_words(fresh_catalog):
    assert "OLD1 exam fee (member): $199" in whats(report().dated)


def test_dated_facts_are_listed_oldest_first(fresh_catalog):
    assert whats(report().dated) == [
        "OLD1 exam fee (member): $199",
        "NEW1 exam fee (member): $299",
        "SEC1 exam fee (member): $99",
    ]


def test_a_fact_carries_its_source_its_age_and_its_admin_page(fresh_catalog):
    fact = report().dated[0]
    fee = Fee.objects.get(certification__code="OLD1")
    assert (fact.source.key, fact.owner, fact.topic) == ("OLD", "OLD1", "Costs")
    assert fact.age_months >= 48
    assert fact.admin_url == reverse("admin:catalog_fee_change", args=[fee.pk])
    assert fact.verify == f"fee:{fee.pk}"


def test_undated_facts_are_listed_apart(fresh_catalog):
    assert whats(report().undated) == ["UND1 exam fee (member): $150"]


def test_a_fact_older_than_the_limit_is_stale(fresh_catalog):
    assert whats(report().stale) == ["OLD1 exam fee (member): $199"]


def test_a_higher_limit_leaves_the_old_fact_fresh(fresh_catalog):
    assert report(max_age_months=120).stale == []


def test_a_stale_fact_verified_within_the_window_is_no_longer_stale(
    fresh_catalog, today
):
    Fee.objects.filter(certification__code="OLD1").update(verified_on=today)
    assert report().stale == []


def test_a_topic_resting_only_on_secondary_sources_is_listed(fresh_catalog):
    rows = report().secondary_only
    assert [(row.what, [s.key for s in row.sources]) for row in rows] == [
        ("SEC1 costs", ["BLOG"])
    ]


def test_an_official_source_beside_a_secondary_one_is_enough(fresh_catalog):
    certification = Certification.objects.get(code="SEC1")
    CertificationSourceFactory(
        certification=certification,
        source=Source.objects.get(key="NEW"),
        topic="fees",
    )
    assert report().secondary_only == []


def test_a_certification_not_checked_in_12_months_is_listed_with_its_page(
    fresh_catalog,
):
    rows = report().unchecked
    assert [(row.label.split()[0], row.url) for row in rows] == [
        ("LATE1", "https://example.org/late1")
    ]
    assert rows[0].verify.startswith("certification:")


def test_drafts_are_left_out(fresh_catalog):
    built = report()
    everything = whats(built.dated) + whats(built.undated)
    assert not any(what.startswith("DRAFT1") for what in everything)


def test_stale_count_adds_stale_facts_and_unchecked_pages(fresh_catalog):
    assert report().stale_count == 2


def make_catalog(size):
    body = CredentialingBodyFactory()
    for _ in range(size):
        certification = CertificationFactory(body=body)
        CertificationSourceFactory(certification=certification)
        pathway = EligibilityPathwayFactory(certification=certification)
        RequirementFactory(pathway=pathway, source=pathway.source)
        FeeFactory(certification=certification)


@pytest.mark.parametrize("size", [2, 12])
def test_the_report_takes_the_same_few_queries_whatever_the_catalog_size(
    db, size, django_assert_max_num_queries
):
    make_catalog(size)
    with django_assert_max_num_queries(10):
        built = report()
    assert len(built.dated) == size * 4  # link, pathway, requirement, fee


# The real catalog


@pytest.fixture
def seeded(db):
    from catalog.seed import load_catalog

    load_catalog()


def test_seeded_report_names_the_cca_member_exam_fee(seeded):
    assert "CCA exam fee (member): $199" in whats(report().dated)


def test_seeded_report_lists_undated_dues_apart(seeded):
    built = report()
    assert "AAPC membership dues (member): $190" in whats(built.undated)
    assert all(fact.age_months is not None for fact in built.dated)


def test_seeded_report_takes_few_queries(seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        report()


# The command, for a scheduler: a CommandError ends `manage.py` with its returncode.


def test_command_exits_1_listing_what_is_stale(fresh_catalog, capsys):
    with pytest.raises(CommandError) as error:
        call_command("freshness_report", "--max-age-months", "24")
    assert error.value.returncode == 1
    assert "OLD1 exam fee (member): $199 — OLD (official)" in capsys.readouterr().out


def test_the_process_exits_1_when_anything_is_stale(fresh_catalog, capsys, monkeypatch):
    """What a scheduler sees: manage.py's exit status. (`run_from_argv` closes
    every database connection as it ends; the test's own must stay open.)"""
    monkeypatch.setattr(management_base.connections, "close_all", lambda: None)
    command = load_command_class("catalog", "freshness_report")
    with pytest.raises(SystemExit) as exit:
        command.run_from_argv(["manage.py", "freshness_report"])
    assert exit.value.code == 1
    assert "CommandError: 1 stale fact and 1 official page not checked." in (
        capsys.readouterr().err
    )


def test_command_exits_1_for_an_official_page_not_checked(fresh_catalog):
    with pytest.raises(
        CommandError, match="0 stale facts and 1 official page not checked"
    ):
        call_command("freshness_report", "--max-age-months", "1200")


def test_command_exits_0_when_nothing_is_older_than_the_limits(fresh_catalog, capsys):
    call_command(
        "freshness_report",
        "--max-age-months",
        "1200",
        "--verified-within-months",
        "1200",
    )
    assert "Nothing is older than the limits." in capsys.readouterr().out


def test_command_takes_its_default_limit_from_the_setting(fresh_catalog, settings):
    settings.CATALOG_MAX_SOURCE_AGE_MONTHS = 1200
    call_command("freshness_report", "--verified-within-months", "1200")


def test_command_writes_json(fresh_catalog, capsys):
    with pytest.raises(CommandError):
        call_command("freshness_report", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["stale_count"] == 2
    assert data["facts"][0]["what"] == "OLD1 exam fee (member): $199"


# The admin page


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor, log_in_with_code):
    return log_in_with_code(client, editor)


def test_editor_sees_the_report(fresh_catalog, editor_client):
    response = editor_client.get(REPORT_URL)
    assert response.status_code == 200
    assert "OLD1 exam fee (member): $199" in response.text


def test_report_page_shows_the_official_page_to_check(fresh_catalog, editor_client):
    response = editor_client.get(REPORT_URL, {"section": "unchecked"})
    assert 'href="https://example.org/late1"' in response.text


def test_a_section_filter_shows_that_section_alone(fresh_catalog, editor_client):
    response = editor_client.get(REPORT_URL, {"section": "secondary"})
    assert "SEC1 costs" in response.text
    assert "ages-heading" not in response.text


def test_the_months_filter_sets_the_limit(fresh_catalog, editor_client):
    response = editor_client.get(REPORT_URL, {"months": "120"})
    assert response.context["report"].stale == []


def test_a_months_filter_that_is_not_a_number_falls_back_to_12(
    fresh_catalog, editor_client
):
    response = editor_client.get(REPORT_URL, {"months": "soon"})
    assert response.context["months"] == 12


def test_staff_without_the_editor_permission_is_refused(
    fresh_catalog, client, django_user_model, log_in_with_code
):
    user = django_user_model.objects.create_user("staff", is_staff=True)
    response = log_in_with_code(client, user).get(REPORT_URL)
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(fresh_catalog, client):
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_index_links_to_the_report_with_the_stale_count(
    fresh_catalog, editor_client
):
    response = editor_client.get(reverse("admin:index"))
    assert f'href="{REPORT_URL}"' in response.text
    assert "<strong>2 stale</strong>" in response.text


def test_the_index_count_is_kept_until_the_catalog_changes(
    fresh_catalog, editor_client, django_capture_on_commit_callbacks
):
    assert "<strong>2 stale</strong>" in editor_client.get(reverse("admin:index")).text
    # Kept while the catalog's version stands: this row's new date, whose new
    # version waits for a commit the test never makes, is not counted yet...
    Certification.objects.filter(code="LATE1").update(
        last_verified=timezone.localdate()
    )
    assert "<strong>2 stale</strong>" in editor_client.get(reverse("admin:index")).text

    # ...an editor's "Mark verified", committed with its new version, is.
    late = Certification.objects.get(code="LATE1")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(VERIFY_URL, {"target": f"certification:{late.pk}"})
    assert "<strong>1 stale</strong>" in editor_client.get(reverse("admin:index")).text


def test_mark_verified_stamps_today_on_a_certification(
    fresh_catalog, editor_client, editor, today
):
    late = Certification.objects.get(code="LATE1")
    response = editor_client.post(
        VERIFY_URL, {"target": f"certification:{late.pk}", "next": REPORT_URL}
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.last_verified == today


def test_mark_verified_is_recorded_in_the_history(fresh_catalog, editor_client, editor):
    late = Certification.objects.get(code="LATE1")
    editor_client.post(VERIFY_URL, {"target": f"certification:{late.pk}"})
    entry = LogEntry.objects.get(object_id=str(late.pk))
    assert (entry.user, entry.change_message) == (
        editor,
        f"Marked verified on {timezone.localdate():%Y-%m-%d}.",
    )


def test_mark_verified_stamps_a_fees_verified_on(fresh_catalog, editor_client, today):
    fee = Fee.objects.get(certification__code="OLD1")
    editor_client.post(VERIFY_URL, {"target": f"fee:{fee.pk}"})
    fee.refresh_from_db()
    assert fee.verified_on == today


def test_mark_verified_returns_to_the_report_with_its_filters(
    fresh_catalog, editor_client
):
    fee = Fee.objects.get(certification__code="OLD1")
    back = f"{REPORT_URL}?months=6"
    response = editor_client.post(VERIFY_URL, {"target": f"fee:{fee.pk}", "next": back})
    assert response["Location"] == back


def test_mark_verified_refuses_a_return_address_elsewhere(fresh_catalog, editor_client):
    fee = Fee.objects.get(certification__code="OLD1")
    response = editor_client.post(
        VERIFY_URL, {"target": f"fee:{fee.pk}", "next": "https://evil.example/"}
    )
    assert response["Location"] == REPORT_URL


def test_mark_verified_needs_a_post(fresh_catalog, editor_client):
    assert editor_client.get(VERIFY_URL).status_code == 405


def test_mark_verified_needs_the_csrf_token(fresh_catalog, editor, log_in_with_code):
    client = log_in_with_code(Client(enforce_csrf_checks=True), editor)
    fee = Fee.objects.get(certification__code="OLD1")
    assert client.post(VERIFY_URL, {"target": f"fee:{fee.pk}"}).status_code == 403


def test_mark_verified_needs_the_change_permission(
    fresh_catalog, client, django_user_model, log_in_with_code
):
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(
        *Group.objects.get(name="Editors").permissions.filter(
            codename__startswith="view_"
        )
    )
    fee = Fee.objects.get(certification__code="OLD1")
    response = log_in_with_code(client, user).post(
        VERIFY_URL, {"target": f"fee:{fee.pk}"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("target", ["fee:999999", "user:1", "fee:x", ""])
def test_mark_verified_answers_404_for_an_unknown_row(
    fresh_catalog, editor_client, target
):
    assert editor_client.post(VERIFY_URL, {"target": target}).status_code == 404


def test_the_report_offers_no_button_without_the_change_permission(
    fresh_catalog, client, django_user_model, log_in_with_code
):
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(
        *Group.objects.get(name="Editors").permissions.filter(
            codename__startswith="view_"
        )
    )
    response = log_in_with_code(client, user).get(REPORT_URL)
    assert response.status_code == 200
    assert "Mark verified today" not in response.text


def test_a_section_linked_to_two_secondary_sources_is_one_fact(fresh_catalog):
    certification = Certification.objects.get(code="SEC1")
    for key in ["BLOG", "BLOG2"]:
        CertificationSourceFactory(
            certification=certification,
            source=SourceFactory(key=key, kind=Source.Kind.SECONDARY),
            topic="fees",
        )
    [row] = report().secondary_only
    assert whats(row.facts) == ["SEC1 costs section", "SEC1 exam fee (member): $99"]
    assert [source.key for source in row.sources] == ["BLOG", "BLOG2"]


def test_the_months_field_shows_the_default_limit(fresh_catalog, editor_client):
    response = editor_client.get(REPORT_URL)
    assert 'name="months" value="12"' in response.text


def test_a_certifications_exam_facts_are_a_fact_of_their_own(fresh_catalog):
    Certification.objects.filter(code="NEW1").update(
        exam_source=Source.objects.get(key="OLD")
    )
    assert "NEW1 exam facts (100 questions, 4 hours)" in whats(report().stale)


def test_mark_verified_stamps_the_exam_facts_date(fresh_catalog, editor_client, today):
    certification = Certification.objects.get(code="NEW1")
    editor_client.post(VERIFY_URL, {"target": f"exam:{certification.pk}"})
    certification.refresh_from_db()
    assert certification.exam_verified_on == today
    assert LogEntry.objects.get(object_id=str(certification.pk)).change_message == (
        f"Marked the exam facts verified on {today:%Y-%m-%d}."
    )
