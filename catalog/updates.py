"""Update a sourced fact without losing the old one.

Each function changes one kind of fact to a new value from a source, in one
transaction, and keeps what it replaces:

- a fee: the new figure is a new row; the figures it replaces stay as earlier
  figures (`is_current` false, `superseded_by` the new one), shown under "Earlier
  figures" on the public page;
- exam facts, a renewal rule, a pathway, a requirement, a caveat: the row changes
  and django-simple-history keeps the old values, with who, when and why.

Every update stamps the fact's own verified date, records its source, and can
stamp the certification's `last_verified` too. The admin's update pages
(`catalog.admin_updates`) and the data refreshes (`apply_fact_updates`) both call
these, so an editor's update and a scripted one leave the same history.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from catalog.models import (
    CertificationSource,
    EligibilityPathway,
    FactTopic,
    Requirement,
)

EXAM_FIELDS = [
    "exam_questions",
    "exam_minutes",
    "exam_format",
    "exam_delivery",
    "exam_open_book",
    "exam_passing",
    "exam_note",
]
RENEWAL_FIELDS = ["ceus_per_cycle", "cycle_years", "maintenance_note"]
PATHWAY_FIELDS = ["name", "purpose", "order", "confidence", "note", "condition"]
REQUIREMENT_FIELDS = ["kind", "params", "text", "order"]


@dataclass(frozen=True)
class Change:
    """Who makes a change, why, and on what day (the verified date it stamps)."""

    reason: str = ""
    user: object = None
    today: object = None
    mark_certification_verified: bool = False

    @property
    def day(self):
        return self.today or timezone.localdate()


def _save_with_history(obj, change, **kwargs):
    """Save `obj` with the history record naming the editor and the reason."""
    obj._change_reason = change.reason
    if change.user is not None and change.user.is_authenticated:
        obj._history_user = change.user
    obj.save(**kwargs)


def _link_source(certification, source, topic):
    CertificationSource.objects.get_or_create(
        certification=certification, source=source, topic=topic
    )


def _verified(certification, change):
    if change.mark_certification_verified:
        certification.last_verified = change.day
        _save_with_history(certification, change)


@transaction.atomic
def update_fee(new, change, *, replacing=None):
    """Save `new` (an unsaved `Fee` with its owner, kind, audience, figure, date
    and source) as the current figure, and keep the figures it replaces as earlier
    figures: `replacing` (fees), by default every current figure of the same
    owner, kind and audience. Returns the new fee.

    A figure that stands beside others (`new.sources_disagree`) replaces only
    `replacing`, and marks the figures it stands beside as disagreeing too."""
    if replacing is None:
        replacing = [] if new.sources_disagree else list(new.current_figures())
    new.is_current = True
    new.verified_on = change.day
    _save_with_history(new, change)
    for old in replacing:
        old.is_current = False
        old.sources_disagree = False
        old.superseded_by = new
        _save_with_history(old, change)
    if new.sources_disagree:
        for other in new.current_figures().exclude(pk=new.pk):
            if not other.sources_disagree:
                other.sources_disagree = True
                _save_with_history(other, change)
    if new.certification_id:
        topic = FactTopic.MAINTENANCE if new.is_renewal else FactTopic.FEES
        _link_source(new.certification, new.source, topic)
        _verified(new.certification, change)
    return new


@transaction.atomic
def update_certification_facts(certification, fact, values, source, change):
    """Set exam facts (`fact` "exam") or a renewal rule ("renewal") of a
    certification from `source`: the values, the fact's source and verified date,
    and the source among the certification's sources for that topic."""
    fields, topic = {
        "exam": (EXAM_FIELDS, FactTopic.EXAM),
        "renewal": (RENEWAL_FIELDS, FactTopic.MAINTENANCE),
    }[fact]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Not {fact} facts: {', '.join(sorted(unknown))}.")
    for name, value in values.items():
        setattr(certification, name, value)
    setattr(certification, f"{fact}_source", source)
    setattr(certification, f"{fact}_verified_on", change.day)
    if change.mark_certification_verified:
        certification.last_verified = change.day
    _save_with_history(certification, change)
    _link_source(certification, source, topic)
    return certification


@transaction.atomic
def update_requirement(requirement, values, source, change):
    """Change a requirement's rule or words, from `source`."""
    for name, value in values.items():
        setattr(requirement, name, value)
    requirement.source = source
    requirement.verified_on = change.day
    requirement.full_clean()
    _save_with_history(requirement, change)
    pathway = requirement.pathway
    _link_source(pathway.certification, source, pathway.topic)
    _verified(pathway.certification, change)
    return requirement


@transaction.atomic
def update_pathway(certification, key, values, source, change, requirements=None):
    """Change the pathway `key` of a certification, or add it: `values` are its
    fields; `requirements` (a list of dicts of kind, params, text, source), when
    given, are the new pathway's requirements (an existing pathway keeps its own,
    changed one by one with `update_requirement`)."""
    pathway = EligibilityPathway.objects.filter(
        certification=certification, key=key
    ).first()
    adding = pathway is None
    if adding:
        pathway = EligibilityPathway(certification=certification, key=key)
    for name, value in values.items():
        setattr(pathway, name, value)
    pathway.source = source
    pathway.verified_on = change.day
    pathway.full_clean()
    _save_with_history(pathway, change)
    if adding:
        for order, item in enumerate(requirements or []):
            requirement = Requirement(
                pathway=pathway,
                kind=item["kind"],
                params=item.get("params", {}),
                text=item.get("text", ""),
                order=item.get("order", order),
                source=item.get("source", source),
                verified_on=change.day,
            )
            requirement.full_clean()
            _save_with_history(requirement, change)
    _link_source(certification, source, pathway.topic)
    _verified(certification, change)
    return pathway


@transaction.atomic
def update_caveat(caveat, text, source, change):
    """Reword a caveat from `source` (which joins its sources), or remove it
    (`text` None): its history keeps the words either way."""
    if text is None:
        caveat._change_reason = change.reason
        if change.user is not None and change.user.is_authenticated:
            caveat._history_user = change.user
        caveat.delete()
        return None
    caveat.text = text
    _save_with_history(caveat, change)
    if source is not None:
        caveat.sources.add(source)
    return caveat
