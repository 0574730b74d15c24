"""The default search backend: full text in the project's own database.

SQLite uses an FTS5 table, PostgreSQL a ``tsvector`` column with a GIN index;
both index the same application-side tokens (``search.text.index_tokens``:
CJK bigrams and Latin words), so only the match clause differs by vendor. A
two-character Japanese term is one token; a longer one is a phrase of
consecutive bigrams; a one-character term falls back to a substring match
over the normalised plain text.

Facets, filters and sorting run over an in-process numpy image of the
indexed facet values (``_FacetIndex``), rebuilt whenever the index changes
(``SearchIndexState.token``), so a query costs one full-text lookup plus
array work, however many listings match.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from config.prepared import Prepared
from listings.models import Listing
from listings.selectors import listing_list_published

from ..documents import BODY_FIELDS, claims_text, listing_documents
from ..highlight import highlight_fields, term_pattern
from ..models import IndexedListing, SearchIndexState
from ..query_parser import ParsedQuery, Term, parse_query
from ..text import RUN_BREAK, index_tokens, normalize
from .base import (
    FACET_NAMES,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# Facet values returned per facet (most frequent first).
FACET_LIMIT = 50
# Weights: a match in the title counts more than one in the body.
TITLE_WEIGHT = 4.0
BODY_WEIGHT = 1.0
# PostgreSQL keeps at most this many positions per lexeme and position.
_PG_MAX_POSITION = 16383
_PG_MAX_POSITIONS_PER_LEXEME = 255

# Facets kept in the in-process image: the displayed ones plus full IPC codes.
_IMAGE_FACETS = ("ipc", *FACET_NAMES)

# Filter key of SearchQuery -> facet holding its values.
FILTER_FACETS = {
    "field": "field",
    "owner": "owner",
    "prefecture": "prefecture",
    "license_type": "license_type",
    "offer": "offer",
    "implementation_record": "implementation_record",
    "licensing_record": "licensing_record",
    "status": "status",
    "strategic_field": "strategic_field",
}


# The same statements as migrations 0002 and 0004 (tests run without migrations).
_SCHEMA = {
    "sqlite": [
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
        "title, body, tokenize='ascii', detail='full')",
    ],
    "postgresql": [
        "ALTER TABLE search_indexedlisting "
        "ADD COLUMN IF NOT EXISTS search_vector tsvector",
        "CREATE INDEX IF NOT EXISTS search_indexedlisting_vector_gin "
        "ON search_indexedlisting USING gin (search_vector)",
        # In the row, not in TOAST: ranking reads every match's vector.
        "ALTER TABLE search_indexedlisting ALTER COLUMN search_vector SET STORAGE MAIN",
    ],
}


def ensure_fulltext_schema(using=None) -> None:
    """Create the vendor's full-text table/column if missing (idempotent)."""
    from django.db import connections

    conn = connections[using] if using else connection
    with conn.cursor() as cursor:
        for sql in _SCHEMA.get(conn.vendor, []):
            cursor.execute(sql)


