"""Data refreshes: a file of fact updates, applied through `catalog.updates`.

A refresh file (`catalog/fixtures/fact_updates_*.yaml`) lists the sources it adds
and, for each fact, the new value with its source and why. Applying it goes through
the same functions as an editor's update, so the old values stay as earlier figures
and history. Applying a file twice changes nothing the second time: an update whose
new value is already there is skipped.

The seed (`catalog.seed.load_catalog`) applies the files after the catalog, so a new
database shows the refreshed facts with their history; `apply_fact_updates` applies
a file to a database that holds the catalog already.
"""

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from catalog import updates
from catalog.dates import parse_as_of
from catalog.models import Caveat, Certification, CredentialingBody, Fee, Source

UPDATE_FILES = sorted(
    (Path(__file__).resolve().parent / "fixtures").glob("fact_updates_*.yaml")
)


class RefreshError(Exception):
    """A refresh file names something the catalog doesn't hold."""


def read(path):
    with open(path, encoding="utf-8") as refresh_file:
        return yaml.safe_load(refresh_file)


def _dated(text, note):
    date, precision, parsed_note = parse_as_of(str(text or ""))
    return {
        "as_of_date": date,
        "as_of_precision": precision,
        "as_of_note": note or parsed_note,
    }


def _sources(entries):
    known = {source.key: source for source in Source.objects.all()}
    for entry in entries or []:
        if entry["key"] in known:
            continue
        source = Source(
            key=entry["key"],
            url=entry["url"],
            title=entry["title"],
            accessed_on=entry["accessed_on"],
            kind=entry.get("kind", Source.Kind.SECONDARY),
            note=entry.get("note", ""),
            **_dated(entry.get("as_of"), entry.get("as_of_note")),
        )
        source.full_clean()
        source.save()
        known[source.key] = source
    return known


def _lookup(mapping, key, what):
    try:
        return mapping[key]
    except KeyError:
        raise RefreshError(f"Unknown {what} “{key}”.") from None


@transaction.atomic
def apply(data, *, name="refresh", user=None):
    """Apply a refresh's updates; return `(applied, skipped)` counts."""
    today = data.get("verified_on") or datetime.date.today()
    sources = _sources(data.get("sources"))
    certifications = {c.code: c for c in Certification.objects.select_related("body")}
    bodies = {body.acronym: body for body in CredentialingBody.objects.all()}
    applied = skipped = 0
    for item in data.get("updates", []):
        change = updates.Change(
            reason=f"{name}: {item.get('reason', '')}".strip(), user=user, today=today
        )
        source = _lookup(sources, item["source"], "source")
        certification = (
            _lookup(certifications, item["certification"], "certification")
            if item.get("certification")
            else None
        )
        done = APPLY[item["fact"]](item, certification, bodies, source, change)
        applied += done
        skipped += not done
    return applied, skipped


def _facts(item, certification, bodies, source, change):
    values = item["values"]
    fact = item["fact"]
    if all(getattr(certification, k) == v for k, v in values.items()) and (
        getattr(certification, f"{fact}_source_id") == source.pk
    ):
        return False
    updates.update_certification_facts(certification, fact, values, source, change)
    return True


def _fee(item, certification, bodies, source, change):
    owner = (
        {"certification": certification}
        if certification
        else {"body": _lookup(bodies, item["body"], "body")}
    )
    new = Fee(
        **owner,
        kind=item["kind"],
        audience=item["audience"],
        amount=item.get("amount"),
        currency=item.get("currency", "USD"),
        note=item.get("note", ""),
        source=source,
        sources_disagree=item.get("sources_disagree", False),
        **_dated(item.get("as_of"), item.get("as_of_note")),
    )
    already = new.current_figures().filter(
        amount=new.amount, source=source, note=new.note
    )
    if already.exists():
        return False
    # The figures it replaces are no rivals: check the fields and the date only.
    new.clean_fields()
    if errors := new.clean_as_of():
        raise ValidationError(errors)
    updates.update_fee(new, change)
    return True


def _pathway(item, certification, bodies, source, change):
    values = {k: v for k, v in item["values"].items() if k != "requirements"}
    existing = certification.pathways.filter(key=item["key"]).first()
    if (
        existing is not None
        and existing.source_id == source.pk
        and all(getattr(existing, k) == v for k, v in values.items())
    ):
        return False
    requirements = [
        {**requirement, "source": Source.objects.get(key=requirement["source"])}
        if "source" in requirement
        else requirement
        for requirement in item["values"].get("requirements", [])
    ]
    updates.update_pathway(
        certification, item["key"], values, source, change, requirements
    )
    return True


def _caveat(item, certification, bodies, source, change):
    caveats = Caveat.objects.filter(certification=certification)
    caveat = caveats.filter(text__startswith=item["match"]).first()
    if caveat is None:
        if item.get("text") is None or caveats.filter(text=item["text"]).exists():
            return False  # already removed or reworded
        raise RefreshError(
            f"{certification.code}: no caveat starts with “{item['match']}”."
        )
    updates.update_caveat(caveat, item.get("text"), source, change)
    return True


APPLY = {
    "exam": _facts,
    "renewal": _facts,
    "fee": _fee,
    "pathway": _pathway,
    "caveat": _caveat,
}


def apply_files(paths=UPDATE_FILES, *, user=None):
    """Apply each refresh file in turn; return `{file name: (applied, skipped)}`."""
    return {path.name: apply(read(path), name=path.stem, user=user) for path in paths}
