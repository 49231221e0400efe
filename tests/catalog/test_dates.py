""" "As of" as a date with its precision (catalog.dates), from the research's text."""

import datetime

import pytest

from catalog.dates import (
    Precision,
    as_of_text,
    is_judgement,
    parse_as_of,
    short_date_text,
)
from catalog.models import Source

TODAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "date", "precision", "shown"),
    [
        ("2026-05", datetime.date(2026, 5, 1), Precision.MONTH, "May 2026"),
        ("2022-03-28", datetime.date(2022, 3, 28), Precision.DAY, "28 March 2022"),
        ("2026 (implied)", datetime.date(2026, 1, 1), Precision.YEAR, "2026 (implied)"),
        ("May 2020", datetime.date(2020, 5, 1), Precision.MONTH, "May 2020"),
        ("undated", None, Precision.UNDATED, "undated"),
        ("undated (older)", None, Precision.UNDATED, "undated (older)"),
        (
            "2023-09+ (implied)",
            datetime.date(2023, 9, 1),
            Precision.MONTH,
            "September 2023 or later (implied)",
        ),
        ("", None, Precision.UNDATED, "undated"),
    ],
)
def test_a_date_in_words_becomes_a_date_and_reads_as_before(
    text, date, precision, shown
):
    parsed = parse_as_of(text, TODAY)

    assert parsed[:2] == (date, precision)
    assert as_of_text(*parsed) == shown


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-2025", datetime.date(2025, 1, 1)),  # a span: its later year
        ("2019–29", datetime.date(2019, 1, 1)),  # a projection: its first year
        ("2018-10-02 (updated 2022-02-07)", datetime.date(2022, 2, 7)),
        ("~2010", datetime.date(2010, 1, 1)),
    ],
)
def test_a_judgement_keeps_the_whole_text_as_its_note(text, date):
    parsed = parse_as_of(text, TODAY)

    assert parsed[0] == date
    assert is_judgement(text, TODAY)
    assert as_of_text(*parsed) == text


def test_dated_facts_sort_and_age_by_their_date():
    older = Source(as_of="2021 (implied)", accessed_on=TODAY)
    newer = Source(as_of="2026-02", accessed_on=TODAY)

    assert older.as_of_date < newer.as_of_date
    assert newer.as_of_end == datetime.date(2026, 2, 28)
    assert older.as_of_end == datetime.date(2021, 12, 31)


def test_a_date_in_the_future_or_without_precision_is_refused():
    future = Source(as_of_date=TODAY.replace(year=2027), as_of_precision=Precision.YEAR)
    no_precision = Source(as_of_date=TODAY, as_of_precision=Precision.UNDATED)
    this_month = Source(as_of_date=TODAY, as_of_precision=Precision.MONTH)

    assert "future" in future.clean_as_of(TODAY)["as_of_date"]
    assert "as_of_precision" in no_precision.clean_as_of(TODAY)
    assert this_month.clean_as_of(TODAY) == {}
    assert this_month.as_of_date == datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("date", "precision", "text"),
    [
        (datetime.date(2026, 2, 12), Precision.DAY, "2026-02-12"),
        (datetime.date(2026, 2, 1), Precision.MONTH, "Feb 2026"),
        (datetime.date(2026, 1, 1), Precision.YEAR, "2026"),
        (None, Precision.UNDATED, "undated"),
    ],
)
def test_a_short_date_fits_a_lists_column(date, precision, text):
    assert short_date_text(date, precision) == text
