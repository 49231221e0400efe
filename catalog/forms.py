from django import forms
from django.core.exceptions import ValidationError

from catalog.models import CareSetting, Certification, CredentialingBody, StartingPoint
from catalog.requirements import EDUCATION_FILTERS


class CertificationFilterForm(forms.Form):
    """Search and filters of the catalog list (and the API's list endpoint).

    A value that isn't valid is not an error for the person: it is ignored, and
    `ignored()` says which and why, so the page can tell them.
    """

    q = forms.CharField(label="Search", required=False, max_length=100)
    body = forms.ChoiceField(label="Credentialing body", required=False)
    level = forms.ChoiceField(
        label="Level",
        required=False,
        choices=[("", "Any level"), *Certification.Level.choices],
    )
    setting = forms.ChoiceField(label="Care setting", required=False)
    education = forms.ChoiceField(
        label="Open to people with",
        required=False,
        choices=[("", "Any education"), *EDUCATION_FILTERS.items()],
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Certification.Status.choices],
    )
    suits = forms.ChoiceField(
        label="Who it's for",
        required=False,
        choices=[("", "Beginners and experienced coders"), *StartingPoint.choices],
    )
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("", "Suits beginners first"), ("az", "A–Z by code")],
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["body"].choices = [
            ("", "Any body"),
            *CredentialingBody.objects.values_list("slug", "acronym"),
        ]
        self.fields["setting"].choices = [
            ("", "Any setting"),
            *CareSetting.objects.values_list("slug", "name"),
        ]
        self._ignored = self._drop_invalid_values()

    def _drop_invalid_values(self):
        """Take values that don't fit out of the data, so they are ignored, not errors."""
        if not self.is_bound:
            return []
        data = self.data.copy()
        ignored = []
        for name, field in self.fields.items():
            value = data.get(name, "")
            try:
                field.clean(value)
            except ValidationError as error:
                data.pop(name)
                ignored.append(ignored_message(field, value, error))
        self.data = data
        return ignored

    def filters(self):
        """The valid filter values in use."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def ignored(self):
        """One message per filter value that was ignored, e.g. ‘Level “expert”’."""
        return self._ignored

    def described(self):
        """(label, value in words) for each filter in use, e.g. ("Level", "Specialty")."""
        described = []
        for name, value in self.filters().items():
            if name == "sort":  # an order, not a filter: said by the list itself
                continue
            choices = dict(getattr(self.fields[name], "choices", ()))
            described.append((self.fields[name].label, choices.get(value, value)))
        return described


class CompareForm(forms.Form):
    """Pick 2 to 4 published certifications to see side by side (GET, never saved).

    The choices come in groups by level, so nobody scans 35 boxes: entry-level and
    professional credentials, which most people weigh against each other, open;
    the specialty and advanced ones folded away unless one of them is chosen.
    """

    c = forms.MultipleChoiceField(
        label="Certifications to compare (choose 2 to 4)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    OPEN_LEVELS = [Certification.Level.ENTRY, Certification.Level.PROFESSIONAL]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        by_level = {level: [] for level in Certification.Level}
        published = (
            Certification.objects.published()
            .order_by("code")
            .values_list("code", "name", "level", "body__acronym")
        )
        for code, name, level, acronym in published:
            by_level[level].append((code, f"{code} — {name} ({acronym})"))
        self.fields["c"].choices = [
            (level.label, choices) for level, choices in by_level.items() if choices
        ]
        self._levels = [level for level, choices in by_level.items() if choices]

    def groups(self):
        """The choices by level, for the template: a legend, whether the group is
        shown open, and each option with whether it is chosen."""
        chosen = set(self["c"].value() or ())
        groups = []
        for level, (legend, choices) in zip(
            self._levels, self.fields["c"].choices, strict=True
        ):
            options = [
                {"value": code, "label": label, "checked": code in chosen}
                for code, label in choices
            ]
            groups.append(
                {
                    "legend": legend,
                    "count": len(options),
                    "open": level in self.OPEN_LEVELS
                    or any(option["checked"] for option in options),
                    "options": options,
                }
            )
        return groups


def ignored_message(field, value, error):
    """Why a filter value was ignored, in words."""
    codes = {e.code for e in error.error_list}
    if "null_characters_not_allowed" in codes:
        return f"The {field.label.lower()} held a null character, so it was ignored."
    if "max_length" in codes:
        return (
            f"The {field.label.lower()} was too long (over {field.max_length} "
            "characters), so it was ignored."
        )
    return f"{field.label} “{value}” is not one we know, so it was ignored."