def fulltext_schema_present() -> bool:
    """Whether the vendor's full-text table/column exists."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = "
                "'search_indexedlisting' AND column_name = 'search_vector'"
            )
        else:
            return True
        return cursor.fetchone() is not None


def _heal_schema() -> bool:
    """Create the full-text schema if it is missing (a database built without
    migrations, e.g. the test database); return whether anything was done."""
    if fulltext_schema_present():
        return False
    ensure_fulltext_schema()
    return True


# --- documents -> rows --------------------------------------------------------


def _facet_values(doc: dict) -> dict[str, list[str]]:
    return {
        "ipc": doc["ipc"],
        "ipc_section": doc["ipc_section"],
        "ipc_class": doc["ipc_class"],
        "ipc_subclass": doc["ipc_subclass"],
        "field": list(dict.fromkeys(doc["fields"])),
        "owner": [doc["owner"]],
        "prefecture": [doc["prefecture"]] if doc["prefecture"] else [],
        "license_type": doc["license_types"],
        "offer": doc["offers"],
        "implementation_record": [doc["implementation_record"]],
        "licensing_record": [doc["licensing_record"]],
        "status": [doc["status"]],
        "strategic_field": list(doc.get("strategic_fields") or []),
    }


def _texts(doc: dict) -> tuple[str, str]:
    title = normalize(f"{doc['title']}\n{doc['invention_title']}")
    body_parts = [doc[name] for name in BODY_FIELDS]
    body_parts += doc["fields"] + doc["functions"] + doc["ipc"]
    body_parts += [doc["owner_name_ja"], doc["owner_name_en"]]
    body_parts += doc["patent_numbers"] + doc["patent_numbers_norm"]
    body = normalize("\n".join(p for p in body_parts if p))
    return title, body


def document_row(doc: dict) -> IndexedListing:
    """The IndexedListing row of one document (not saved)."""
    title, body = _texts(doc)
    return IndexedListing(
        listing_id=doc["id"],
        title_text=title,
        body_text=body,
        title_tokens=" ".join(index_tokens(title, normalized=True)),
        body_tokens=" ".join(index_tokens(body, normalized=True)),
        facets=_facet_values(doc),
        published_at=doc["published_at"],
        updated_at=doc["updated_at"],
        indexed_at=timezone.now(),
    )


def _pg_tsvector(title_tokens: str, body_tokens: str) -> str:
    """A tsvector literal with explicit positions (title weight A, body B)."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, tokens in (("A", title_tokens), ("B", body_tokens)):
        for token in tokens.split():
            pos += 1
            if pos > _PG_MAX_POSITION:
                break
            bucket = positions.setdefault(token, [])
            if len(bucket) < _PG_MAX_POSITIONS_PER_LEXEME:
                bucket.append(f"{pos}{weight}")
        pos += 1  # no phrase spans title and body
    return " ".join(f"'{lex}':{','.join(p)}" for lex, p in positions.items())


# --- query -> match expression ------------------------------------------------


def _segments(term: Term) -> list[list[str]]:
    """The phrases a term needs: one per CJK run / word sequence."""
    segments: list[list[str]] = [[]]
    for token in index_tokens(term.text, normalized=True):
        if token == RUN_BREAK:
            segments.append([])
        else:
            segments[-1].append(token)
    return [s for s in segments if s]


def _is_substring_term(term: Term) -> bool:
    return len(term.text) == 1


class _Dialect:
    def phrase(self, tokens: list[str]) -> str:
        raise NotImplementedError

    def all_of(self, parts: list[str]) -> str:
        raise NotImplementedError

    def any_of(self, parts: list[str]) -> str:
        raise NotImplementedError

    def but_not(self, positive: str, negative: str) -> str:
        raise NotImplementedError

    def term(self, term: Term) -> str | None:
        segments = _segments(term)
        if not segments:
            return None
        return self.all_of([self.phrase(s) for s in segments])


class _Fts5(_Dialect):
    def phrase(self, tokens):
        return '"' + " ".join(tokens) + '"'

    def all_of(self, parts):
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def any_of(self, parts):
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def but_not(self, positive, negative):
        return f"{positive} NOT {negative}"


class _TsQuery(_Dialect):
    def phrase(self, tokens):
        inner = " <-> ".join(f"'{t}'" for t in tokens)
        return inner if len(tokens) == 1 else f"({inner})"

    def all_of(self, parts):
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"

    def any_of(self, parts):
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    def but_not(self, positive, negative):
        return f"{positive} & !{negative}"


def _dialect() -> _Dialect:
    return _TsQuery() if connection.vendor == "postgresql" else _Fts5()


def _parse_ids(text: str | None) -> np.ndarray:
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.array(text.split(","), dtype=np.int64)


