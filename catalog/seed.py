"""Load the catalog from `catalog/fixtures/catalog_seed.yaml`.

`load_catalog()` is idempotent and keyed on natural keys: source key, care-setting slug,
body acronym, certification code and, within a certification, pathway key; glossary
term slug, outlook fact key, and a search synonym's phrase and meaning.

- By default it only creates what is missing. A row that already exists, and everything
  it owns, is left exactly as it is: an editor may have changed it in the admin.
- With `replace=True` every field is updated from the file and each body's and
  certification's children (pathways and requirements, recommendations, fees, caveats,
  former names, source links, care settings, related credentials) are replaced by the
  file's; so are the meanings of each search synonym phrase the file lists.

A mistake in the file (an unknown source key, a requirement whose parameters don't fit
its kind, a field with a value the model refuses) raises `SeedError` naming the
certification and pathway, and nothing is written.
"""

import datetime
from collections import defaultdict
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from catalog import fact_updates, validators
from catalog.dates import parse_as_of
from catalog.models import (
    CareSetting,
    Caveat,
    Certification,
    CertificationSource,
    CredentialingBody,
    EligibilityPathway,
    Fee,
    FormerName,
    GlossaryTerm,
    OutlookFact,
    Recommendation,
    Requirement,
    SearchSynonym,
    Source,
)

SEED_FILE = Path(__file__).resolve().parent / "fixtures" / "catalog_seed.yaml"

# The names used in the counts, in the order the summary lists them.
# The reason of the first history record of a fact the seed loaded.
SEEDED = "Loaded from the catalog's seed file"

# The catalog models whose changes django-simple-history records.
HISTORIED = [
    Source,
    CredentialingBody,
    Certification,
    EligibilityPathway,
    Requirement,
    Fee,
    Caveat,
    OutlookFact,
]

COUNTED = [
    "sources",
    "care_settings",
    "bodies",
    "certifications",
    "pathways",
    "requirements",
    "recommendations",
    "fees",
    "caveats",
    "former_names",
    "source_links",
    "glossary_terms",
    "outlook_facts",
    "synonyms",
    "fact_updates",
]

BODY_FIELDS = [
    "slug",
    "name",
    "website",
    "summary",
    "membership_required_to_test",
    "membership_note",
    "renewal_rules",
    "minimum_age",
    "extra_credential_ceus",
    "max_ceus",
    "last_verified",
]
CERTIFICATION_FIELDS = [
    "name",
    "status",
    "status_note",
    "level",
    "category",
    "specialty",
    "summary",
    "suits",
    "eligibility_note",
    "official_url",
    "last_verified",
    "published",
]
# Nested sections of a certification entry: {section: {key in file: model field}}.
CERTIFICATION_SECTIONS = {
    "exam": {
        "questions": "exam_questions",
        "minutes": "exam_minutes",
        "format": "exam_format",
        "delivery": "exam_delivery",
        "open_book": "exam_open_book",
        "passing": "exam_passing",
        "note": "exam_note",
    },
    "apprentice": {
        "designation": "apprentice_designation",
        "note": "apprentice_note",
    },
    "maintenance": {
        "ceus_per_cycle": "ceus_per_cycle",
        "cycle_years": "cycle_years",
        "note": "maintenance_note",
    },
    "starting_point": {
        "is": "starting_point",
        "note": "starting_point_note",
        "source": "starting_point_source",
    },
    "preparation": {
        "months_min": "preparation_months_min",
        "months_max": "preparation_months_max",
        "note": "preparation_note",
        "source": "preparation_source",
    },
}
CERTIFICATION_CHILDREN = [
    "code",
    "body",
    "care_settings",
    "related",
    "replaced_by",
    "sources",
    "former_names",
    "pathways",
    "recommendations",
    "fees",
    "caveats",
]
CERTIFICATION_KEYS = {
    *CERTIFICATION_FIELDS,
    *CERTIFICATION_SECTIONS,
    *CERTIFICATION_CHILDREN,
}


class SeedError(Exception):
    """The seed data is wrong; the message says where."""


def read_seed_file(path=SEED_FILE):
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as seed_file:
        return yaml.load(seed_file, Loader=loader)


