"""The questionnaire pages: start, steps, resume, check your answers."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Response
from tests.factories import CertificationFactory, own

pytestmark = pytest.mark.django_db

ALL_ANSWERS = {
    "education": "associate",
    "him_program": "associate",
    "coding_training_hours": 80,
    "coding_experience_months": 18,
    "credentials": ["CPC-A"],
    "goal_setting": "payer",
}


@pytest.fixture(autouse=True)
def cpc():
    return CertificationFactory(code="CPC", apprentice_designation="CPC-A")


def make_response(**answers):
    return Response.objects.create(answers=answers)


def step_url(response, slug):
    return reverse("applicants:step", args=[response.pk, slug])


def check_url(response):
    return reverse("applicants:check_answers", args=[response.pk])


# Start


def test_start_page_says_no_name_or_email_is_collected(client):
    page = client.get(reverse("applicants:start"))
    assert page.status_code == 200
    assert "We don't ask for your name, e-mail address" in page.text


def test_start_page_get_creates_no_response(client):
    client.get(reverse("applicants:start"))
    assert not Response.objects.exists()


def test_start_now_creates_a_response_and_redirects_to_education(client):
    page = client.post(reverse("applicants:start"))
    response = Response.objects.get()
    assert page.status_code in {302, 303}
    assert page["Location"] == step_url(response, "education")


def test_start_now_remembers_the_response_in_the_session(client):
    client.post(reverse("applicants:start"))
    assert client.session["eligibility_response"] == str(Response.objects.get().pk)


def test_start_page_offers_to_continue_saved_answers(client):
    client.post(reverse("applicants:start"))
    page = client.get(reverse("applicants:start"))
    assert "continue with your saved answers" in page.text


# Each step saves and redirects (Post/Redirect/Get)


@pytest.mark.parametrize(
    ("answers", "slug", "data", "saved", "next_slug"),
    [
        ({}, "education", {"education": "ged"}, {"education": "ged"}, "him-program"),
        ({}, "education", {"education": "none"}, {"education": "none"}, "high-school"),
        (
            {"education": "none"},
            "high-school",
            {"high_school_senior": "yes"},
            {"high_school_senior": True},
            "training",
        ),
        (
            {"education": "ged"},
            "him-program",
            {"him_program": "none"},
            {"him_program": "none"},
            "training",
        ),
        (
            {"education": "ged", "him_program": "none"},
            "training",
            {"coding_training_hours": "80"},
            {"coding_training_hours": 80},
            "experience",
        ),
        (
            {"education": "ged", "him_program": "none", "coding_training_hours": 80},
            "experience",
            {"coding_experience_months": "18"},
            {"coding_experience_months": 18},
            "credentials",
        ),
        (
            {
                "education": "ged",
                "him_program": "none",
                "coding_training_hours": 80,
                "coding_experience_months": 18,
            },
            "credentials",
            {"credentials": ["none"]},
            {"credentials": []},
            "goal",
        ),
    ],
)
def test_step_saves_its_answer_and_redirects_to_the_next_step(
    client, answers, slug, data, saved, next_slug
):
    response = make_response(**answers)
    page = own(client, response).post(step_url(response, slug), data)
    response.refresh_from_db()
    assert page.status_code == 302
    assert page["Location"] == step_url(response, next_slug)
    assert response.answers == {**answers, **saved}


def test_last_step_redirects_to_check_answers(client):
    answers = {k: v for k, v in ALL_ANSWERS.items() if k != "goal_setting"}
    response = make_response(**answers)
    page = own(client, response).post(
        step_url(response, "goal"), {"goal_setting": "any"}
    )
    assert page["Location"] == check_url(response)


def test_step_shows_the_saved_answer_after_saving(client):
    response = make_response()
    own(client, response).post(
        step_url(response, "education"), {"education": "bachelor"}
    )
    page = own(client, response).get(step_url(response, "education"))
    assert 'value="bachelor" id="id_education_4" checked' in page.text


def test_number_step_shows_the_saved_number(client):
    response = make_response(**ALL_ANSWERS)
    page = own(client, response).get(step_url(response, "experience"))
    assert 'value="18"' in page.text


def test_invalid_answer_saves_nothing(client):
    response = make_response(education="ged", him_program="none")
    own(client, response).post(
        step_url(response, "training"), {"coding_training_hours": "ten"}
    )
    response.refresh_from_db()
    assert "coding_training_hours" not in response.answers


# Page structure


def test_step_question_is_the_h1_inside_the_legend(client):
    response = make_response()
    page = own(client, response).get(step_url(response, "education"))
    assert (
        '<legend class="mb-3"><h1 class="mb-0">What is the highest level of '
        "education you have completed?</h1></legend>"
    ) in page.text


def test_number_question_is_the_h1_wrapping_its_label(client):
    response = make_response(education="ged", him_program="none")
    page = own(client, response).get(step_url(response, "training"))
    assert (
        '<h1><label for="id_coding_training_hours">How many hours of coding '
        "training have you completed?</label></h1>"
    ) in page.text


def test_step_title_is_the_question(client):
    response = make_response()
    page = own(client, response).get(step_url(response, "education"))
    assert (
        "<title>What is the highest level of education you have completed? · "
        "certportal</title>"
    ) in page.text


@pytest.mark.parametrize(
    ("answers", "slug", "progress"),
    [
        ({}, "education", "Question 1 of 6"),
        ({"education": "none"}, "high-school", "Question 2 of 6"),
        ({"education": "ged", "him_program": "none"}, "training", "Question 3 of 6"),
    ],
)
def test_step_shows_progress_counting_applicable_steps(client, answers, slug, progress):
    response = make_response(**answers)
    page = own(client, response).get(step_url(response, slug))
    assert progress in page.text


def test_first_step_back_link_goes_to_the_start_page(client):
    response = make_response()
    page = own(client, response).get(step_url(response, "education"))
    assert f'class="back-link" href="{reverse("applicants:start")}"' in page.text


def test_back_link_skips_steps_that_do_not_apply(client):
    response = make_response(education="none", high_school_senior=False)
    page = own(client, response).get(step_url(response, "training"))
    assert f'class="back-link" href="{step_url(response, "high-school")}"' in page.text


def test_step_has_a_continue_button(client):
    response = make_response()
    page = own(client, response).get(step_url(response, "education"))
    assert (
        '<button type="submit" class="btn btn-primary">Continue</button>' in page.text
    )


def test_step_form_has_no_required_attribute(client):
    response = make_response(education="ged", him_program="none")
    page = own(client, response).get(step_url(response, "training"))
    assert " required" not in page.text


def test_credentials_step_offers_none_of_these(client):
    response = make_response(
        education="ged",
        him_program="none",
        coding_training_hours=0,
        coding_experience_months=0,
    )
    page = own(client, response).get(step_url(response, "credentials"))
    assert ">None of these</label>" in page.text


# Errors

NUMBER_ERRORS = [
    ("", "Enter the number of months, for example 18"),
    ("ten", "Enter a whole number of months, like 18"),
    ("-3", "The number of months can&#x27;t be less than 0"),
    ("2.5", "Enter a whole number of months, like 18"),
    (
        "999999",
        "That is more than 50 years: enter the months of coding work an employer "
        "can verify, for example 18",
    ),
]


@pytest.fixture
def experience_response():
    return make_response(education="ged", him_program="none", coding_training_hours=0)


def post_experience(client, response, value):
    return own(client, response).post(
        step_url(response, "experience"), {"coding_experience_months": value}
    )


@pytest.mark.parametrize(("value", "message"), NUMBER_ERRORS)
def test_error_summary_links_to_the_field(client, experience_response, value, message):
    page = post_experience(client, experience_response, value)
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert (
        f'<a class="alert-link" href="#id_coding_experience_months">{message}</a>'
    ) in page.text


@pytest.mark.parametrize(("value", "message"), NUMBER_ERRORS)
def test_error_summary_is_first_in_main(client, experience_response, value, message):
    page = post_experience(client, experience_response, value)
    main = page.text.split('<main id="main" class="container py-4" tabindex="-1">')[1]
    assert main.lstrip().startswith(
        '<div class="alert alert-danger error-summary" role="alert" tabindex="-1"'
    )


@pytest.mark.parametrize(("value", "message"), NUMBER_ERRORS)
def test_error_message_is_next_to_the_field(
    client, experience_response, value, message
):
    page = post_experience(client, experience_response, value)
    assert (
        f'<div id="id_coding_experience_months_error" class="invalid-feedback"> '
        f'<span id="error_1_id_coding_experience_months"><strong>{message}</strong>'
    ) in page.text


@pytest.mark.parametrize(("value", "message"), NUMBER_ERRORS)
def test_field_in_error_is_described_by_its_message(
    client, experience_response, value, message
):
    page = post_experience(client, experience_response, value)
    assert "is-invalid" in page.text
    assert (
        'aria-describedby="id_coding_experience_months_helptext '
        'id_coding_experience_months_error"'
    ) in page.text


@pytest.mark.parametrize(("value", "message"), NUMBER_ERRORS)
def test_error_page_title_starts_with_error(
    client, experience_response, value, message
):
    page = post_experience(client, experience_response, value)
    assert (
        "<title>Error: How many months of coding work can an employer verify?"
    ) in page.text


@pytest.mark.parametrize("value", ["ten", "-3", "2.5", "999999"])
def test_typed_value_is_kept(client, experience_response, value):
    page = post_experience(client, experience_response, value)
    assert f'name="coding_experience_months" value="{value}"' in page.text


def test_radio_error_links_to_the_first_option(client):
    response = make_response()
    page = own(client, response).post(step_url(response, "education"), {})
    assert (
        'href="#id_education">Select your highest level of education</a>' in page.text
    )
    assert 'name="education" value="none" id="id_education"' in page.text


def test_radio_group_is_described_by_its_error(client):
    response = make_response()
    page = own(client, response).post(step_url(response, "education"), {})
    assert '<fieldset class="mb-4" aria-describedby="id_education_error">' in page.text


def test_unknown_credential_code_is_explained(client):
    response = make_response(
        education="ged",
        him_program="none",
        coding_training_hours=0,
        coding_experience_months=0,
    )
    page = own(client, response).post(
        step_url(response, "credentials"), {"credentials": ["XYZ"]}
    )
    assert "“XYZ” is not a credential in our list" in page.text


# Conditional steps and skipping ahead


def test_him_program_step_does_not_apply_without_a_diploma(client):
    response = make_response(education="none")
    page = own(client, response).get(step_url(response, "him-program"))
    assert page["Location"] == step_url(response, "high-school")


def test_high_school_step_does_not_apply_with_a_diploma(client):
    response = make_response(education="ged")
    page = own(client, response).get(step_url(response, "high-school"))
    assert page["Location"] == step_url(response, "him-program")


def test_skipping_ahead_redirects_to_the_first_unanswered_step(client):
    response = make_response(education="ged")
    page = own(client, response).get(step_url(response, "goal"))
    assert page["Location"] == step_url(response, "him-program")


def test_posting_ahead_saves_nothing_and_redirects(client):
    response = make_response(education="ged")
    page = own(client, response).post(
        step_url(response, "goal"), {"goal_setting": "payer"}
    )
    response.refresh_from_db()
    assert page["Location"] == step_url(response, "him-program")
    assert "goal_setting" not in response.answers


def test_earlier_step_can_be_revisited(client):
    response = make_response(education="ged", him_program="none")
    page = own(client, response).get(step_url(response, "education"))
    assert page.status_code == 200


def test_unknown_step_is_not_found(client):
    response = make_response()
    assert own(client, response).get(step_url(response, "shoe-size")).status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("applicants:resume", []),
        ("applicants:check_answers", []),
        ("applicants:step", ["education"]),
    ],
)
def test_unknown_response_is_not_found(client, name, args):
    assert client.get(reverse(name, args=[uuid.uuid4(), *args])).status_code == 404


# Resume


def test_resume_goes_to_the_first_unanswered_step(client):
    response = make_response(education="ged", him_program="none")
    page = own(client, response).get(response.get_absolute_url())
    assert page["Location"] == step_url(response, "training")


def test_resume_goes_to_check_answers_when_all_are_answered(client):
    response = make_response(**ALL_ANSWERS)
    page = own(client, response).get(response.get_absolute_url())
    assert page["Location"] == check_url(response)


def test_resume_goes_to_results_when_completed(client):
    response = Response.objects.create(answers=ALL_ANSWERS, completed_at=timezone.now())
    page = own(client, response).get(response.get_absolute_url())
    assert page["Location"] == reverse("applicants:results", args=[response.pk])


# Check your answers and the Change links


def test_check_answers_shows_each_answer_in_words(client):
    response = make_response(**ALL_ANSWERS)
    page = own(client, response).get(check_url(response))
    assert '<dd class="col-9 col-sm-6 mb-0">Associate degree</dd>' in page.text


def test_check_answers_change_link_names_the_answer(client):
    response = make_response(**ALL_ANSWERS)
    page = own(client, response).get(check_url(response))
    assert (
        f'<a href="{step_url(response, "education")}?change=1">Change'
        '<span class="visually-hidden"> your education</span></a>'
    ) in page.text


def test_check_answers_with_a_gap_redirects_to_it(client):
    answers = {k: v for k, v in ALL_ANSWERS.items() if k != "credentials"}
    response = make_response(**answers)
    page = own(client, response).get(check_url(response))
    assert page["Location"] == step_url(response, "credentials")


def test_change_link_back_goes_to_check_answers(client):
    response = make_response(**ALL_ANSWERS)
    page = own(client, response).get(step_url(response, "training") + "?change=1")
    assert f'class="back-link" href="{check_url(response)}"' in page.text


def test_change_round_trip_returns_to_check_answers(client):
    response = make_response(**ALL_ANSWERS)
    page = own(client, response).post(
        step_url(response, "training") + "?change=1", {"coding_training_hours": "120"}
    )
    response.refresh_from_db()
    assert page["Location"] == check_url(response)
    assert response.answers["coding_training_hours"] == 120


def test_changing_education_to_none_drops_the_him_program_answer(client):
    response = make_response(**ALL_ANSWERS)
    own(client, response).post(
        step_url(response, "education") + "?change=1", {"education": "none"}
    )
    response.refresh_from_db()
    assert "him_program" not in response.answers


def test_changing_education_to_none_asks_the_new_question_then_returns(client):
    response = make_response(**ALL_ANSWERS)
    page = own(client, response).post(
        step_url(response, "education") + "?change=1", {"education": "none"}
    )
    assert page["Location"] == step_url(response, "high-school") + "?change=1"
    page = client.post(page["Location"], {"high_school_senior": "no"})
    assert page["Location"] == check_url(response)


def test_see_my_results_completes_the_response_and_redirects(client):
    response = make_response(**ALL_ANSWERS)
    page = own(client, response).post(check_url(response))
    response.refresh_from_db()
    assert page["Location"] == reverse("applicants:results", args=[response.pk])
    assert response.completed_at is not None


def test_see_my_results_keeps_the_first_completion_time(client):
    first = timezone.now() - timezone.timedelta(days=1)
    response = Response.objects.create(answers=ALL_ANSWERS, completed_at=first)
    own(client, response).post(check_url(response))
    response.refresh_from_db()
    assert response.completed_at == first


def test_a_change_that_opens_a_new_question_unconfirms_the_response(client):
    response = Response.objects.create(answers=ALL_ANSWERS, completed_at=timezone.now())
    own(client, response).post(
        step_url(response, "education") + "?change=1", {"education": "none"}
    )
    response.refresh_from_db()
    assert response.completed_at is None


# Caching


@pytest.mark.parametrize("page_name", ["step", "check_answers"])
def test_answer_pages_are_not_stored_by_caches(client, page_name):
    response = make_response(**ALL_ANSWERS)
    url = step_url(response, "goal") if page_name == "step" else check_url(response)
    assert "no-store" in own(client, response).get(url)["Cache-Control"]


def test_start_page_is_not_stored_by_caches(client):
    assert "no-store" in client.get(reverse("applicants:start"))["Cache-Control"]


def test_a_glossary_word_in_a_questions_hint_links_to_its_meaning(client):
    from tests.factories import GlossaryTermFactory

    GlossaryTermFactory(term="CAHIIM", slug="cahiim")
    response = make_response(education="high_school_diploma")

    html = own(client, response).get(step_url(response, "him-program")).text

    assert '<a class="glossary-link" href="/glossary/#cahiim">CAHIIM</a>' in html


def test_start_page_says_what_is_kept_and_for_how_long(client):
    page = client.get(reverse("applicants:start"))

    assert "What we keep, and for how long" in page.text
    assert "deleted 30 days after you last saved one" in page.text
    assert "It lasts 14 days" in page.text
