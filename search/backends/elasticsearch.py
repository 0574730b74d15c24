"""The Elasticsearch backend: ``elasticsearch.dsl`` documents, queries and facets.

Analysis needs no plugin. Every text field is indexed with a CJK bigram
analyzer (standard tokenizer + ``cjk_width`` + ``lowercase`` +
``cjk_bigram``): a CJK run becomes overlapping character bigrams, a Latin
word stays a word (an ``ngram`` tokenizer would cut English into bigrams
too). Every adjacent pair of characters in a document is a token, so a
two-character term such as 電池 (one bigram token at search time) finds
every document containing it. Longer CJK terms are searched as a phrase of
bigrams, which keeps the characters contiguous; a one-character term is a
``*c*`` wildcard over the bigram vocabulary (``output_unigrams`` would do
it at index time, but not every engine honours it).
Each text field has an ``en`` sub-field (the built-in ``english`` analyzer,
for stemming) and, only when the cluster has the analysis-kuromoji plugin
(probed once with ``_analyze``), a ``ja`` sub-field for morphological
matching of Japanese.

The alias ``<ELASTICSEARCH_INDEX_PREFIX>-listings`` is what everything reads
and writes; ``rebuild`` fills a new concrete index ``<alias>-<timestamp>``
and swaps the alias atomically. Engine failures (connection refused,
timeouts, 5xx, missing index) raise ``SearchUnavailable``.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Search,
    Text,
    analyzer,
)
from elasticsearch.dsl import Q as DslQ

from listings.models import Listing
from listings.numbers import IPCError, normalize_ipc
from listings.selectors import listing_list_published

from ..documents import BODY_FIELDS, listing_documents
from ..query_parser import ParsedQuery, Term, parse_query
from ..text import is_cjk
from .base import (
    FACET_NAMES,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
)

logger = logging.getLogger(__name__)

# --- analysis -----------------------------------------------------------------

# Standard tokenizer: Latin words stay words, CJK text comes out as single
# characters (katakana as runs), which cjk_bigram turns into overlapping
# bigrams. Same analyzer at index and search time.
cjk_analyzer = analyzer(
    "cjk_bigram_text",
    tokenizer="standard",
    filter=["cjk_width", "lowercase", "cjk_bigram"],
)
kuromoji_analyzer = analyzer(
    "ja_kuromoji",
    tokenizer="kuromoji_tokenizer",
    filter=[
        "kuromoji_baseform",
        "kuromoji_part_of_speech",
        "cjk_width",
        "ja_stop",
        "kuromoji_stemmer",
        "lowercase",
    ],
)

# Text fields searched by free text, with their boosts.
TEXT_FIELDS: dict[str, float] = {
    "title": 3,
    "invention_title": 2,
    "summary": 2,
    "overview": 1,
    "purpose": 1,
    "effect": 1,
    "applicable_products": 1,
    "advantages": 1,
    "claims": 0.5,
    "owner_name_ja": 1,
    "owner_name_en": 1,
}
# Keyword facet fields that are also searchable as text (``<name>.text``).
KEYWORD_TEXT_FIELDS: dict[str, float] = {"fields": 1, "functions": 1}
# IPC symbols and patent numbers are copied into one text field, so free
# text such as "H01M" or 特願2020-123456 finds them (as the database does).
CODES_FIELD = "codes"

# Facet name (see base.FACET_NAMES) -> keyword field of the document.
FACET_FIELDS: dict[str, str] = {
    "ipc_section": "ipc_section",
    "ipc_class": "ipc_class",
    "ipc_subclass": "ipc_subclass",
    "strategic_field": "strategic_fields",
    "field": "fields",
    "owner": "owner",
    "prefecture": "prefecture",
    "license_type": "license_types",
    "offer": "offers",
    "implementation_record": "implementation_record",
    "licensing_record": "licensing_record",
    "status": "status",
}
# Filter key (see base.FILTER_KEYS) -> keyword field; "ipc" is a prefix filter.
FILTER_FIELDS: dict[str, str] = {
    "field": "fields",
    "owner": "owner",
    "prefecture": "prefecture",
    "license_type": "license_types",
    "offer": "offers",
    "implementation_record": "implementation_record",
    "licensing_record": "licensing_record",
    "status": "status",
    "strategic_field": "strategic_fields",
}
FACET_SIZE = 50
# Snippets as the database backend makes them: the title whole, then at most
# MAX_SNIPPETS other fields (in this order) with one fragment each.
TITLE_HIGHLIGHT = "title"
SNIPPET_FIELDS = ("invention_title", *BODY_FIELDS)
SNIPPET_CHARS = 160
MAX_SNIPPETS = 2
# Elasticsearch refuses from + size beyond index.max_result_window.
MAX_RESULT_WINDOW = 10_000
BULK_CHUNK = 500
# Bulk requests of a rebuild may legitimately take longer than a search.
BULK_TIMEOUT = 120


def _text(kuromoji: bool) -> Text:
    subfields: dict[str, Any] = {"en": Text(analyzer="english")}
    if kuromoji:
        subfields["ja"] = Text(analyzer=kuromoji_analyzer)
    return Text(analyzer=cjk_analyzer, fields=subfields)


def _keyword_text(kuromoji: bool) -> Keyword:
    return Keyword(fields={"text": _text(kuromoji)})


def document_class(kuromoji: bool) -> type[Document]:
    """The ``Document`` of a listing, with or without the kuromoji sub-fields."""
    return _DOCUMENT_CLASSES[bool(kuromoji)]


def _make_document_class(kuromoji: bool) -> type[Document]:
    attrs: dict[str, Any] = {
        "__doc__": "One published listing as Elasticsearch stores it.",
        "__module__": __name__,
        "id": Integer(),
        **{name: _text(kuromoji) for name in TEXT_FIELDS},
        **{name: _keyword_text(kuromoji) for name in KEYWORD_TEXT_FIELDS},
        "ipc": Keyword(copy_to=CODES_FIELD),
        "ipc_section": Keyword(),
        "ipc_class": Keyword(),
        "ipc_subclass": Keyword(),
        "ipc_main_group": Keyword(),
        "strategic_fields": Keyword(),
        "owner": Keyword(),
        "prefecture": Keyword(),
        "license_types": Keyword(),
        "offers": Keyword(),
        "implementation_record": Keyword(),
        "licensing_record": Keyword(),
        "status": Keyword(),
        "language": Keyword(),
        "patent_numbers": Keyword(copy_to=CODES_FIELD),
        "patent_numbers_norm": Keyword(copy_to=CODES_FIELD),
        CODES_FIELD: Text(analyzer=cjk_analyzer),
        "published_at": Date(),
        "updated_at": Date(),
    }
    name = "ListingDocumentKuromoji" if kuromoji else "ListingDocument"
    return type(name, (Document,), attrs)


_DOCUMENT_CLASSES = {
    False: _make_document_class(False),
    True: _make_document_class(True),
}
ListingDocument = _DOCUMENT_CLASSES[False]
ListingDocumentKuromoji = _DOCUMENT_CLASSES[True]

# Keys of a search.documents document that the mapping stores.
_DOCUMENT_KEYS = tuple(
    ListingDocument._doc_type.mapping.properties.to_dict()["properties"]
)


def index_definition(name: str, *, kuromoji: bool) -> Index:
    """The concrete index ``name``: settings, analyzers and the listing mapping."""
    index = Index(name)
    index.settings(number_of_shards=1, max_result_window=MAX_RESULT_WINDOW)
    index.document(document_class(kuromoji))
    return index


def index_body(*, kuromoji: bool) -> dict:
    """The body sent to create an index (settings + mappings), for snapshots."""
    return index_definition("listings", kuromoji=kuromoji).to_dict()


# --- client -------------------------------------------------------------------

_lock = threading.Lock()
_client: Elasticsearch | None = None
_client_key: tuple | None = None
_kuromoji: dict[int, bool] = {}


def reset_client() -> None:
    """Forget the cached client and kuromoji probe (tests, settings changes)."""
    global _client, _client_key
    with _lock:
        if _client is not None:
            try:
                _client.close()
            except Exception:  # closing a dead pool must not fail a reset
                pass
        _client = None
        _client_key = None
        _kuromoji.clear()


def _settings_key() -> tuple:
    return (
        settings.ELASTICSEARCH_URL,
        getattr(settings, "ELASTICSEARCH_NODE_CLASS", "") or "",
        float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 5.0)),
        int(getattr(settings, "ELASTICSEARCH_MAX_RETRIES", 1)),
    )


def get_client() -> Elasticsearch:
    """The process-wide client for ``settings.ELASTICSEARCH_URL`` (built lazily).

    Rebuilt when the relevant settings change. Raises ``SearchUnavailable``
    when no URL is configured.
    """
    global _client, _client_key
    key = _settings_key()
    url, node_class, timeout, retries = key
    if not url:
        raise SearchUnavailable("ELASTICSEARCH_URL is not set")
    with _lock:
        if _client is None or _client_key != key:
            kwargs: dict[str, Any] = {
                "request_timeout": timeout,
                "max_retries": retries,
                "retry_on_timeout": False,
            }
            if node_class:
                kwargs["node_class"] = import_string(node_class)
            _client = Elasticsearch(url, **kwargs)
            _client_key = key
            _kuromoji.clear()
        return _client


def _is_unavailable(exc: Exception) -> bool:
    if isinstance(exc, NotFoundError):
        return True  # the index does not exist (yet): nothing to search
    if isinstance(exc, ApiError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, TransportError)


class _Unavailable:
    """Turn engine failures into ``SearchUnavailable``; let bugs (4xx) through."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is not None and _is_unavailable(exc):
            raise SearchUnavailable(f"{exc.__class__.__name__}: {exc}") from exc
        return False


