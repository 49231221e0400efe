"""The one cost rule: the body's own figure, else an estimate from other dated
sources, else "not published" — and totals that keep ranges and gaps honest."""

from decimal import Decimal

from catalog.costs import first_year_cost, price, total
from catalog.models import Certification, CredentialingBody, Fee, Membership, Source

OFFICIAL, SECONDARY = Source.Kind.OFFICIAL, Source.Kind.SECONDARY
EXAM, MEMBER = Fee.Kind.EXAM, Fee.Audience.MEMBER
_sources = iter(range(1, 1000))


def fee(amount, kind=OFFICIAL, *, as_of="2026", current=True, note="", **fields):
    source = Source(pk=next(_sources), key="S", title="A page", kind=kind)
    return Fee(
        kind=fields.pop("fee_kind", EXAM),
        audience=fields.pop("audience", MEMBER),
        amount=None if amount is None else Decimal(amount),
        as_of=as_of,
        is_current=current,
        note=note,
        source=source,
        **fields,
    )


def test_the_bodys_own_figure_is_the_price():
    found = price(
        [fee(350), fee(499, SECONDARY)], kind=EXAM, audience=MEMBER, label="Exam"
    )

    assert found.text == "$350"
    assert not found.estimate
    assert found.basis == "the body's own page"


def test_without_an_official_amount_other_sources_make_a_labelled_range():
    """The CPC: AAPC names the exam but no amount; secondary pages give $399-$499."""
    fees = [
        fee(None, note="AAPC shows the price when you buy"),
        fee(425, SECONDARY, as_of="2026-02"),
        fee(499, SECONDARY, as_of="2026-02"),
        fee(399, SECONDARY, as_of="2026"),
        fee(300, SECONDARY, as_of="older", current=False),
    ]

    found = price(fees, kind=EXAM, audience=MEMBER)

    assert found.text == "about $399–$499"
    assert found.estimate and found.is_range
    assert found.notes == ("AAPC shows the price when you buy",)
    assert found.basis == "estimate from 3 sources, 2026, February 2026"
    assert [f.amount for f in found.fees] == [399, 425, 499]


def test_one_secondary_figure_is_an_estimate_not_a_price():
    found = price([fee(199, SECONDARY)], kind=EXAM, audience=MEMBER)

    assert found.text == "about $199"
    assert not found.is_range


def test_nothing_current_with_an_amount_is_not_published():
    found = price(
        [fee(None), fee(300, SECONDARY, current=False)], kind=EXAM, audience=MEMBER
    )

    assert not found.published
    assert found.text == "Not published"


def test_a_fee_for_everyone_counts_for_each_audience():
    found = price(
        [fee(117, SECONDARY, audience=Fee.Audience.EVERYONE)],
        kind=EXAM,
        audience=Fee.Audience.NON_MEMBER,
    )

    assert found.text == "about $117"


def test_a_total_is_a_range_when_a_part_is_and_an_estimate_when_a_part_is():
    dues = price(
        [fee(190, fee_kind=Fee.Kind.MEMBERSHIP)], kind="membership", audience=MEMBER
    )
    exam = price([fee(399, SECONDARY), fee(499, SECONDARY)], kind=EXAM, audience=MEMBER)

    summed = total([dues, exam])

    assert summed.text == "about $589–$689"


def test_a_total_with_an_unpublished_part_names_it():
    dues = price([], kind="membership", audience=MEMBER, label="NHA membership")
    exam = price([fee(117, SECONDARY)], kind=EXAM, audience=MEMBER, label="CBCS exam")

    summed = total([dues, exam])

    assert not summed.published
    assert summed.missing == ("NHA membership",)


def test_the_first_year_adds_dues_where_the_body_sells_exams_only_to_members():
    aapc = CredentialingBody(
        acronym="AAPC", membership_required_to_test=Membership.REQUIRED
    )
    ahima = CredentialingBody(
        acronym="AHIMA", membership_required_to_test=Membership.NOT_REQUIRED
    )
    dues = [fee(190, fee_kind=Fee.Kind.MEMBERSHIP)]
    exam = [fee(399, SECONDARY), fee(499, SECONDARY)]
    non_member = [fee(299, SECONDARY, audience=Fee.Audience.NON_MEMBER), *exam]

    cpc = first_year_cost(Certification(code="CPC"), aapc, exam, dues)
    cca = first_year_cost(Certification(code="CCA"), ahima, non_member, [])

    assert [part.label for part in cpc["parts"]] == [
        "AAPC membership, first year",
        "CPC exam, member price",
    ]
    assert cpc["total"].text == "about $589–$689"
    assert [part.label for part in cca["parts"]] == ["CCA exam, without joining AHIMA"]
    assert cca["total"].text == "about $299"


def test_an_older_official_figure_is_never_the_price():
    found = price(
        [fee(300, current=False), fee(425, SECONDARY)], kind=EXAM, audience=MEMBER
    )

    assert found.text == "about $425"


def test_a_total_says_where_each_part_comes_from():
    dues = price(
        [fee(190, fee_kind=Fee.Kind.MEMBERSHIP)],
        kind="membership",
        audience=MEMBER,
        label="Dues",
    )
    exam = price(
        [fee(399, SECONDARY, as_of="2026")], kind=EXAM, audience=MEMBER, label="Exam"
    )

    assert total([dues, exam]).basis == (
        "Dues: the body's own page; Exam: estimate from 1 source, 2026"
    )
