"""The plain formatters views and templates share: no database."""

from decimal import Decimal

import pytest

from catalog.formatting import duration, money


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("299"), "USD", "$299"),
        (Decimal("19.5"), "USD", "$19.50"),
        (Decimal("1299"), "USD", "$1,299"),
        (Decimal("299"), "EUR", "299 EUR"),
        (None, "USD", ""),
    ],
)
def test_money_reads_as_people_write_prices(amount, currency, expected):
    assert money(amount, currency) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (240, "4 hours"),
        (100, "1 hour 40 minutes"),
        (61, "1 hour 1 minute"),
        (45, "45 minutes"),
        (0, "0 minutes"),
        (None, ""),
    ],
)
def test_duration_reads_in_hours_and_minutes(minutes, expected):
    assert duration(minutes) == expected