# --- query building -----------------------------------------------------------


def _fields(*, cjk: bool, kuromoji: bool) -> list[str]:
    out: list[str] = []
    items = [(n, b) for n, b in TEXT_FIELDS.items()] + [
        (f"{n}.text", b) for n, b in KEYWORD_TEXT_FIELDS.items()
    ]
    for name, boost in items:
        suffix = "" if boost == 1 else f"^{boost:g}"
        out.append(f"{name}{suffix}")
        # A CJK term through the english analyzer would be split into single
        # characters and match them anywhere: only Latin terms use `.en`.
        if not cjk:
            out.append(f"{name}.en{suffix}")
        if cjk and kuromoji:
            out.append(f"{name}.ja{suffix}")
    out.append(CODES_FIELD)
    return out


def term_query(term: Term, *, kuromoji: bool) -> DslQ:
    """One parsed term as a ``multi_match`` over the text fields."""
    text = term.text
    cjk = is_cjk(text)
    if cjk and len(text) == 1:
        return single_character_query(text)
    fields = _fields(cjk=cjk, kuromoji=kuromoji)
    # A CJK term of three or more characters is several bigrams: only a
    # phrase of them keeps the characters contiguous.
    if term.phrase or (cjk and len(text.replace(" ", "")) > 2):
        return DslQ("multi_match", query=text, fields=fields, type="phrase")
    return DslQ(
        "multi_match",
        query=text,
        fields=fields,
        type="best_fields",
        operator="and",
        tie_breaker=0.3,
    )