@transaction.atomic
def load_catalog(data=None, *, replace=False):
    """Load the seed data (the YAML file when `data` is None) into the database.

    Returns `{name: {"created": n, "updated": n, "deleted": n}}` for each name in
    `COUNTED`. Runs in one transaction: a `SeedError` leaves the database unchanged.
    """
    refresh = data is None
    data = read_seed_file() if data is None else data
    counts = {name: {"created": 0, "updated": 0, "deleted": 0} for name in COUNTED}
    sources = _load_sources(data.get("sources", {}), replace, counts)
    settings = _load_care_settings(data.get("care_settings", []), replace, counts)
    bodies = _load_bodies(data.get("bodies", []), sources, replace, counts)
    _load_certifications(
        data.get("certifications", []), bodies, sources, settings, replace, counts
    )
    _load_glossary(data.get("glossary", []), sources, replace, counts)
    _load_outlook(data.get("outlook", []), sources, replace, counts)
    _load_synonyms(data.get("synonyms", []), replace, counts)
    record_first_history()
    if refresh:
        # The data refreshes since the seed, each keeping the values it replaces.
        for applied, _skipped in fact_updates.apply_files().values():
            counts["fact_updates"]["created"] += applied
    # Former names are bulk-created, which doesn't save them: refresh every document.
    Certification.objects.refresh_search_documents()
    return counts


def record_first_history():
    """Give every sourced fact the seed wrote in bulk (which records no history)
    its first history record, so its first change shows the old value."""
    for model in HISTORIED:
        recorded = model.history.values("id")
        missing = list(model.objects.exclude(pk__in=recorded))
        model.history.bulk_history_create(missing, default_change_reason=SEEDED)


def summarize(counts):
    """One line: what was created, updated and deleted."""
    parts = []
    for action in ["created", "updated", "deleted"]:
        done = [
            f"{counts[name][action]} {name.replace('_', ' ')}"
            for name in COUNTED
            if counts[name][action]
        ]
        parts.append(f"{action} {', '.join(done) if done else 'nothing'}")
    return "Catalog seed: " + "; ".join(parts) + "."


# --------------------------------------------------------------------------- helpers


def _as_date(value, where):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise SeedError(f"{where}: “{value}” is not a date (YYYY-MM-DD).") from error


def _check(instance, where, exclude=()):
    """Run the model's field validation and clean(), without database lookups."""
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        raise SeedError(f"{where}: {_messages(error)}") from error


