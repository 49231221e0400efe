"""Validation of a requirement's parameters against its kind.

`validate_params()` serves `Requirement.clean()` (and so the admin) and the seed
loader. The kinds and the values they take are defined in `catalog.requirements`,
which stays free of Django so that the eligibility engine can import it.
"""

from django.core.exceptions import ValidationError

from catalog.eligibility import MAX_EXPERIENCE_MONTHS, MAX_TRAINING_HOURS
from catalog.requirements import EDUCATION_LEVELS, EXPERIENCE_KINDS, HIM_PROGRAMS, Kind


def _require_keys(params, allowed, required):
    if not isinstance(params, dict):
        raise ValidationError('Parameters must be a JSON object, e.g. {"months": 12}.')
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ValidationError(
            f"Unknown parameter(s) {', '.join(unknown)}; this kind takes "
            f"{', '.join(allowed) or 'no parameters'}."
        )
    missing = [key for key in required if key not in params]
    if missing:
        raise ValidationError(f"Missing parameter(s): {', '.join(missing)}.")


def _choice(params, key, choices):
    value = params[key]
    if value not in choices:
        raise ValidationError(
            f"“{value}” is not a valid {key}; choose one of {', '.join(choices)}."
        )


def _positive_int(params, key, *, maximum):
    value = params[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{key} must be a whole number, not “{value}”.")
    if not 1 <= value <= maximum:
        raise ValidationError(f"{key} must be between 1 and {maximum}.")


def _code_list(params, key):
    value = params[key]
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(code, str) and code.strip() for code in value)
    ):
        raise ValidationError(f"{key} must be a non-empty list of credential codes.")
    return [code.strip().upper() for code in value]


def validate_params(kind, params):
    """Return `params` cleaned for `kind`, or raise ValidationError saying what's wrong."""
    params = {} if params is None else params
    match kind:
        case Kind.MIN_EDUCATION:
            _require_keys(params, ["level"], ["level"])
            _choice(params, "level", EDUCATION_LEVELS)
        case Kind.HIM_PROGRAM:
            _require_keys(params, ["any_of"], ["any_of"])
            levels = params["any_of"]
            if not isinstance(levels, list) or not levels:
                raise ValidationError(
                    "any_of must be a non-empty list of HIM programs."
                )
            for level in levels:
                _choice({"any_of": level}, "any_of", HIM_PROGRAMS)
        case Kind.CODING_TRAINING:
            _require_keys(params, ["hours"], ["hours"])
            _positive_int(params, "hours", maximum=MAX_TRAINING_HOURS)
        case Kind.EXPERIENCE:
            _require_keys(params, ["months", "experience"], ["months"])
            _positive_int(params, "months", maximum=MAX_EXPERIENCE_MONTHS)
            if "experience" in params:
                _choice(params, "experience", EXPERIENCE_KINDS)
        case Kind.CREDENTIAL_HELD:
            _require_keys(params, ["any_of"], ["any_of"])
            params = {**params, "any_of": _code_list(params, "any_of")}
        case Kind.MEMBERSHIP:
            _require_keys(params, ["body"], ["body"])
            if not isinstance(params["body"], str) or not params["body"].strip():
                raise ValidationError("body must be a body's acronym, e.g. AAPC.")
            params = {**params, "body": params["body"].strip().upper()}
        case Kind.HIGH_SCHOOL_SENIOR:
            _require_keys(params, ["within_months"], ["within_months"])
            _positive_int(params, "within_months", maximum=24)
        case _:
            raise ValidationError(f"Unknown requirement kind “{kind}”.")
    return params