def single_character_query(char: str) -> DslQ:
    """A one-character CJK term: any bigram (or lone unigram) containing it.

    The index holds no unigrams inside longer runs, but every occurrence of
    a character sits in some bigram token, so ``*c*`` over the (small)
    bigram vocabulary finds every document containing it.
    """
    fields = list(TEXT_FIELDS.items()) + [
        (f"{name}.text", boost) for name, boost in KEYWORD_TEXT_FIELDS.items()
    ]
    return DslQ(
        "bool",
        should=[
            DslQ("wildcard", **{name: {"value": f"*{char}*", "boost": boost}})
            for name, boost in fields
        ],
        minimum_should_match=1,
    )


def text_query(
    parsed: ParsedQuery, *, kuromoji: bool, filters: list[DslQ] | None = None
) -> DslQ:
    """The bool query of a parsed free-text query plus ``filters``.

    An empty query is ``match_all`` (filtered when there are filters).
    """
    must = [term_query(t, kuromoji=kuromoji) for t in parsed.must]
    for group in parsed.should_groups:
        must.append(
            DslQ(
                "bool",
                should=[term_query(t, kuromoji=kuromoji) for t in group],
                minimum_should_match=1,
            )
        )
    must_not = [term_query(t, kuromoji=kuromoji) for t in parsed.must_not]
    if not must and not must_not and not filters:
        return DslQ("match_all")
    if not must:
        must = [DslQ("match_all")]
    kwargs: dict[str, Any] = {"must": must}
    if must_not:
        kwargs["must_not"] = must_not
    if filters:
        kwargs["filter"] = filters
    return DslQ("bool", **kwargs)


