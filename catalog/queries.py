"""Catalog queries shared by the pages and the API.

Every function returns a queryset whose number of queries does not depend on how
many certifications the catalog holds.
"""

import difflib
import functools
import itertools
import operator
import re

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    Concat,
    JSONObject,
    Lower,
    Replace,
    Upper,
)
from django.db.models.lookups import GreaterThanOrEqual, IContains
from django.urls import reverse

from catalog.models import (
    APOSTROPHES,
    SEARCH_CONFIG,
    CareSetting,
    Caveat,
    Certification,
    CertificationLink,
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
    _date,
    _decimal,
    search_phrase,
)
from certportal.cache import catalog_value


class JSONArrayAgg(Aggregate):
    """The aggregated values as one JSON array, in no defined order: SQLite's
    JSON_GROUP_ARRAY, PostgreSQL's JSONB_AGG."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="JSONB_AGG", **extra_context
        )


def json_rows(queryset, owner, outer="pk", **fields):
    """A subquery: `fields` ({key: field path}) of each row of `queryset`, which is
    filtered on `owner` = OuterRef(`outer`), as a JSON list of objects (None for no
    row).

    The short lists a page shows come back this way inside the certification's own
    row, one query for all of them instead of one each; the `Certification`
    properties that read them (`care_setting_list`…) put them in order.
    """
    return Subquery(
        queryset.filter(**{owner: OuterRef(outer)})
        .order_by()
        .values(owner)
        .annotate(rows=JSONArrayAgg(JSONObject(**fields)))
        .values("rows")
    )


def source_json(path):
    """The fields of the `Source` at `path`, for `json_rows`."""
    return JSONObject(
        **{
            name: f"{path}__{name}"
            for name in (
                "id",
                "key",
                "url",
                "title",
                "as_of_date",
                "as_of_precision",
                "as_of_note",
                "accessed_on",
                "kind",
                "note",
            )
        }
    )


# The fields of a `Fee` that `json_rows` brings back (`Certification.body_fee_list`).
FEE_FIELDS = [
    "id",
    "kind",
    "audience",
    "amount",
    "currency",
    "note",
    "as_of_date",
    "as_of_precision",
    "as_of_note",
    "is_current",
    "sources_disagree",
    "order",
]


# An outlook figure's fields with its source, as JSON: the rows that
# `Certification.outlook_fact_list` and the home page read.
OUTLOOK_FIELDS = {
    **{
        name: name
        for name in (
            "id",
            "key",
            "label",
            "value",
            "number",
            "unit",
            "as_of_date",
            "as_of_precision",
            "as_of_note",
            "order",
        )
    },
    "source": source_json("source"),
}


def composed_once(function):
    """Compose the queryset `function` returns once, and give each call a fresh
    copy of it (`.all()`).

    Composing the page querysets (their JSON subqueries and prefetches) costs more
    CPU than a page's rendering of them does; a copy costs little. The kept queryset
    is never evaluated, so no result is shared between requests.
    """
    composed = functools.cache(function)

    @functools.wraps(function)
    def fresh_copy():
        return composed().all()

    return fresh_copy


@composed_once
def published_certifications():
    """Published certifications with their body, care settings and former names."""
    return (
        Certification.objects.published()
        .select_related("body")
        .annotate(
            care_settings_json=json_rows(
                CareSetting.objects.all(),
                "certifications",
                id="id",
                slug="slug",
                name="name",
                order="order",
            ),
            former_names_json=json_rows(
                FormerName.objects.all(),
                "certification",
                id="id",
                name="name",
                note="note",
            ),
        )
    )


def published_codes(names):
    """{NAME: code}: for each of `names` (keyed in upper case) that names a published
    certification, its code as stored. A name matches a code in any case (cpc → CPC),
    else a former name in any case (cpc-h → COC). One query.
    """
    # No code holds a NUL, and PostgreSQL refuses one in a query.
    wanted = {name.upper() for name in names if "\x00" not in name}
    if not wanted:
        return {}
    matches = (
        Certification.objects.published()
        .alias(code_upper=Upper("code"), former_upper=Upper("former_names__name"))
        .filter(Q(code_upper__in=wanted) | Q(former_upper__in=wanted))
        .values_list("code", "former_names__name")
        .order_by("code")
    )
    by_code, by_former_name = {}, {}
    for code, former_name in matches:
        by_code[code.upper()] = code
        if former_name:
            by_former_name.setdefault(former_name.upper(), code)
    return {
        name: by_code.get(name) or by_former_name[name]
        for name in wanted
        if name in by_code or name in by_former_name
    }


# The certification fields a typed word or a synonym's meaning is looked for in.
PLAIN_FIELDS = ["code", "name", "specialty", "summary"]
# How alike a typed word and a word of the catalog must be to count as a typo of
# it (pg_trgm's word_similarity, at pg_trgm's own default threshold): "certifed"
# and "Certified" 0.67, "outpatent" and "outpatient" 0.62, "cpx" and "CPC" 0.5.
WORD_SIMILARITY = 0.6
# A typed word is matched on its own from this many letters, and only this many
# words are: short words ("of", "a") say little, and the form allows 100 letters.
WORD_MIN_LENGTH, MAX_WORDS = 3, 8
# A word: letters and digits, with hyphens inside codes ("cpc-h", "icd-10").
WORD = r"\w[\w-]*"

# How much of the query a candidate must hold to be suggested on PostgreSQL
# (pg_trgm word similarity): "cardiolgy" and "Certified Cardiology Coder" 0.7,
# "medcal codr" and "medical coder" 0.53, "xqzvw" and any name 0.
SUGGESTION_SIMILARITY = 0.4
# How alike a typed word and a candidate's word (difflib's ratio) must be to
# correct one by the other, and a query and a whole candidate.
WORD_CUTOFF, TEXT_CUTOFF = 0.75, 0.6


def search_certifications(queryset, query):
    """Certifications matching `query`, forgiving typos, plurals and everyday words.

    A certification matches when
    - it holds the query as typed (`holds`: code, name, specialty, summary, a former
      name or a care setting, so partial codes such as "CCS-" find);
    - it holds each typed word, the word's typos and word forms too: on PostgreSQL
      full-text search over the stored `search_document` ("coders" finds "Coder")
      and, for a word of letters only, pg_trgm's word similarity
      (`WORD_SIMILARITY`: "certifed" finds "Certified"); elsewhere each word, less
      a plural "s", as a substring;
    - or the query holds an editor's `SearchSynonym` phrase and the certification
      its meaning ("biller" finds "billing"; PostgreSQL matches the meaning by
      full-text search or in a care setting's name).

    An exact code or former name comes first; then, on PostgreSQL, relevance (code,
    name and former names weigh most, a synonym's meaning counts as the query),
    how alike the query and the code and name are, and the code; elsewhere the
    code. One query, whatever the catalog's size.
    """
    query = query.strip()
    if not query:
        return queryset
    exact_former = FormerName.objects.filter(
        certification=OuterRef("pk"), name__iexact=query
    )
    queryset = queryset.annotate(
        exact=Case(
            When(Q(code__iexact=query) | Exists(exact_former), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    words = typed_words(query)
    synonyms = synonyms_in(query)
    # In `synonyms`: the certification of the outer query has the synonym's
    # meaning in a care setting's name.
    meaning_in_care_settings = Exists(
        CareSetting.objects.filter(
            certifications=OuterRef(OuterRef("pk")), name__icontains=OuterRef("meaning")
        )
    )
    if connection.vendor != "postgresql":
        meaning_held = functools.reduce(
            operator.or_,
            (IContains(OuterRef(field), F("meaning")) for field in PLAIN_FIELDS),
        )
        match = holds(query) | Exists(
            synonyms.filter(meaning_held | meaning_in_care_settings)
        )
        if words:
            match |= functools.reduce(operator.and_, map(holds_word, words))
        return queryset.filter(match).order_by("-exact", *BY_FIT)

    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    meaning_query = SearchQuery(
        F("meaning"), search_type="websearch", config=SEARCH_CONFIG
    )
    meaning_rank = Subquery(
        synonyms.annotate(rank=SearchRank(OuterRef("search_document"), meaning_query))
        .order_by("-rank")
        .values("rank")[:1]
    )
    meaning_searched = SearchVectorExact(OuterRef("search_document"), meaning_query)
    match = (
        Q(search_document=search_query)
        | holds(query)
        | Exists(synonyms.filter(meaning_searched | meaning_in_care_settings))
    )
    if words:
        searched_text = Concat(
            *itertools.chain.from_iterable((F(f), Value(" ")) for f in PLAIN_FIELDS),
            output_field=TextField(),
        )
        match |= functools.reduce(
            operator.and_,
            (
                GreaterThanOrEqual(
                    TrigramWordSimilarity(Value(word), searched_text),
                    WORD_SIMILARITY,
                )
                if word.isalpha()
                # A code ("cpc-h", "icd-10") is no word to misspell: "CPC-H"
                # finds COC, not CPC as well.
                else holds(word)
                for word in words
            ),
        )
    return (
        queryset.annotate(
            rank=SearchRank(F("search_document"), search_query)
            + Coalesce(meaning_rank, 0.0),
            likeness=TrigramWordSimilarity(
                Value(query), Concat("code", Value(" "), "name")
            ),
        )
        .filter(match)
        # A row whose document was never stored has no rank: last, not first.
        .order_by("-exact", F("rank").desc(nulls_last=True), "-likeness", "code")
    )


def holds(text):
    """A certification holding `text`, in any case, in its code, name, specialty
    or summary, a former name or a care setting's name."""
    return (
        functools.reduce(
            operator.or_,
            (Q(**{f"{field}__icontains": text}) for field in PLAIN_FIELDS),
        )
        | Exists(
            FormerName.objects.filter(
                certification=OuterRef("pk"), name__icontains=text
            )
        )
        | Exists(
            CareSetting.objects.filter(
                certifications=OuterRef("pk"), name__icontains=text
            )
        )
    )


def holds_word(word):
    """`holds` for one typed word less a plural "s" (the word match off
    PostgreSQL): "coders" finds "Coder", "biller" finds "Billers"."""
    if len(word) > WORD_MIN_LENGTH and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return holds(word)


def typed_words(query):
    """The words of `query` matched one by one (`WORD_MIN_LENGTH`, `MAX_WORDS`)."""
    words = re.findall(WORD, search_phrase(query))
    return [word for word in words if len(word) >= WORD_MIN_LENGTH][:MAX_WORDS]


def synonyms_in(query):
    """The `SearchSynonym` rows whose phrase `query` holds, from the start of a
    word, whatever its case and apostrophes: "Doctors office" holds "doctor's
    office", "billers" holds "biller", "insurer" doesn't hold "insurance"."""
    phrase = Lower("phrase")
    for apostrophe in APOSTROPHES:
        phrase = Replace(phrase, Value(apostrophe), Value(""))
    return SearchSynonym.objects.alias(
        typed=Value(f" {search_phrase(query)} "),
        word_start=Concat(Value(" "), phrase),
    ).filter(typed__contains=F("word_start"))


def search_suggestion(query):
    """For a search that found nothing: the published code, name or former name or
    the synonym phrase closest to `query`, or None when nothing is close, and
    never the query itself. One query.

    PostgreSQL picks the candidate most alike by pg_trgm (word similarity, then
    similarity). Elsewhere difflib corrects the query word by word against the
    candidates' words ("certifed coder" → "certified coder") when every corrected
    word is in one candidate, else picks the closest candidate.
    """
    typed = search_phrase(query)
    if not typed:
        return None
    # Unordered: the parts of a UNION can't be.
    published = Certification.objects.published().order_by()
    candidates = [
        published.annotate(suggestion=F("code")),
        published.annotate(suggestion=F("name")),
        FormerName.objects.filter(certification__published=True)
        .order_by()
        .annotate(suggestion=F("name")),
        SearchSynonym.objects.order_by().annotate(suggestion=F("phrase")),
    ]
    if connection.vendor != "postgresql":
        texts = [c.values_list("suggestion", flat=True) for c in candidates]
        names = closest_texts(typed, list(texts[0].union(*texts[1:]).order_by()))
    else:
        scored = [
            candidate.annotate(
                word_likeness=TrigramWordSimilarity(Value(query), "suggestion"),
                likeness=TrigramSimilarity(Value(query), "suggestion"),
            )
            .filter(word_likeness__gte=SUGGESTION_SIMILARITY)
            .values_list("suggestion", "word_likeness", "likeness")
            for candidate in candidates
        ]
        best = scored[0].union(*scored[1:])
        best = best.order_by("-word_likeness", "-likeness", "suggestion")[:2]
        names = [suggestion for suggestion, _, _ in best]
    return next((name for name in names if search_phrase(name) != typed), None)


def closest_texts(typed, texts):
    """The difflib suggestions (see `search_suggestion`) for the normalised query
    `typed` among `texts`, best first."""
    phrases = {search_phrase(text): text for text in texts}
    vocabulary = {word for phrase in phrases for word in re.findall(WORD, phrase)}
    corrected = []
    for word in re.findall(WORD, typed):
        if word not in vocabulary:
            match = difflib.get_close_matches(word, vocabulary, n=1, cutoff=WORD_CUTOFF)
            word = match[0] if match else word
        corrected.append(word)
    suggestions = []
    fixed = " ".join(corrected)
    if fixed != typed and any(
        all(word in phrase for word in corrected) for phrase in phrases
    ):
        suggestions.append(fixed)
    closest = difflib.get_close_matches(typed, phrases, n=2, cutoff=TEXT_CUTOFF)
    return suggestions + [phrases[phrase] for phrase in closest]


def filter_certifications(queryset, filters):
    """Apply the cleaned values of `CertificationFilterForm` (empty values are skipped)."""
    if filters.get("body"):
        queryset = queryset.filter(body__slug=filters["body"])
    if filters.get("level"):
        queryset = queryset.filter(level=filters["level"])
    if filters.get("setting"):
        queryset = queryset.filter(care_settings__slug=filters["setting"])
    if filters.get("education"):
        queryset = queryset.open_with_education(filters["education"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("suits"):
        queryset = queryset.filter(starting_point=filters["suits"])
    if filters.get("q"):
        return search_certifications(queryset, filters["q"])  # by relevance
    if filters.get("sort") == "az":
        return queryset.order_by("code")
    return queryset.order_by(*BY_FIT)


# The list's default order: credentials that suit beginners first, then by level
# (entry, professional, specialty, advanced), then A–Z.
BY_FIT = [
    Case(
        When(starting_point=Certification.StartingPoint.BEGINNER, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    ),
    Case(
        *(
            When(level=level, then=Value(order))
            for order, level in enumerate(Certification.Level.values)
        ),
        default=Value(len(Certification.Level.values)),
        output_field=IntegerField(),
    ),
    "code",
]


@composed_once
def certification_pages():
    """Published certifications with everything their detail page shows, in five
    queries: the certifications (with their short lists and their body's fees as
    JSON, see `json_rows`), then their pathways, requirements, recommendations and
    fees."""
    published = Certification.objects.published()
    return (
        published_certifications()
        .select_related("replaced_by")
        .annotate(
            related_json=json_rows(
                published,
                "related",
                code="code",
                name="name",
                body_acronym="body__acronym",
            ),
            replaces_json=json_rows(published, "replaced_by", code="code", name="name"),
            source_links_json=json_rows(
                CertificationSource.objects.all(),
                "certification",
                topic="topic",
                source=source_json("source"),
            ),
            caveats_json=json_rows(
                Caveat.objects.all(),
                "certification",
                id="id",
                topic="topic",
                kind="kind",
                text="text",
            ),
            caveat_sources_json=json_rows(
                Caveat.sources.through.objects.all(),
                "caveat__certification",
                caveat="caveat_id",
                source=source_json("source"),
            ),
            outlook_json=json_rows(
                OutlookFact.objects.all(), "certification", **OUTLOOK_FIELDS
            ),
            # For the first-year cost (`catalog.costs.first_year_cost`).
            body_fees_json=json_rows(
                Fee.objects.all(),
                "body",
                outer="body",
                **{name: name for name in FEE_FIELDS},
                source=source_json("source"),
            ),
        )
        .prefetch_related(
            Prefetch(
                "pathways",
                queryset=EligibilityPathway.objects.select_related(
                    "source"
                ).prefetch_related(
                    Prefetch(
                        "requirements",
                        queryset=Requirement.objects.select_related("source"),
                    )
                ),
            ),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("source"),
            ),
            Prefetch("fees", queryset=Fee.objects.select_related("source")),
        )
    )


def bodies_with_certifications():
    return CredentialingBody.objects.prefetch_related(
        Prefetch("certifications", queryset=Certification.objects.published()),
        Prefetch("fees", queryset=Fee.objects.select_related("source")),
        "sources",
    )


def care_settings():
    return CareSetting.objects.all()


def bodies_with_counts():
    """Bodies with `certification_count`: how many published certifications each has."""
    return CredentialingBody.objects.annotate(
        certification_count=Count(
            "certifications", filter=Q(certifications__published=True)
        )
    )


def care_settings_with_counts():
    """Care settings with `certification_count` of published certifications."""
    return CareSetting.objects.annotate(
        certification_count=Count(
            "certifications", filter=Q(certifications__published=True)
        )
    )


def glossary_terms():
    """Every glossary term with its source, in the glossary's order."""
    return GlossaryTerm.objects.select_related("source")


def _term_link(term, also_called, slug):
    names = [term, *(name.strip() for name in also_called.split(","))]
    return ([name for name in names if name], f"{reverse('catalog:glossary')}#{slug}")


def glossary_links():
    """(names, url) of every glossary term, for `formatting.link_glossary_terms`,
    kept while the catalog is unchanged (one cache read once built)."""
    return catalog_value(
        "glossary-links",
        lambda: [
            _term_link(*row)
            for row in GlossaryTerm.objects.values_list("term", "also_called", "slug")
        ],
    )


def occupation_outlook_and_glossary_links():
    """The home page's outlook facts for the whole occupation (each with its
    source) and every glossary term's link, in ONE query: the two lists come back
    as JSON rows of one UNION ALL, so the page keeps to its three queries.

    Returns (facts, links): `OutlookFact` rows in order, and `glossary_links()`'s
    shape.
    """
    facts = (
        OutlookFact.objects.filter(certification__isnull=True)
        .order_by()
        .values(row=JSONObject(**OUTLOOK_FIELDS))
    )
    terms = GlossaryTerm.objects.order_by().values(
        row=JSONObject(term="term", also_called="also_called", slug="slug")
    )
    rows = [item["row"] for item in facts.union(terms, all=True).order_by()]
    facts = sorted(
        (
            OutlookFact(
                **{
                    **row,
                    "number": _decimal(row["number"]),
                    "as_of_date": _date(row["as_of_date"]),
                    "source": Source.from_json(row["source"]),
                }
            )
            for row in rows
            if "label" in row
        ),
        key=lambda fact: (fact.order, fact.pk),
    )
    links = [
        _term_link(row["term"], row["also_called"], row["slug"])
        for row in rows
        if "slug" in row
    ]
    return facts, links


def eligibility_rules():
    """Every published certification as engine rules, in a constant 5 queries."""
    certifications = (
        Certification.objects.published()
        .select_related("body")
        .prefetch_related(
            "care_settings",
            Prefetch(
                "pathways",
                queryset=EligibilityPathway.objects.prefetch_related("requirements"),
            ),
            "caveats",
        )
    )
    return [certification.as_rules() for certification in certifications]


def cached_eligibility_rules():
    """`eligibility_rules()`, kept in the shared cache while the catalog is unchanged.

    Loading them costs a query per table and a Python object per row, which grows
    with the catalog (about 0.4 s for 1,000 certifications); the rules are the same
    for every person, so one load serves every guidance page, verdict and API call
    until an editor's save gives the catalog a new version."""
    return catalog_value("eligibility-rules", eligibility_rules)


def credential_choices():
    """(code, label) for every credential a person may hold: published codes and
    their apprentice designations (CPC-A…), for the questionnaire and the API."""
    choices = []
    for code, name, apprentice in Certification.objects.published().values_list(
        "code", "name", "apprentice_designation"
    ):
        choices.append((code, f"{code} — {name}"))
        if apprentice:
            choices.append((apprentice, f"{apprentice} — {name}, apprentice"))
    return sorted(choices)


def certification_facts():
    """What the guidance page and the eligibility API say about each published
    certification beyond its verdict, by code: first-year cost (the cost rule of
    `catalog.costs`), exam, preparation, renewal and the body's rules.

    Built in five queries and kept beside the catalog version, like the engine's
    rules: the same for every person."""
    return catalog_value("certification-facts", _certification_facts)


def _certification_facts():
    from catalog.costs import first_year_cost, price

    certifications = (
        Certification.objects.published()
        .select_related("body", "preparation_source", "starting_point_source")
        .prefetch_related(
            Prefetch("fees", queryset=Fee.objects.select_related("source")),
            Prefetch("body__fees", queryset=Fee.objects.select_related("source")),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("source"),
            ),
            "care_settings",
        )
    )
    facts = {}
    for certification in certifications:
        body = certification.body
        fees = list(certification.fees.all())
        body_fees = list(body.fees.all())
        renewal_fee = {
            audience: price(fees, kind=Fee.Kind.RENEWAL, audience=audience)
            for audience in (Fee.Audience.MEMBER, Fee.Audience.NON_MEMBER)
        }
        facts[certification.code] = {
            "link": CertificationLink(
                certification.code, certification.name, body.acronym
            ),
            "body": {
                "acronym": body.acronym,
                "name": body.name,
                "url": body.get_absolute_url(),
                "summary": body.summary,
                "membership": body.membership_required_to_test,
                "membership_note": body.membership_note,
                "renewal_rules": body.renewal_rules,
                "extra_credential_ceus": body.extra_credential_ceus,
                "max_ceus": body.max_ceus,
                "dues": price(
                    body_fees,
                    kind=Fee.Kind.MEMBERSHIP,
                    audience=Fee.Audience.MEMBER,
                    label=f"{body.acronym} membership, per year",
                ),
            },
            "first_year": first_year_cost(certification, body, fees, body_fees),
            "renewal_fee": renewal_fee,
            "exam": {
                "questions": certification.exam_questions,
                "minutes": certification.exam_minutes,
                "delivery": certification.exam_delivery,
                "open_book": certification.exam_open_book,
                "note": certification.exam_note,
            },
            "preparation": {
                "months_min": certification.preparation_months_min,
                "months_max": certification.preparation_months_max,
                "note": certification.preparation_note,
                "source": certification.preparation_source,
            },
            "recommendations": [
                {"text": r.text, "source": r.source}
                for r in certification.recommendations.all()
            ],
            "starting_point": certification.starting_point,
            "starting_point_note": certification.starting_point_note,
            "status": certification.status,
            "level": certification.level,
            "category": certification.category,
            "care_settings": {
                setting.slug for setting in certification.care_settings.all()
            },
            "starting_point_source": certification.starting_point_source,
            "apprentice_note": certification.apprentice_note,
            "ceus": certification.ceus_per_cycle,
            "cycle_years": certification.cycle_years,
            "maintenance_note": certification.maintenance_note,
            "official_url": certification.official_url,
            "last_verified": certification.last_verified,
        }
    # Each body's credentials with their CEUs per cycle: renewing several at once.
    ceus_by_body = {}
    for code, fact in facts.items():
        ceus_by_body.setdefault(fact["body"]["acronym"], {})[code] = fact["ceus"]
    for fact in facts.values():
        fact["body"]["ceus_by_code"] = ceus_by_body[fact["body"]["acronym"]]
    return facts


def where_people_start(setting=None):
    """The published credentials that suit beginners (for one care setting, if
    given), coding credentials first, then by level and code: each with the facts
    `certification_facts` keeps (its one-line reason and first-year cost).

    Derived from what editors set on each certification (its starting point, care
    settings, category and level), never from a list of codes."""
    levels = list(Certification.Level.values)
    starts = [
        fact
        for fact in certification_facts().values()
        if fact["starting_point"] == Certification.StartingPoint.BEGINNER
        and fact["status"] == Certification.Status.ACTIVE
        and (setting is None or setting in fact["care_settings"])
    ]
    return sorted(
        starts,
        key=lambda fact: (
            fact["category"] != Certification.Category.CODING,
            levels.index(fact["level"]),
            fact["link"].code,
        ),
    )