def engine_ids(expression: str) -> np.ndarray:
    """Every listing id matching the full-text expression (unordered).

    Aggregated into one string in SQL: no per-row work in Python, so a term
    matching half the index costs about as much as counting it.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Eight big-endian bytes per id: no number parsing on either side.
            cursor.execute(
                "SELECT string_agg(int8send(listing_id), '') FROM search_indexedlisting "
                "WHERE search_vector @@ CAST(%s AS tsquery)",
                [expression],
            )
            raw = cursor.fetchone()[0]
            return np.frombuffer(bytes(raw or b""), dtype=">i8").astype(np.int64)
        else:
            cursor.execute(
                "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH %s",
                [expression],
            )
        return _parse_ids(cursor.fetchone()[0])


_RANK_RECORD = np.dtype([("id", ">i8"), ("score", ">f4")])


def engine_ranking(expression: str) -> tuple[np.ndarray, np.ndarray]:
    """Every match of the expression, best first: (ids, scores; higher is better).

    One pass ranks all matches, so one cached answer serves every page and
    every filter combination (they are applied in the process). The cost is
    in reading each match's vector, which ranking the top few needs as well.
    Ties are broken by the higher listing id.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One binary aggregate of (int8 id, float4 score) records, big-
            # endian: exact scores, no per-row work in Python for tens of
            # thousands of matches. MATERIALIZED: each match is ranked once.
            cursor.execute(
                "WITH ranked AS MATERIALIZED (SELECT listing_id, "
                "ts_rank_cd('{0.1, 0.2, %s, %s}', search_vector, q) AS score "
                "FROM search_indexedlisting, CAST(%s AS tsquery) q "
                "WHERE search_vector @@ q) "
                "SELECT string_agg(int8send(listing_id) || float4send(score), '' "
                "ORDER BY score DESC, listing_id DESC) FROM ranked",
                [BODY_WEIGHT / TITLE_WEIGHT, 1.0, expression],
            )
            raw = cursor.fetchone()[0]
            records = np.frombuffer(bytes(raw or b""), dtype=_RANK_RECORD)
            return (
                records["id"].astype(np.int64),
                records["score"].astype(np.float64),
            )
        cursor.execute(
            "SELECT rowid, -bm25(search_fts, %s, %s) AS score FROM search_fts "
            "WHERE search_fts MATCH %s ORDER BY score DESC, rowid DESC",
            [TITLE_WEIGHT, BODY_WEIGHT, expression],
        )
        rows = cursor.fetchall()
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    ids, scores = zip(*rows, strict=True)
    return np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64)


def _decode_claims(raw) -> str:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return ""
    return claims_text(raw)


def _substring_ids(text: str) -> np.ndarray:
    ids = IndexedListing.objects.filter(
        Q(title_text__contains=text) | Q(body_text__contains=text)
    ).values_list("listing_id", flat=True)
    return np.fromiter(ids, np.int64)


# --- the in-process facet image -------------------------------------------------