def ipc_prefix(value: str) -> str:
    """The code prefix an IPC filter value selects.

    ``H``, ``H01``, ``H01M`` and ``H01M 4/38`` are prefixes as they are; a main
    group (``H01M 4`` or ``H01M 4/00``) becomes ``H01M 4/`` so it does not
    also select ``H01M 40/…``.
    """
    raw = " ".join((value or "").split()).upper()
    try:
        code = normalize_ipc(raw)
    except IPCError:
        return raw
    # normalize_ipc writes a main group as "H01M 4/00"; its subgroups share
    # the "H01M 4/" prefix.
    return code[:-2] if code.endswith("/00") else code


def filter_queries(filters: dict[str, list[str]]) -> list[DslQ]:
    """``term``/``terms``/``prefix`` filters; values OR-ed within a key."""
    out: list[DslQ] = []
    for key, values in (filters or {}).items():
        values = [str(v) for v in values or [] if str(v).strip()]
        if not values:
            continue
        if key == "ipc":
            prefixes = list(dict.fromkeys(ipc_prefix(v) for v in values))
            clauses = [DslQ("prefix", ipc=p) for p in prefixes]
            out.append(
                clauses[0]
                if len(clauses) == 1
                else DslQ("bool", should=clauses, minimum_should_match=1)
            )
            continue
        field = FILTER_FIELDS.get(key)
        if field is None:
            continue  # unknown keys are ignored, as the database backend does
        if len(values) == 1:
            out.append(DslQ("term", **{field: values[0]}))
        else:
            out.append(DslQ("terms", **{field: values}))
    return out


def build_search(
    query: SearchQuery, *, index: str = "listings", kuromoji: bool, client=None
) -> Search:
    """The ``Search`` for ``query`` (no request is sent)."""
    parsed = parse_query(query.text)
    search = Search(using=client, index=index) if client else Search(index=index)
    search = search.query(
        text_query(parsed, kuromoji=kuromoji, filters=filter_queries(query.filters))
    )

    if query.sort == "newest":
        search = search.sort(
            {"published_at": {"order": "desc"}},
            {"updated_at": {"order": "desc"}},
            {"id": "desc"},
        )
    elif query.sort == "updated":
        search = search.sort({"updated_at": {"order": "desc"}}, {"id": "desc"})
    else:
        search = search.sort(
            "_score", {"published_at": {"order": "desc"}}, {"id": "desc"}
        )

    page_size = max(1, min(int(query.page_size or 20), 100))
    page = max(1, int(query.page or 1))
    start = min((page - 1) * page_size, MAX_RESULT_WINDOW)
    size = max(0, min(page_size, MAX_RESULT_WINDOW - start))
    search = search.extra(from_=start, size=size, track_total_hits=True)
    search = search.source(["id"])

    if not parsed.is_empty:
        search = search.highlight_options(
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            encoder="html",
            require_field_match=False,
        )
        # The `.en` twins mark stemmed matches (batteries for "battery").
        for field in (TITLE_HIGHLIGHT, f"{TITLE_HIGHLIGHT}.en"):
            search = search.highlight(field, number_of_fragments=0)
        for field in SNIPPET_FIELDS:
            for name in (field, f"{field}.en"):
                search = search.highlight(
                    name, fragment_size=SNIPPET_CHARS, number_of_fragments=1
                )

    if query.with_facets:
        for name in FACET_NAMES:
            search.aggs.bucket(name, "terms", field=FACET_FIELDS[name], size=FACET_SIZE)
    return search