def _messages(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _delete(queryset):
    """Delete and return how many rows of the queryset's own model went."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def _assign(instance, values):
    """Set `values` on `instance`; return True when anything changed."""
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    return changed


def _source(sources, key, where):
    if key in (None, ""):
        return None
    try:
        return sources[key]
    except KeyError:
        raise SeedError(f"{where}: unknown source key “{key}”.") from None


# --------------------------------------------------------------------------- sources


def _dated(text):
    """The date fields of a research note's "as of" text (`catalog.dates`)."""
    date, precision, note = parse_as_of(text)
    return {"as_of_date": date, "as_of_precision": precision, "as_of_note": note}


def _load_sources(entries, replace, counts):
    existing = {source.key: source for source in Source.objects.all()}
    to_create = []
    for key, entry in entries.items():
        where = f"source {key}"
        values = {
            "url": entry.get("url", ""),
            "title": entry.get("title", ""),
            **_dated(entry.get("as_of", "")),
            "accessed_on": _as_date(entry.get("accessed_on"), where),
            "kind": entry.get("kind", Source.Kind.SECONDARY),
            "note": entry.get("note", ""),
        }
        source = existing.get(key)
        if source is None:
            source = Source(key=key, **values)
            _check(source, where)
            to_create.append(source)
            existing[key] = source
        elif replace and _assign(source, values):
            _check(source, where)
            source.save()
            counts["sources"]["updated"] += 1
    Source.objects.bulk_create(to_create)
    counts["sources"]["created"] += len(to_create)
    return existing


def _load_care_settings(entries, replace, counts):
    existing = {setting.slug: setting for setting in CareSetting.objects.all()}
    for order, entry in enumerate(entries, start=1):
        values = {"name": entry["name"], "order": entry.get("order", order)}
        setting = existing.get(entry["slug"])
        if setting is None:
            setting = CareSetting.objects.create(slug=entry["slug"], **values)
            existing[setting.slug] = setting
            counts["care_settings"]["created"] += 1
        elif replace and _assign(setting, values):
            setting.save()
            counts["care_settings"]["updated"] += 1
    return existing


# --------------------------------------------------------------------------- bodies


def _load_bodies(entries, sources, replace, counts):
    existing = {body.acronym: body for body in CredentialingBody.objects.all()}
    for entry in entries:
        acronym = entry["acronym"]
        where = f"body {acronym}"
        values = {
            field: entry.get(
                field, None if CredentialingBody._meta.get_field(field).null else ""
            )
            for field in BODY_FIELDS
        }
        values["slug"] = values["slug"] or acronym.lower()
        values["last_verified"] = _as_date(entry.get("last_verified"), where)
        body_sources = [
            _source(sources, key, where) for key in entry.get("sources", [])
        ]
        body = existing.get(acronym)
        if body is None:
            body = CredentialingBody(acronym=acronym, **values)
            _check(body, where)
            body.save()
            existing[acronym] = body
            counts["bodies"]["created"] += 1
        elif replace:
            if _assign(body, values):
                _check(body, where)
                body.save()
                counts["bodies"]["updated"] += 1
            counts["fees"]["deleted"] += _delete(body.fees.all())
        else:
            continue
        body.sources.set(body_sources)
        fees = _fees(entry.get("fees", []), sources, where, body=body)
        Fee.objects.bulk_create(fees)
        counts["fees"]["created"] += len(fees)
    return existing


# --------------------------------------------------------------------------- certifications


def _certification_values(entry, bodies, sources, where):
    unknown = sorted(set(entry) - CERTIFICATION_KEYS)
    if unknown:
        raise SeedError(f"{where}: unknown key(s) {', '.join(unknown)}.")
    values = {field: entry.get(field, "") for field in CERTIFICATION_FIELDS}
    values["published"] = bool(entry.get("published", False))
    values["last_verified"] = _as_date(entry.get("last_verified"), where)
    for section, fields in CERTIFICATION_SECTIONS.items():
        given = entry.get(section) or {}
        unknown = sorted(set(given) - set(fields))
        if unknown:
            raise SeedError(f"{where}: unknown {section} key(s) {', '.join(unknown)}.")
        for key, field in fields.items():
            model_field = Certification._meta.get_field(field)
            if model_field.is_relation:
                values[field] = _source(sources, given.get(key), f"{where} {section}")
                continue
            blank = None if model_field.null else ""
            value = given.get(key, blank)
            values[field] = value.strip() if isinstance(value, str) else value
    # Unless the file says, an entry-level credential suits beginners (as migrated).
    values["starting_point"] = values["starting_point"] or (
        Certification.StartingPoint.BEGINNER
        if values["level"] == Certification.Level.ENTRY
        else Certification.StartingPoint.EXPERIENCED
    )
    try:
        values["body"] = bodies[entry["body"]]
    except KeyError:
        raise SeedError(f"{where}: unknown body “{entry.get('body')}”.") from None
    return values


def _load_certifications(entries, bodies, sources, settings, replace, counts):
    existing = {cert.code: cert for cert in Certification.objects.all()}
    # Codes are one whatever their case (the database refuses CPC beside cpc).
    codes_in_file = [entry["code"].upper() for entry in entries]
    duplicates = sorted(
        {code for code in codes_in_file if codes_in_file.count(code) > 1}
    )
    if duplicates:
        raise SeedError(
            f"Certification code(s) listed twice, in any case: {', '.join(duplicates)}."
        )

    written = []  # (certification, entry, is_new)
    for entry in entries:
        code = entry["code"]
        where = f"certification {code}"
        values = _certification_values(entry, bodies, sources, where)
        cert = existing.get(code)
        if cert is None:
            cert = Certification(code=code, **values)
            _check(cert, where, exclude=["body", "replaced_by"])
            cert.save()
            existing[code] = cert
            counts["certifications"]["created"] += 1
            written.append((cert, entry, True))
        elif replace:
            if _assign(cert, values):
                _check(cert, where, exclude=["body", "replaced_by"])
                cert.save()
                counts["certifications"]["updated"] += 1
            written.append((cert, entry, False))

    for cert, entry, is_new in written:
        if not is_new:
            _delete_children(cert, counts)
        _write_children(cert, entry, sources, settings, counts)
    _write_links(written, entries, existing, replace)


def _delete_children(cert, counts):
    """Delete what a replace rewrites; pathways are kept here and matched by key."""
    for name, manager in [
        ("recommendations", cert.recommendations),
        ("fees", cert.fees),
        ("caveats", cert.caveats),
        ("former_names", cert.former_names),
        ("source_links", cert.source_links),
    ]:
        counts[name]["deleted"] += _delete(manager.all())


def _write_children(cert, entry, sources, settings, counts):
    code = cert.code
    where = f"certification {code}"

    try:
        cert.care_settings.set(
            [settings[slug] for slug in entry.get("care_settings", [])]
        )
    except KeyError as error:
        raise SeedError(f"{where}: unknown care setting {error}.") from None

    links = []
    for topic, keys in (entry.get("sources") or {}).items():
        if topic not in CertificationSource.Topic.values:
            raise SeedError(f"{where}: unknown source topic “{topic}”.")
        for key in dict.fromkeys(keys):
            links.append(
                CertificationSource(
                    certification=cert,
                    source=_source(sources, key, f"{where} ({topic} sources)"),
                    topic=topic,
                )
            )
    CertificationSource.objects.bulk_create(links)
    counts["source_links"]["created"] += len(links)

    former_names = [
        FormerName(
            certification=cert,
            name=item["name"],
            note=item.get("note", ""),
            source=_source(sources, item.get("source"), f"{where} former name"),
        )
        for item in entry.get("former_names", [])
    ]
    FormerName.objects.bulk_create(former_names)
    counts["former_names"]["created"] += len(former_names)

    _write_pathways(cert, entry.get("pathways", []), sources, counts)

    recommendations = []
    for order, item in enumerate(entry.get("recommendations", [])):
        recommendation = Recommendation(
            certification=cert,
            text=item["text"],
            order=order,
            source=_source(sources, item.get("source"), f"{where} recommendation"),
        )
        _check(
            recommendation,
            f"{where} recommendation {order + 1}",
            ["certification", "source"],
        )
        recommendations.append(recommendation)
    Recommendation.objects.bulk_create(recommendations)
    counts["recommendations"]["created"] += len(recommendations)

    fees = _fees(entry.get("fees", []), sources, where, certification=cert)
    Fee.objects.bulk_create(fees)
    counts["fees"]["created"] += len(fees)

    caveats, caveat_sources = [], []
    for number, item in enumerate(entry.get("caveats", []), start=1):
        caveat = Caveat(
            certification=cert,
            topic=item.get("topic", Caveat.Topic.GENERAL),
            kind=item.get("kind", Caveat.Kind.UNCERTAIN),
            text=" ".join(item["text"].split()),
        )
        _check(caveat, f"{where} caveat {number}", ["certification"])
        caveats.append(caveat)
        caveat_sources.append(
            [
                _source(sources, key, f"{where} caveat {number}")
                for key in item.get("sources", [])
            ]
        )
    Caveat.objects.bulk_create(caveats)
    Caveat.sources.through.objects.bulk_create(
        Caveat.sources.through(caveat_id=caveat.pk, source_id=source.pk)
        for caveat, linked in zip(caveats, caveat_sources, strict=True)
        for source in linked
    )
    counts["caveats"]["created"] += len(caveats)


def _write_pathways(cert, entries, sources, counts):
    """Create the file's pathways, updating those whose key already exists."""
    code = cert.code
    existing = {pathway.key: pathway for pathway in cert.pathways.all()}
    keys = [entry["key"] for entry in entries]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise SeedError(
            f"certification {code}: pathway key(s) listed twice: {duplicates}."
        )
    gone = [pathway.pk for key, pathway in existing.items() if key not in keys]
    if gone:
        counts["pathways"]["deleted"] += _delete(
            EligibilityPathway.objects.filter(pk__in=gone)
        )
    kept = [pathway.pk for key, pathway in existing.items() if key in keys]
    counts["requirements"]["deleted"] += _delete(
        Requirement.objects.filter(pathway__in=kept)
    )

    rows = []
    for order, entry in enumerate(entries):
        where = f"certification {code} pathway “{entry['key']}”"
        values = {
            "name": entry["name"],
            "purpose": entry.get("purpose", EligibilityPathway.Purpose.ELIGIBILITY),
            "order": entry.get("order", order),
            "confidence": entry.get("confidence", EligibilityPathway.Confidence.MEDIUM),
            "note": " ".join(entry.get("note", "").split()),
            "condition": " ".join(entry.get("condition", "").split()),
            "source": _source(sources, entry.get("source"), where),
        }
        pathway = existing.get(entry["key"])
        if pathway is None:
            pathway = EligibilityPathway(certification=cert, key=entry["key"], **values)
            _check(pathway, where, ["certification", "source"])
            pathway.save()
            counts["pathways"]["created"] += 1
        elif _assign(pathway, values):
            _check(pathway, where, ["certification", "source"])
            pathway.save()
            counts["pathways"]["updated"] += 1
        for number, item in enumerate(entry.get("requirements", []), start=1):
            rows.append(_requirement(pathway, item, number, sources, where))
    Requirement.objects.bulk_create(rows)
    counts["requirements"]["created"] += len(rows)


def _requirement(pathway, item, number, sources, where):
    where = f"{where} requirement {number}"
    try:
        params = validators.validate_params(item.get("kind"), item.get("params"))
    except ValidationError as error:
        raise SeedError(f"{where} ({item.get('kind')}): {_messages(error)}") from error
    requirement = Requirement(
        pathway=pathway,
        kind=item["kind"],
        params=params,
        text=item.get("text", ""),
        order=number - 1,
        source=_source(sources, item.get("source"), where),
    )
    _check(requirement, where, ["pathway", "source"])
    return requirement


def _fees(entries, sources, where, *, certification=None, body=None):
    fees = []
    for order, item in enumerate(entries):
        fee_where = f"{where} fee {order + 1}"
        if item.get("source") in (None, ""):
            raise SeedError(f"{fee_where}: every fee needs a source.")
        fee = Fee(
            certification=certification,
            body=body,
            kind=item["kind"],
            audience=item["audience"],
            amount=item.get("amount"),
            currency=item.get("currency", "USD"),
            note=item.get("note", ""),
            **_dated(item.get("as_of", "")),
            source=_source(sources, item["source"], fee_where),
            is_current=item.get("current", True),
            sources_disagree=item.get("sources_disagree", False),
            order=item.get("order", order),
        )
        _check(fee, fee_where, ["certification", "body", "source"])
        fees.append(fee)
    _check_disagreements(fees, where)
    return fees


def _check_disagreements(fees, where):
    """Differing current figures for one fee and audience must each be marked
    `sources_disagree` (the rule `Fee.clean` keeps in the admin)."""
    groups = defaultdict(list)
    for fee in fees:
        if fee.is_current:
            groups[fee.kind, fee.audience].append(fee)
    for (kind, audience), group in groups.items():
        figures = {(fee.amount, fee.currency) for fee in group}
        if len(figures) > 1 and not all(fee.sources_disagree for fee in group):
            raise SeedError(
                f"{where}: the current {kind} figures for {audience} differ; mark "
                "each “sources_disagree: true” or make the older ones “current: "
                "false”."
            )


def _write_links(written, entries, certifications, replace):
    """Related credentials (symmetric) and `replaced_by`, once every code exists."""

    def lookup(code, where):
        try:
            return certifications[code]
        except KeyError:
            raise SeedError(f"{where}: unknown certification code “{code}”.") from None

    # The relation is symmetric, so a certification's related set is what its entry
    # lists plus every entry that lists it; setting one side never undoes the other.
    related = defaultdict(set)
    for entry in entries:
        for code in entry.get("related", []):
            lookup(code, f"certification {entry['code']} related")
            related[entry["code"]].add(code)
            related[code].add(entry["code"])

    for cert, entry, _is_new in written:
        targets = [certifications[code] for code in sorted(related[cert.code])]
        if replace:
            cert.related.set(targets)
        else:
            cert.related.add(*targets)
        replaced_by = entry.get("replaced_by")
        target = (
            lookup(replaced_by, f"certification {cert.code}") if replaced_by else None
        )
        if cert.replaced_by_id != (target.pk if target else None):
            cert.replaced_by = target
            cert.save(update_fields=["replaced_by"])


# --------------------------------------------------------------------------- glossary, outlook


def _load_keyed(model, key_field, rows, counts, replace):
    """Create the rows ({key: (values, where)}) that are missing; with `replace`,
    update those whose values differ."""
    existing = {getattr(row, key_field): row for row in model.objects.all()}
    for key, (values, where) in rows.items():
        row = existing.get(key)
        if row is None:
            row = model(**{key_field: key}, **values)
            _check(row, where, ["source", "certification"])
            row.save()
            counts["created"] += 1
        elif replace and _assign(row, values):
            _check(row, where, ["source", "certification"])
            row.save()
            counts["updated"] += 1


def _load_glossary(entries, sources, replace, counts):
    rows = {}
    for order, entry in enumerate(entries, start=1):
        where = f"glossary term {entry.get('slug')}"
        if entry.get("source") in (None, ""):
            raise SeedError(f"{where}: every glossary term needs a source.")
        rows[entry["slug"]] = (
            {
                "term": entry["term"],
                "definition": " ".join(entry["definition"].split()),
                "also_called": entry.get("also_called", ""),
                "source": _source(sources, entry["source"], where),
                "order": entry.get("order", order),
            },
            where,
        )
    _load_keyed(GlossaryTerm, "slug", rows, counts["glossary_terms"], replace)


def _load_outlook(entries, sources, replace, counts):
    certifications = {cert.code: cert for cert in Certification.objects.all()}
    rows = {}
    for order, entry in enumerate(entries, start=1):
        where = f"outlook fact {entry.get('key')}"
        if entry.get("source") in (None, ""):
            raise SeedError(f"{where}: every outlook fact needs a source.")
        code = entry.get("certification")
        if code and code not in certifications:
            raise SeedError(f"{where}: unknown certification code “{code}”.")
        rows[entry["key"]] = (
            {
                "label": entry["label"],
                "value": entry["value"],
                "number": entry.get("number"),
                "unit": entry.get("unit", ""),
                "certification": certifications[code] if code else None,
                **_dated(str(entry.get("as_of", ""))),
                "source": _source(sources, entry["source"], where),
                "order": entry.get("order", order),
            },
            where,
        )
    _load_keyed(OutlookFact, "key", rows, counts["outlook_facts"], replace)


# --------------------------------------------------------------------------- synonyms


def _load_synonyms(entries, replace, counts):
    """Each entry is a phrase and its meanings, one `SearchSynonym` row each. A
    replace deletes the other meanings of the phrases the file lists."""
    existing = set(SearchSynonym.objects.values_list("phrase", "meaning"))
    to_create = []
    for entry in entries:
        where = f"search synonym “{entry.get('phrase', '')}”"
        meanings = entry.get("meanings") or []
        if not meanings:
            raise SeedError(f"{where}: no meanings.")
        rows = []
        for meaning in meanings:
            synonym = SearchSynonym(phrase=entry.get("phrase", ""), meaning=meaning)
            _check(synonym, where)
            rows.append(synonym)
        if replace:
            counts["synonyms"]["deleted"] += _delete(
                SearchSynonym.objects.filter(phrase=rows[0].phrase).exclude(
                    meaning__in=[row.meaning for row in rows]
                )
            )
        for synonym in rows:
            if (synonym.phrase, synonym.meaning) not in existing:
                existing.add((synonym.phrase, synonym.meaning))
                to_create.append(synonym)
    SearchSynonym.objects.bulk_create(to_create)
    counts["synonyms"]["created"] += len(to_create)