class _FacetIndex:
    """Facet values and dates of every indexed listing as numpy arrays.

    Position ``i`` is the i-th indexed listing by id. Each facet is stored
    CSR-style: the values of the listing at position ``i`` are
    ``flat[ptr[i]:ptr[i + 1]]`` (indexes into ``values``), so counting a
    facet over the matches costs time in proportion to the matches.
    """

    FILTER_CACHE_SIZE = 256

    def __init__(self, rows):
        ids: list[int] = []
        published: list[float] = []
        updated: list[float] = []
        tables: dict[str, dict[str, int]] = {name: {} for name in _IMAGE_FACETS}
        lengths: dict[str, list[int]] = {name: [] for name in _IMAGE_FACETS}
        flats: dict[str, list[int]] = {name: [] for name in _IMAGE_FACETS}
        for listing_id, facets, published_at, updated_at in rows:
            ids.append(listing_id)
            published.append(published_at.timestamp() if published_at else 0.0)
            updated.append(updated_at.timestamp() if updated_at else 0.0)
            facets = facets or {}
            for name in _IMAGE_FACETS:
                values = facets.get(name) or ()
                table = tables[name]
                lengths[name].append(len(values))
                flat = flats[name]
                for value in values:
                    index = table.get(value)
                    if index is None:
                        index = table[value] = len(table)
                    flat.append(index)
        self.ids = np.array(ids, dtype=np.int64)
        if len(self.ids) > 1 and not np.all(self.ids[1:] > self.ids[:-1]):
            raise ValueError("rows must come ordered by listing id")
        self.published = np.array(published, dtype=np.float64)
        self.updated = np.array(updated, dtype=np.float64)
        self.values = {name: list(table) for name, table in tables.items()}
        self.ptr: dict[str, np.ndarray] = {}
        self.flat: dict[str, np.ndarray] = {}
        self.pair_doc: dict[str, np.ndarray] = {}
        self.single: dict[str, np.ndarray] = {}
        for name in _IMAGE_FACETS:
            counts = np.array(lengths[name], dtype=np.int64)
            ptr = np.zeros(len(counts) + 1, dtype=np.int64)
            np.cumsum(counts, out=ptr[1:])
            self.ptr[name] = ptr
            self.flat[name] = np.array(flats[name], dtype=np.int64)
            self.pair_doc[name] = np.repeat(np.arange(len(counts)), counts)
            if len(counts) and counts.max() <= 1:
                # At most one value per listing: a dense array is faster.
                dense = np.full(len(counts), -1, dtype=np.int64)
                dense[self.pair_doc[name]] = self.flat[name]
                self.single[name] = dense
        self._filter_cache: dict[tuple, np.ndarray] = {}
        self._all_counts: dict[str, list[tuple[str, int]]] | None = None

    @property
    def size(self) -> int:
        return len(self.ids)

    def positions(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of ``ids`` in the image, and which of ``ids`` were found."""
        if not len(self.ids) or not len(ids):
            return np.zeros(0, np.int64), np.zeros(len(ids), bool)
        pos = np.searchsorted(self.ids, ids)
        pos = np.minimum(pos, len(self.ids) - 1)
        found = self.ids[pos] == ids
        return pos[found], found

    def docs_with(self, name: str, wanted: Callable[[str], bool]) -> np.ndarray:
        """Boolean mask over positions: listings with a value ``wanted`` accepts."""
        mask = np.zeros(self.size, dtype=bool)
        if name not in self.values:
            return mask
        accept = np.array([bool(wanted(v)) for v in self.values[name]], dtype=bool)
        if not accept.any():
            return mask
        mask[self.pair_doc[name][accept[self.flat[name]]]] = True
        return mask

    def _filter_key_mask(self, key: str, values: list[str]) -> np.ndarray | None:
        cache_key = (key, tuple(sorted(values)))
        cached = self._filter_cache.get(cache_key)
        if cached is not None:
            return cached
        if key == "ipc":
            prefixes = tuple(v.upper() for v in values)
            mask = self.docs_with("ipc", lambda v: v.startswith(prefixes))
        elif key in FILTER_FACETS:
            wanted = set(values)
            mask = self.docs_with(FILTER_FACETS[key], lambda v: v in wanted)
        else:
            return None
        if len(self._filter_cache) >= self.FILTER_CACHE_SIZE:
            self._filter_cache.clear()
        self._filter_cache[cache_key] = mask
        return mask

    def filter_mask(self, filters: dict[str, list[str]]) -> np.ndarray | None:
        """AND across keys, OR within a key; None when nothing filters."""
        mask = None
        for key, raw_values in (filters or {}).items():
            values = [str(v).strip() for v in raw_values or [] if str(v).strip()]
            if not values:
                continue
            key_mask = self._filter_key_mask(key, values)
            if key_mask is None:
                continue
            mask = key_mask if mask is None else mask & key_mask
        return mask

    def _count(self, name: str, positions: np.ndarray | None) -> np.ndarray:
        flat, ptr = self.flat[name], self.ptr[name]
        dense = self.single.get(name)
        if dense is not None:
            chosen = dense if positions is None else dense[positions]
            return np.bincount(chosen[chosen >= 0], minlength=len(self.values[name]))
        if positions is None:
            return np.bincount(flat, minlength=len(self.values[name]))
        starts = ptr[positions]
        lengths = ptr[positions + 1] - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(len(self.values[name]), dtype=np.int64)
        # Gather the ragged slices flat[starts[i]:starts[i] + lengths[i]].
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        offsets += np.arange(total)
        return np.bincount(flat[offsets], minlength=len(self.values[name]))

    def facet_counts(self, positions: np.ndarray) -> dict[str, list[tuple[str, int]]]:
        """Top values per facet (count desc, then value) over ``positions``."""
        everything = len(positions) == self.size
        if everything and self._all_counts is not None:
            return self._all_counts
        result: dict[str, list[tuple[str, int]]] = {}
        for name in FACET_NAMES:
            if name not in self.values:
                result[name] = []
                continue
            counts = self._count(name, None if everything else positions)
            nonzero = np.nonzero(counts)[0]
            if len(nonzero) > FACET_LIMIT:
                # Keep the candidates that can make the cut, then order them.
                cut = np.partition(counts[nonzero], -FACET_LIMIT)[-FACET_LIMIT]
                nonzero = nonzero[counts[nonzero] >= cut]
            values = self.values[name]
            ordered = sorted(
                ((values[i], int(counts[i])) for i in nonzero),
                key=lambda item: (-item[1], item[0]),
            )
            result[name] = ordered[:FACET_LIMIT]
        if everything:
            self._all_counts = result
        return result


_image_lock = threading.Lock()
_image: dict[str, object] = {"key": None, "index": None, "building": False}
# From this size on, a changed index is re-read in a background thread while
# queries keep using the previous image (it takes seconds at 100,000
# listings). Until it is swapped in, a just-indexed listing can be missing
# from counts for that long; hits are re-checked against the database anyway.
BACKGROUND_REBUILD_MIN = 20_000


# Read before every query (the answers' and the facet image's key).
_TOKEN = Prepared(
    lambda: SearchIndexState.objects.filter(pk=1).order_by().values_list("token")
)


def _index_token() -> str | None:
    rows = _TOKEN.rows()
    return rows[0][0] if rows else None


def _read_image() -> _FacetIndex:
    rows = (
        IndexedListing.objects.order_by("listing_id")
        .values_list("listing_id", "facets", "published_at", "updated_at")
        .iterator(chunk_size=5000)
    )
    return _FacetIndex(rows)


def _rebuild_in_background(database: str) -> None:
    try:
        token = _index_token()
        index = _read_image()
        with _image_lock:
            _image["key"], _image["index"] = (database, token), index
    except Exception:  # the next query tries again
        logger.exception("Rebuilding the search facet image failed.")
    finally:
        with _image_lock:
            _image["building"] = False
        connection.close()


def facet_index(token: str | None = None) -> _FacetIndex:
    """The facet image of the current index (re-read after any index write).

    ``token``: the index token the caller just read (saves reading it again).
    """
    token = token or _index_token()
    database = connection.settings_dict.get("NAME")
    key = (database, token)
    with _image_lock:
        current = _image["index"]
        current_key = _image["key"]
        if token and current_key == key and current is not None:
            return current  # type: ignore[return-value]
        if (
            token
            and current is not None
            and current_key is not None
            and current_key[0] == database  # type: ignore[index]
            and current.size >= BACKGROUND_REBUILD_MIN  # type: ignore[attr-defined]
        ):
            if not _image["building"]:
                _image["building"] = True
                threading.Thread(
                    target=_rebuild_in_background, args=(database,), daemon=True
                ).start()
            return current  # type: ignore[return-value]
    index = _read_image()
    if token:
        with _image_lock:
            _image["key"], _image["index"] = key, index
    return index


class _EngineCache:
    """Full-text answers of the current index, least recently used.

    Keyed by the match expression: popular searches repeat, and their engine
    work (every match read, every match ranked) is the bulk of a search on
    PostgreSQL. Entries belong to one index token; any index write changes
    the token and so drops them all. Each process keeps its own entries
    (bounded by entries and by the ids held); when the ``answers`` cache is
    shared (ANSWER_CACHE_URL=redis://...), entries up to 1 MB are also kept
    there for a few minutes, so each answer is computed once per index
    version rather than once per process.
    """

    MAX_ENTRIES = 512
    MAX_IDS = 1_000_000  # about 8 MB of int64 per process
    SHARED_SECONDS = 300
    SHARED_MAX_BYTES = 1024 * 1024

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._entries: OrderedDict[tuple, tuple] = OrderedDict()
        self._ids = 0

    def peek(self, index_key: tuple, key: tuple):
        """The entry held in this process, or None (never computes)."""
        if not index_key[1]:
            return None
        with self._lock:
            if self._key == index_key and key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key][0]
        return None

    def get_or_compute(self, index_key: tuple, key: tuple, compute):
        if not index_key[1]:
            return compute()
        value = self.peek(index_key, key)
        if value is not None:
            return value
        shared_key = (
            "search:engine:" + hashlib.sha1(repr((index_key, key)).encode()).hexdigest()
        )
        value = self._shared_get(shared_key)
        if value is None:
            value = compute()
            self._shared_set(shared_key, value)
        parts = value if isinstance(value, tuple) else (value,)
        for part in parts:
            part.setflags(write=False)  # shared between requests
        size = sum(len(part) for part in parts)
        if size > self.MAX_IDS // 4:
            return value
        with self._lock:
            if self._key != index_key:
                self._key, self._ids = index_key, 0
                self._entries.clear()
            if key not in self._entries:
                self._entries[key] = (value, size)
                self._ids += size
            while self._entries and (
                len(self._entries) > self.MAX_ENTRIES or self._ids > self.MAX_IDS
            ):
                _old, (_value, old_size) = self._entries.popitem(last=False)
                self._ids -= old_size
        return value

    @staticmethod
    def _shared():
        """The answers cache when processes share it, else None.

        A per-process answers cache would only duplicate this one.
        """
        shared = caches["answers"]
        return None if isinstance(shared, LocMemCache) else shared

    def _shared_get(self, key: str):
        shared = self._shared()
        if shared is None:
            return None
        try:
            stored = shared.get(key)
        except Exception:  # the shared cache is an optimisation only
            logger.warning("Search engine cache unavailable.", exc_info=True)
            return None
        if stored is None:
            return None
        parts = tuple(np.frombuffer(raw, dtype=dtype) for dtype, raw in stored[1])
        return parts if stored[0] else parts[0]

    def _shared_set(self, key: str, value) -> None:
        shared = self._shared()
        parts = value if isinstance(value, tuple) else (value,)
        if shared is None or sum(p.nbytes for p in parts) > self.SHARED_MAX_BYTES:
            return
        stored = (
            isinstance(value, tuple),
            [(part.dtype.str, part.tobytes()) for part in parts],
        )
        try:
            shared.set(key, stored, self.SHARED_SECONDS)
        except Exception:  # the shared cache is an optimisation only
            logger.warning("Search engine cache unavailable.", exc_info=True)

    def clear(self) -> None:
        with self._lock:
            self._key, self._ids = None, 0
            self._entries.clear()


_engine_cache = _EngineCache()


def _bump_index_token() -> None:
    SearchIndexState.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


# Whole answers (hits with highlights, total, facet counts) per index version
# and query, in the ``answers`` cache. They depend on the index only (the
# highlights on the listing text that version indexed), so they are never
# stale: any index write changes the token, and so the key. Viewer checks
# happen after the backend (search.selectors), on every request.
RESULT_CACHE_SECONDS = 300


def _result_key(index_key: tuple, query: SearchQuery) -> str:
    filters = sorted(
        (name, tuple(sorted(str(v) for v in values)))
        for name, values in (query.filters or {}).items()
        if values
    )
    shape = (
        index_key,
        query.text,
        filters,
        query.sort,
        int(query.page or 1),
        int(query.page_size or 20),
        bool(query.with_facets),
    )
    return "search:result:" + hashlib.sha1(repr(shape).encode()).hexdigest()


def _shared_result_get(key: str) -> SearchResult | None:
    try:
        return caches["answers"].get(key)
    except Exception:  # the shared cache is an optimisation only
        logger.warning("Search result cache unavailable.", exc_info=True)
        return None


def _shared_result_set(key: str, result: SearchResult) -> None:
    try:
        caches["answers"].set(key, result, RESULT_CACHE_SECONDS)
    except Exception:  # the shared cache is an optimisation only
        logger.warning("Search result cache unavailable.", exc_info=True)


# --- the backend ----------------------------------------------------------------


class DatabaseBackend(SearchBackend):
    name = "database"
    # (database, index token) of the search in progress: the engine cache key.
    # get_backend() makes an instance per call, so this is per request.
    _index_key: tuple = (None, None)

    # -- writes --

    def index_listings(self, listing_ids: Sequence[int]) -> None:
        ids = sorted({int(i) for i in listing_ids})
        if not ids:
            return
        _heal_schema()
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            published = list(
                listing_list_published()
                .filter(pk__in=chunk)
                .values_list("pk", flat=True)
            )
            rows = [document_row(doc) for doc in listing_documents(published)]
            with transaction.atomic():
                self._delete(chunk)
                self._insert(rows)
                _bump_index_token()

    def remove_listings(self, listing_ids: Sequence[int]) -> None:
        ids = sorted({int(i) for i in listing_ids})
        if not ids:
            return
        _heal_schema()
        with transaction.atomic():
            for start in range(0, len(ids), BATCH_SIZE):
                self._delete(ids[start : start + BATCH_SIZE])
            _bump_index_token()

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        ids = list(listing_list_published().order_by("pk").values_list("pk", flat=True))
        total = len(ids)
        ensure_fulltext_schema()
        with transaction.atomic():
            IndexedListing.objects.all().delete()
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.execute("DELETE FROM search_fts")
            _bump_index_token()
        if progress:
            progress(0, total)
        done = 0
        for start in range(0, total, BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            rows = [document_row(doc) for doc in listing_documents(chunk)]
            with transaction.atomic():
                self._insert(rows)
                _bump_index_token()
            done += len(chunk)
            if progress:
                progress(done, total)
        return total

    def insert_rows(self, rows: list[IndexedListing]) -> None:
        """Bulk-insert prepared rows (fresh index; used by the benchmark)."""
        with transaction.atomic():
            self._insert(rows)
            _bump_index_token()

    def _delete(self, ids: list[int]) -> None:
        IndexedListing.objects.filter(listing_id__in=ids).delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                marks = ",".join(["%s"] * len(ids))
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)

    def _insert(self, rows: list[IndexedListing]) -> None:
        if not rows:
            return
        IndexedListing.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                    [(r.listing_id, r.title_tokens, r.body_tokens) for r in rows],
                )
            elif connection.vendor == "postgresql":
                cursor.executemany(
                    "UPDATE search_indexedlisting SET search_vector = "
                    "CAST(%s AS tsvector) WHERE listing_id = %s",
                    [
                        (_pg_tsvector(r.title_tokens, r.body_tokens), r.listing_id)
                        for r in rows
                    ],
                )

    # -- reads --

    def match_expression(self, parsed: ParsedQuery) -> str | None:
        """The full-text expression of the query's positive and negative terms.

        Terms answered by the substring fallback are left out (see search()).
        """
        dialect = _dialect()
        positive: list[str] = []
        for term in parsed.must:
            if not _is_substring_term(term):
                expr = dialect.term(term)
                if expr:
                    positive.append(expr)
        for group in parsed.should_groups:
            if any(_is_substring_term(t) for t in group):
                continue
            parts = [e for e in (dialect.term(t) for t in group) if e]
            if parts:
                positive.append(dialect.any_of(parts))
        if not positive:
            return None
        expression = dialect.all_of(positive)
        negative = [
            e
            for e in (
                dialect.term(t) for t in parsed.must_not if not _is_substring_term(t)
            )
            if e
        ]
        if negative:
            expression = dialect.but_not(
                "(" + expression + ")" if " " in expression else expression,
                dialect.any_of(negative),
            )
        return expression

    def _term_ids(self, term: Term) -> np.ndarray:
        if _is_substring_term(term):
            return _substring_ids(term.text)
        expr = _dialect().term(term)
        if not expr:
            return np.zeros(0, np.int64)
        return self._engine_ids(expr)

    def _engine_ids(self, expression: str) -> np.ndarray:
        ranking = _engine_cache.peek(self._index_key, ("rank", expression))
        if ranking is not None:
            return ranking[0]
        return _engine_cache.get_or_compute(
            self._index_key, ("ids", expression), lambda: engine_ids(expression)
        )

    def _engine_ranking(self, expression: str) -> tuple[np.ndarray, np.ndarray]:
        return _engine_cache.get_or_compute(
            self._index_key, ("rank", expression), lambda: engine_ranking(expression)
        )

    def search(self, query: SearchQuery) -> SearchResult:
        try:
            with transaction.atomic():
                return self._search(query)
        except DatabaseError as exc:
            try:
                healed = _heal_schema()
            except DatabaseError:
                healed = False
            if healed:
                return self._search(query)
            raise SearchUnavailable(str(exc)) from exc

    def _search(self, query: SearchQuery) -> SearchResult:
        # Read before any engine query: a write committed meanwhile changes
        # the token, so nothing older than the token is cached under it.
        token = _index_token()
        self._index_key = (connection.settings_dict.get("NAME"), token)
        key = _result_key(self._index_key, query) if token else None
        if key is not None:
            result = _shared_result_get(key)
            if result is not None:
                return result
        image = facet_index(token)
        # Only an answer from the image of this very index version may be
        # kept: during a background re-read the previous image still answers.
        fresh = _image["key"] == self._index_key and _image["index"] is image
        result = self._answer(query, image)
        if key is not None and fresh:
            _shared_result_set(key, result)
        return result

    def _answer(self, query: SearchQuery, image: _FacetIndex) -> SearchResult:
        parsed = parse_query(query.text)
        expression = self.match_expression(parsed)
        text_sorted = query.sort == "relevance" and expression is not None
        has_positive = bool(parsed.must or parsed.should_groups)

        if text_sorted:
            # The ranking holds every match: no separate id lookup.
            positions, _found = image.positions(self._engine_ranking(expression)[0])
        elif expression is not None:
            positions, _found = image.positions(self._engine_ids(expression))
        elif has_positive and not any(
            _is_substring_term(t)
            for t in parsed.must + [t for g in parsed.should_groups for t in g]
        ):
            # Positive terms that produce no token can match nothing.
            positions = np.zeros(0, np.int64)
        else:
            positions = np.arange(image.size, dtype=np.int64)

        keep = np.ones(len(positions), dtype=bool)

        def restrict(ids: np.ndarray, include: bool) -> None:
            mask = np.zeros(image.size, dtype=bool)
            pos, _found = image.positions(ids)
            mask[pos] = True
            keep[:] &= mask[positions] if include else ~mask[positions]

        for term in parsed.must:
            if _is_substring_term(term):
                restrict(self._term_ids(term), True)
        for group in parsed.should_groups:
            if any(_is_substring_term(t) for t in group):
                ids = np.concatenate([self._term_ids(t) for t in group])
                restrict(ids, True)
        for term in parsed.must_not:
            if expression is None or _is_substring_term(term):
                restrict(self._term_ids(term), False)

        filter_mask = image.filter_mask(query.filters)
        if filter_mask is not None:
            keep &= filter_mask[positions]
        positions = positions[keep]
        total = int(len(positions))

        page = max(1, int(query.page or 1))
        size = max(1, min(int(query.page_size or 20), 100))
        wanted = min(total, page * size)
        page_ids: list[int] = []
        page_scores: list[float] = []
        if wanted > (page - 1) * size and text_sorted:
            ids, scores = self._rank(image, expression, positions, wanted)
            page_ids = [int(i) for i in ids[(page - 1) * size : wanted]]
            page_scores = [float(x) for x in scores[(page - 1) * size : wanted]]
        elif wanted > (page - 1) * size:
            if query.sort == "updated":
                primary = -image.updated[positions]
                secondary = -image.published[positions]
            else:
                primary = -image.published[positions]
                secondary = -image.updated[positions]
            tertiary = -image.ids[positions]
            if wanted < total:
                candidates = np.argpartition(primary, wanted - 1)[:wanted]
                # Ties at the cut-off are broken by the secondary keys below.
                cut = primary[candidates].max()
                candidates = np.nonzero(primary <= cut)[0]
            else:
                candidates = np.arange(total)
            order = candidates[
                np.lexsort(
                    (tertiary[candidates], secondary[candidates], primary[candidates])
                )
            ][(page - 1) * size : wanted]
            page_ids = [int(i) for i in image.ids[positions[order]]]
            page_scores = [0.0] * len(page_ids)

        facets = image.facet_counts(positions) if query.with_facets else {}
        highlights = self._highlights(page_ids, parsed)
        hits = [
            SearchHit(
                listing_id=listing_id,
                score=score,
                highlight=highlights.get(listing_id, {}),
            )
            for listing_id, score in zip(page_ids, page_scores, strict=True)
        ]
        return SearchResult(total=total, hits=hits, facets=facets)

    def _rank(self, image, expression, positions, wanted: int):
        """The ``wanted`` best of ``positions`` by the engine's rank."""
        ids, scores = self._engine_ranking(expression)
        allowed = np.zeros(image.size, dtype=bool)
        allowed[positions] = True
        ranked_positions, found = image.positions(ids)
        keep = np.zeros(len(ids), dtype=bool)
        keep[found] = allowed[ranked_positions]
        chosen = np.flatnonzero(keep)[:wanted]
        return ids[chosen], scores[chosen]

    def _highlights(
        self, listing_ids: list[int], parsed: ParsedQuery
    ) -> dict[int, dict[str, list[str]]]:
        pattern = term_pattern(t.text for t in parsed.positive_terms())
        if pattern is None or not listing_ids:
            return {}
        names = ("title", "invention_title", *BODY_FIELDS)
        meta = Listing._meta
        columns = ", ".join(meta.get_field(n).column for n in ("id", *names))
        marks = ", ".join(["%s"] * len(listing_ids))
        with connection.cursor() as cursor:
            # Raw SQL: the claims JSON is decoded only when a snippet is needed.
            cursor.execute(
                f"SELECT {columns} FROM {meta.db_table} WHERE id IN ({marks})",
                listing_ids,
            )
            rows = cursor.fetchall()
        result = {}
        for row in rows:
            values = dict(zip(names, row[1:], strict=True))
            fields: list[tuple[str, object]] = [
                (name, values[name] or "") for name in names if name != "claims"
            ]
            fields.append(("claims", partial(_decode_claims, values["claims"])))
            result[row[0]] = highlight_fields(fields, pattern)
        return result

    def warm_up(self) -> None:
        facet_index()

    def health(self) -> dict:
        try:
            _heal_schema()
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.execute("SELECT count(*) FROM search_fts WHERE rowid = 0")
                else:
                    cursor.execute("SELECT 1")
            return {"backend": self.name, "ok": True, "detail": connection.vendor}
        except Exception as exc:  # health checks report, they do not raise
            return {"backend": self.name, "ok": False, "detail": exc.__class__.__name__}