def _es_document(doc: dict) -> dict:
    body = {key: doc.get(key) for key in _DOCUMENT_KEYS if key in doc}
    for key in ("published_at", "updated_at"):
        value = body.get(key)
        if isinstance(value, datetime):
            body[key] = value.isoformat()
    return body


def _trim_highlight(raw: dict[str, list[str]]) -> dict[str, list[str]]:
    """The title's marks plus the first MAX_SNIPPETS other fields' fragments."""
    out: dict[str, list[str]] = {}
    title = raw.get(TITLE_HIGHLIGHT) or raw.get(f"{TITLE_HIGHLIGHT}.en")
    if title:
        out[TITLE_HIGHLIGHT] = list(title[:1])
    for field in SNIPPET_FIELDS:
        if len(out) - (TITLE_HIGHLIGHT in out) >= MAX_SNIPPETS:
            break
        snippets = raw.get(field) or raw.get(f"{field}.en")
        if snippets:
            out[field] = list(snippets[:1])
    return out


# --- the backend --------------------------------------------------------------


class ElasticsearchBackend(SearchBackend):
    """Search over an Elasticsearch (8.x/9.x API) cluster."""

    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | None = None):
        self._client = client

    # -- plumbing

    @property
    def client(self) -> Elasticsearch:
        return self._client or get_client()

    @property
    def alias(self) -> str:
        return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-listings"

    def kuromoji_available(self) -> bool:
        """Whether the cluster has the kuromoji tokenizer (probed once, cached)."""
        key = id(self.client)
        if key in _kuromoji:
            return _kuromoji[key]
        with _Unavailable():
            try:
                self.client.indices.analyze(tokenizer="kuromoji_tokenizer", text="電池")
                supported = True
            except ApiError as exc:
                # 400: unknown tokenizer; 401/403: may not probe, so assume not.
                if not 400 <= exc.status_code < 500:
                    raise
                supported = False
        _kuromoji[key] = supported
        return supported

    def _concrete_indices(self) -> list[str]:
        """Concrete indices behind the alias (empty when it does not exist)."""
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def _new_index_name(self) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias}-{stamp}"

    def _create_index(self, name: str, *, with_alias: bool) -> None:
        body = index_definition(name, kuromoji=self.kuromoji_available()).to_dict()
        if with_alias:
            body["aliases"] = {self.alias: {}}
        self.client.indices.create(index=name, **body)

    def ensure_index(self) -> None:
        """Create a concrete index behind the alias if there is none.

        The first index has a fixed name, so two workers racing here create
        one index, not two behind the same alias (writes would then fail).
        """
        with _Unavailable():
            if self._concrete_indices():
                return
            name = f"{self.alias}-{'0' * 20}"
            try:
                self._create_index(name, with_alias=True)
            except ApiError as exc:
                if exc.status_code != 400 or "already_exists" not in str(exc):
                    raise
                self.client.indices.update_aliases(
                    actions=[{"add": {"index": name, "alias": self.alias}}]
                )

    def refresh(self) -> None:
        """Make recent writes searchable now (tests, the end of a rebuild)."""
        with _Unavailable():
            self.client.indices.refresh(index=self.alias)

    def _bulk(self, actions: Iterable[dict]) -> int:
        ok, _errors = helpers.bulk(
            self.client.options(request_timeout=BULK_TIMEOUT),
            actions,
            chunk_size=BULK_CHUNK,
            ignore_status=(404,),  # deleting what is not there is fine
            raise_on_error=True,
        )
        return ok

    def _actions(self, index: str, ids: Sequence[int]) -> Iterator[dict]:
        published = set(
            listing_list_published().filter(pk__in=ids).values_list("pk", flat=True)
        )
        for doc in listing_documents(sorted(published)):
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": str(doc["id"]),
                "_source": _es_document(doc),
            }
        for pk in sorted(set(ids) - published):
            yield {"_op_type": "delete", "_index": index, "_id": str(pk)}

    # -- the interface

    def index_listings(self, listing_ids: Sequence[int]) -> None:
        ids = sorted({int(pk) for pk in listing_ids})
        if not ids:
            return
        with _Unavailable():
            self.ensure_index()
            self._bulk(self._actions(self.alias, ids))

    def remove_listings(self, listing_ids: Sequence[int]) -> None:
        ids = sorted({int(pk) for pk in listing_ids})
        if not ids:
            return
        with _Unavailable():
            if not self._concrete_indices():
                return  # nothing indexed, nothing to remove
            self._bulk(
                {"_op_type": "delete", "_index": self.alias, "_id": str(pk)}
                for pk in ids
            )

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        started = timezone.now()
        new = self._new_index_name()
        with _Unavailable():
            self._create_index(new, with_alias=False)
            try:
                done = self._fill(new, progress)
                self.client.indices.refresh(index=new)
                old = self._concrete_indices()
                actions: list[dict] = [
                    {"remove": {"index": name, "alias": self.alias}} for name in old
                ]
                actions.append({"add": {"index": new, "alias": self.alias}})
                self.client.indices.update_aliases(actions=actions)
            except BaseException:
                # Leave the alias on the old index; drop the half-built one.
                try:
                    self.client.options(ignore_status=404).indices.delete(index=new)
                except Exception:  # keep the original error
                    logger.warning("Could not delete half-built index %s", new)
                raise
            self._delete_stale_indices(keep=new)
        # Writes that went to the old index while this one was filling.
        changed = Listing.objects.filter(
            Q(updated_at__gte=started) | Q(status_changed_at__gte=started)
        ).values_list("pk", flat=True)
        self.index_listings(list(changed))
        return done

    def _fill(self, index: str, progress: Callable[[int, int], None] | None) -> int:
        ids = list(listing_list_published().order_by("pk").values_list("pk", flat=True))
        total = len(ids)
        if progress:
            progress(0, total)
        done = 0
        for start in range(0, total, BULK_CHUNK):
            chunk = ids[start : start + BULK_CHUNK]
            actions = (
                {
                    "_op_type": "index",
                    "_index": index,
                    "_id": str(doc["id"]),
                    "_source": _es_document(doc),
                }
                for doc in listing_documents(chunk)
            )
            self._bulk(actions)
            done += len(chunk)
            if progress:
                progress(done, total)
        return done

    def _delete_stale_indices(self, *, keep: str) -> None:
        pattern = re.compile(rf"^{re.escape(self.alias)}-\d{{20}}$")
        try:
            names = list(
                self.client.indices.get(
                    index=f"{self.alias}-*", expand_wildcards="open,closed"
                )
            )
        except NotFoundError:
            return
        for name in names:
            if name != keep and pattern.match(name):
                self.client.options(ignore_status=404).indices.delete(index=name)

    def search(self, query: SearchQuery) -> SearchResult:
        with _Unavailable():
            search = build_search(
                query,
                index=self.alias,
                kuromoji=self.kuromoji_available(),
                client=self.client,
            )
            response = search.execute()
        hits = []
        for hit in response.hits:
            highlight = _trim_highlight(
                hit.meta.highlight.to_dict() if "highlight" in hit.meta else {}
            )
            hits.append(
                SearchHit(
                    listing_id=int(hit.meta.id),
                    score=float(hit.meta.score or 0.0),
                    highlight=highlight,
                )
            )
        facets: dict[str, list[tuple[str, int]]] = {}
        if query.with_facets:
            aggs = response.aggregations
            for name in FACET_NAMES:
                facets[name] = [
                    (str(bucket.key), int(bucket.doc_count))
                    for bucket in aggs[name].buckets
                ]
        total = response.hits.total
        return SearchResult(
            total=int(total.value if hasattr(total, "value") else total),
            hits=hits,
            facets=facets,
        )

    def health(self) -> dict:
        try:
            info = self.client.info()
            version = info.get("version", {}).get("number", "?")
            count = self.client.count(index=self.alias)["count"]
            return {
                "backend": self.name,
                "ok": True,
                "detail": f"{version}; {self.alias}: {count} listings",
            }
        except NotFoundError:
            return {
                "backend": self.name,
                "ok": False,
                "detail": f"index {self.alias} is missing: run search_index --rebuild",
            }
        except Exception as exc:  # health checks report, they never raise
            return {
                "backend": self.name,
                "ok": False,
                "detail": f"{exc.__class__.__name__}: {exc}"[:300],
            }
