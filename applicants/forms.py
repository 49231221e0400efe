"""One form a questionnaire step: each asks one question and cleans one answer.

The question and hint come from `questionnaire.py`; the field name is the answer's
key in the eligibility contract, so `form.answer()` can go straight into
`Response.answers`.
"""

from crispy_forms.helper import FormHelper
from django import forms

from applicants.questionnaire import STEPS_BY_SLUG
from catalog.eligibility import (
    EDUCATION,
    GOAL_SETTINGS,
    HIM_PROGRAM,
    MAX_EXPERIENCE_MONTHS,
    MAX_TRAINING_HOURS,
)
from catalog.formatting import link_glossary_terms
from catalog.queries import credential_choices, glossary_links

NONE_OF_THESE = "none"


class WholeNumberField(forms.IntegerField):
    """A whole number typed in a text box (GOV.UK advice: not type="number", which
    blocks some input before the server can explain), forgiving "1,000"."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace(" ", "")
        return super().to_python(value)

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "inputmode": "numeric",
            "autocomplete": "off",
            "spellcheck": "false",
            "class": "w-auto",
            "size": "7",
        }


class StepForm(forms.Form):
    """Base for the step forms: one field, named by `step.key`."""

    # No "required" attributes: the server's error summary must be what people see.
    use_required_attribute = False
    slug = ""
    none_value = None  # a checkbox that excludes the others ("None of these")

    def __init__(self, *args, answers=None, **kwargs):
        self.step = STEPS_BY_SLUG[self.slug]
        if answers and self.step.key in answers:
            kwargs.setdefault(
                "initial", {self.step.key: self.initial_value(answers[self.step.key])}
            )
        super().__init__(*args, **kwargs)
        field = self.fields[self.step.key]
        field.label = self.step.question
        # The first mention of a glossary word ("CAHIIM", "contact hours") links
        # to its plain-words entry.
        field.help_text = (
            link_glossary_terms(self.step.hint, glossary_links())
            if self.step.hint
            else ""
        )
        # The template writes the question as the page's <h1>; crispy the control.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.form_show_labels = False

    @property
    def field(self):
        return self[self.step.key]

    def initial_value(self, value):
        """The saved answer as the field shows it."""
        return value

    def answer(self):
        """The cleaned answer, as {contract key: value}."""
        return {self.step.key: self.cleaned_data[self.step.key]}

    def error_links(self):
        """(anchor, message) for the error summary: each links to its field."""
        return [
            (f"#{self[name].auto_id}", message)
            for name, messages in self.errors.items()
            for message in messages
        ]


class EducationForm(StepForm):
    slug = "education"
    education = forms.ChoiceField(
        choices=list(EDUCATION.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select your highest level of education",
            "invalid_choice": "Select one of the levels of education listed",
        },
    )


class HighSchoolForm(StepForm):
    slug = "high-school"
    high_school_senior = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if you will finish high school or a GED within 12 months",
            "invalid_choice": "Select yes or no",
        },
    )

    def initial_value(self, value):
        return "yes" if value else "no"


class HimProgramForm(StepForm):
    slug = "him-program"
    him_program = forms.ChoiceField(
        choices=list(HIM_PROGRAM.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you are in, or have completed, an HIM program",
            "invalid_choice": "Select one of the programs listed",
        },
    )


class TrainingForm(StepForm):
    slug = "training"
    coding_training_hours = WholeNumberField(
        min_value=0,
        max_value=MAX_TRAINING_HOURS,
        error_messages={
            "required": "Enter the number of hours, for example 80",
            "invalid": "Enter a whole number of hours, like 80",
            "min_value": "The number of hours can't be less than 0",
            "max_value": (
                f"That is more than {MAX_TRAINING_HOURS:,} hours: enter the hours "
                "of coding training you have completed, for example 80"
            ),
        },
    )


class ExperienceForm(StepForm):
    slug = "experience"
    coding_experience_months = WholeNumberField(
        min_value=0,
        max_value=MAX_EXPERIENCE_MONTHS,
        error_messages={
            "required": "Enter the number of months, for example 18",
            "invalid": "Enter a whole number of months, like 18",
            "min_value": "The number of months can't be less than 0",
            "max_value": (
                f"That is more than {MAX_EXPERIENCE_MONTHS // 12} years: enter the "
                "months of coding work an employer can verify, for example 18"
            ),
        },
    )


class CredentialsForm(StepForm):
    slug = "credentials"
    none_value = NONE_OF_THESE
    credentials = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the credentials you hold, or select ‘None of these’",
            "invalid_choice": (
                "“%(value)s” is not a credential in our list: select the "
                "credentials you hold from the list"
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credentials"].choices = [
            *credential_choices(),
            (NONE_OF_THESE, "None of these"),
        ]

    def initial_value(self, value):
        return list(value) or [NONE_OF_THESE]

    def clean_credentials(self):
        codes = self.cleaned_data["credentials"]
        if NONE_OF_THESE in codes and len(codes) > 1:
            raise forms.ValidationError(
                "Select ‘None of these’ only if you hold none of the credentials listed"
            )
        return [code for code in codes if code != NONE_OF_THESE]


class GoalForm(StepForm):
    slug = "goal"
    goal_setting = forms.ChoiceField(
        choices=list(GOAL_SETTINGS.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where you would like to work",
            "invalid_choice": "Select one of the places listed",
        },
    )


FORMS = {
    form.slug: form
    for form in [
        EducationForm,
        HighSchoolForm,
        HimProgramForm,
        TrainingForm,
        ExperienceForm,
        CredentialsForm,
        GoalForm,
    ]
}
