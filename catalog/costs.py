"""What a person should expect to pay: the one cost rule every page and the API use.

For a fee of one kind and audience (a fee "for everyone" counts for each audience),
among the figures marked current:

1. a figure on the body's own page is **the price**;
2. otherwise, figures other dated sources give make **an estimate**: one figure or
   a range (lowest to highest), labelled as such, with every source and its date;
3. otherwise it is **not published** (and where the body's own page names the fee
   without an amount, its note says why, e.g. "AAPC shows the price when you buy").

A total adds its parts: a range when a part is a range, an estimate when a part is
one, and not published when any part is not (saying which). Nothing here invents a
figure: every number comes from a `Fee` row with its source.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from catalog.formatting import money
from catalog.models import Fee, Membership


@dataclass(frozen=True)
class Price:
    """A figure, a range or nothing, with the fees it rests on."""

    label: str = ""
    low: Decimal | None = None
    high: Decimal | None = None
    currency: str = "USD"
    estimate: bool = False
    fees: tuple = ()  # the current figures behind it, lowest first
    notes: tuple[str, ...] = ()  # the body's own words where it gives no amount
    missing: tuple[str, ...] = field(default=())  # a total's unpublished parts
    parts: tuple = ()  # a total's parts

    @property
    def published(self):
        return self.low is not None

    @property
    def is_range(self):
        return self.published and self.low != self.high

    @property
    def amount(self):
        """The figure in words: "$399", "$399–$499", or "" when not published."""
        if not self.published:
            return ""
        low = money(self.low, self.currency)
        if not self.is_range:
            return low
        return f"{low}–{money(self.high, self.currency)}"

    @property
    def text(self):
        """ "$399", "about $399–$499" for an estimate, or "Not published"."""
        if not self.published:
            return "Not published"
        return f"about {self.amount}" if self.estimate else self.amount

    @property
    def sources(self):
        """The sources behind the figure, each once, in the order of the figures."""
        return list({fee.source.pk: fee.source for fee in self.fees}.values())

    @property
    def basis(self):
        """Where the figure comes from, in one line: "the body's own page",
        "estimate from 2 sources, 2026-02, 2026", or for a total each part's."""
        if not self.published:
            return ""
        if self.parts:
            return "; ".join(f"{part.label}: {part.basis}" for part in self.parts)
        if not self.estimate:
            return "the body's own page"
        dates = list(dict.fromkeys(fee.as_of for fee in self.fees if fee.is_dated))
        sources = len(self.sources)
        words = f"estimate from {sources} source{'s' if sources != 1 else ''}"
        return f"{words}, {', '.join(dates)}" if dates else words


def price(fees, *, kind, audience, label=""):
    """The cost rule (see the module docstring) over `fees` of any kinds."""
    current = [
        fee
        for fee in fees
        if fee.is_current
        and fee.kind == kind
        and fee.audience in (audience, Fee.Audience.EVERYONE)
    ]
    official = [fee for fee in current if fee.source.is_official]
    notes = tuple(
        dict.fromkeys(fee.note for fee in official if fee.amount is None and fee.note)
    )
    priced_official = [fee for fee in official if fee.amount is not None]
    if priced_official:
        fee = min(priced_official, key=lambda fee: fee.order)
        return Price(label, fee.amount, fee.amount, fee.currency, fees=(fee,))
    priced = [fee for fee in current if fee.amount is not None]
    if not priced:
        return Price(label, notes=notes)
    currency = priced[0].currency
    priced = sorted(
        (fee for fee in priced if fee.currency == currency),
        key=lambda fee: (fee.amount, fee.order),
    )
    return Price(
        label,
        priced[0].amount,
        priced[-1].amount,
        currency,
        estimate=True,
        fees=tuple(priced),
        notes=notes,
    )


def total(parts, label="Total"):
    """The parts added up; not published (naming the parts) if any part is not."""
    parts = list(parts)
    missing = tuple(part.label for part in parts if not part.published)
    currencies = {part.currency for part in parts if part.published}
    if missing or not parts or len(currencies) != 1:
        return Price(label, missing=missing)
    return Price(
        label,
        sum((part.low for part in parts), Decimal(0)),
        sum((part.high for part in parts), Decimal(0)),
        currencies.pop(),
        estimate=any(part.estimate for part in parts),
        fees=tuple(fee for part in parts for fee in part.fees),
        parts=tuple(parts),
    )


def first_year_parts(certification, body, certification_fees, body_fees):
    """What a person pays in the first year to sit `certification`'s exam once:
    where the body sells exams only to members, its yearly dues and the member
    price; otherwise the price without joining (a fee for everyone where that is
    all the sources give)."""
    code, acronym = certification.code, body.acronym
    if body.membership_required_to_test == Membership.REQUIRED:
        return [
            price(
                body_fees,
                kind=Fee.Kind.MEMBERSHIP,
                audience=Fee.Audience.MEMBER,
                label=f"{acronym} membership, first year",
            ),
            price(
                certification_fees,
                kind=Fee.Kind.EXAM,
                audience=Fee.Audience.MEMBER,
                label=f"{code} exam, member price",
            ),
        ]
    return [
        price(
            certification_fees,
            kind=Fee.Kind.EXAM,
            audience=Fee.Audience.NON_MEMBER,
            label=f"{code} exam, without joining {acronym}",
        )
    ]


def first_year_cost(certification, body, certification_fees, body_fees):
    """The first-year total of `first_year_parts`, with the parts."""
    parts = first_year_parts(certification, body, certification_fees, body_fees)
    return {"parts": parts, "total": total(parts, "First year")}
