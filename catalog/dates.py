"""The date a source gives for a fact: a real date with its precision.

A page says "May 2026", "2026" or "12 May 2026", or gives no date at all. The
catalog keeps that as a date (the first day of the month or year it names), its
precision (day, month, year, or undated) and a note for what the date alone
can't say ("implied by its 2025 pass rate", "2024–2025"). So facts can be sorted,
compared and aged, and a page still reads as the source does.

`parse_as_of` turns the research notes' free text into those three values (the
seed loader and migration 0012 use it); `as_of_text` writes them back as people
read them.
"""

import calendar
import datetime
import re

from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNDATED = "undated", "Undated"


MONTHS = {
    name.lower(): number for number, name in enumerate(calendar.month_name) if name
}
MONTHS |= {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
}

_DAY = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_MONTH = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])\b(?!-\d)")
_NAMED_MONTH = re.compile(
    r"\b("
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# "2024-2025", "2021–2022", "2025-26", "2019–29": a span of years.
_YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)?\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _tidy(text):
    """What is left of a text once its date is taken out, as a short note."""
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:")
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    return text


def _candidates(text, today):
    """Every date the text names, as (date, precision, start, end), spans of years
    dated by their later year unless that is still to come (a projection)."""
    found = []
    taken = []

    def add(date, precision, match):
        if any(start < match.end() and match.start() < end for start, end in taken):
            return
        taken.append(match.span())
        found.append((date, precision, *match.span()))

    for match in _DAY.finditer(text):
        year, month, day = map(int, match.groups())
        add(datetime.date(year, month, day), Precision.DAY, match)
    for match in _NAMED_MONTH.finditer(text):
        month = MONTHS[match.group(1).lower()]
        add(datetime.date(int(match.group(2)), month, 1), Precision.MONTH, match)
    for match in _MONTH.finditer(text):
        year, month = map(int, match.groups())
        add(datetime.date(year, month, 1), Precision.MONTH, match)
    for match in _YEAR_SPAN.finditer(text):
        first, last = match.group(1), match.group(2)
        last = int(last if len(last) == 4 else first[:2] + last)
        year = last if last <= today.year else int(first)
        add(datetime.date(year, 1, 1), Precision.YEAR, match)
    for match in _YEAR.finditer(text):
        add(datetime.date(int(match.group(1)), 1, 1), Precision.YEAR, match)
    return found


def parse_as_of(text, today=None):
    """`(date or None, precision, note)` for a free-text date, losing nothing: the
    note keeps every word the date doesn't; where the date was a judgement (a span
    of years, several dates, "~") the note keeps the whole text. With several
    dates, the latest that is not still to come is the page's date.

    >>> parse_as_of("2026-05")
    (datetime.date(2026, 5, 1), 'month', '')
    >>> parse_as_of("2026 (implied)")
    (datetime.date(2026, 1, 1), 'year', 'implied')
    >>> parse_as_of("undated (older)")
    (None, 'undated', 'older')
    """
    today = today or datetime.date.today()
    text = (text or "").strip()
    if not text:
        return None, Precision.UNDATED, ""
    if text.lower().startswith("undated"):
        return None, Precision.UNDATED, _tidy(text[len("undated") :])
    candidates = _candidates(text, today)
    if not candidates:
        return None, Precision.UNDATED, text
    past = [candidate for candidate in candidates if candidate[0] <= today]
    date, precision, start, end = max(past or candidates, key=lambda c: c[0])
    spans = [
        candidate
        for candidate in candidates
        if candidate[1] == Precision.YEAR and candidate[3] - candidate[2] > 4
    ]
    if len(candidates) > 1 or spans or "~" in text:
        return date, precision, text
    rest = text[end:]
    if rest.startswith("+"):
        rest = " or later" + rest[1:]
    return date, precision, _tidy(text[:start] + rest)


def is_judgement(text, today=None):
    """Whether `parse_as_of` had to choose a date for `text` (its note keeps the
    whole text): a span of years, several dates, or an approximate date."""
    found, _precision, note = parse_as_of(text, today)
    return found is not None and note == (text or "").strip()


def date_text(date, precision):
    """ "12 May 2026", "May 2026", "2026", or "undated"."""
    if date is None or precision == Precision.UNDATED:
        return "undated"
    if precision == Precision.DAY:
        return f"{date.day} {calendar.month_name[date.month]} {date.year}"
    if precision == Precision.MONTH:
        return f"{calendar.month_name[date.month]} {date.year}"
    return str(date.year)


def short_date_text(date, precision):
    """ "2026-05-12", "Feb 2026", "2026" or "undated": `date_text` shortened for
    a list's narrow column."""
    if date is None or precision == Precision.UNDATED:
        return "undated"
    if precision == Precision.DAY:
        return date.isoformat()
    if precision == Precision.MONTH:
        return date.strftime("%b %Y")
    return str(date.year)


def as_of_text(date, precision, note=""):
    """The date as people read it, with its note: "2026 (implied)", "May 2026",
    "undated (older)". A note that already holds the whole original text (a
    judgement) is shown alone."""
    words = date_text(date, precision)
    if not note:
        return words
    if (date is not None and str(date.year) in note) or "undated" in note:
        return note  # the note holds the whole text the date came from
    if note.startswith("or later"):
        return f"{words} {note}"
    if "(" in note:
        return f"{words}; {note}"
    return f"{words} ({note})"


def period_end(date, precision):
    """The last day the date can mean: a month's or a year's last day."""
    if date is None:
        return None
    if precision == Precision.MONTH:
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if precision == Precision.YEAR:
        return date.replace(month=12, day=31)
    return date


def is_future(date, today):
    """Whether the date begins after `today`: a date is stored as the first day of
    its month or year, so this month or this year is never in the future."""
    return date is not None and date > today
