"""The matching engine: pure computation, no database.

Scores needs (a company's 課題) against listings and fuses the signals:

* **lexical**: BM25F over the tokens of :mod:`search.text` (CJK character
  bigrams and Latin words, so no Japanese tokenizer is needed), English stop
  words dropped, a light suffix stemmer; the title counts three times, the
  claims 0.3 times the description;
* **across languages**: the need's query gains the other-language
  equivalents of its technical terms from :mod:`matching.glossary`;
* **ipc**: IPC-hierarchy similarity (shared section, class, subclass, main
  group, subgroup with increasing weight). A need without IPC symbols gets an
  IPC profile inferred from its best lexical neighbours' symbols
  (pseudo-relevance feedback); a listing without symbols gets the need's
  average, so a missing classification is neither a bonus nor a penalty;
* **strategic field**: a listing sharing a strategic field (日本成長戦略17分野
  etc.) that the company chose for its need gains W_FIELD_CHOSEN; sharing a
  field the rules gave the need (from its IPC, inferred IPC or text) gains
  W_FIELD, which is 0: those fields restate the IPC and text the engine
  already scores, and every weight tried lowered the development figures;
* **fusion**: the max-normalised lexical score plus W_IPC × the IPC
  similarity (plus the strategic-field bonus) re-ranks the best lexical candidates (a feedback pass on the
  text exists but is off: it lowered MRR on the development needs).

Everything is sparse matrix algebra (scipy) over chunks of needs, so a full
batch of 10,000 needs × 100,000 listings runs in minutes and one new need in
milliseconds against a built :class:`ListingIndex`. :func:`explain` gives the
stored explanation: shared terms, shared IPC prefixes, best sentence pair.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from search.text import normalize, tokens

from . import glossary

ENGINE_VERSION = "bm25f-ipc-glossary-fields-4"

# Fusion weights, measured on the development needs (bench/eval_matching.py)
# and deliberately round: they are not tuned to any one need.
W_LEXICAL = 1.0
# Pseudo-relevance feedback on the text lowered MRR on the development needs
# (a single relevant listing per need), so it is off; the neighbours still
# feed the IPC inference.
W_FEEDBACK = 0.0
W_IPC = 0.1
# A shared strategic field is a coarse signal (17 broad fields): a small,
# flat bonus. For the fields the rules derive from the need's IPC and text,
# bench/eval_matching.py measured W_FIELD = 0.02 and 0.01 slightly worse than
# none (full text Recall@10 0.994 -> 0.993, MRR@10 down 0.0005): they restate
# what the IPC and lexical signals already score. A field the company chose
# is new information (its strategy, not its wording) and earns the bonus.
W_FIELD = 0.0
W_FIELD_CHOSEN = 0.02
# Weights of the glossary's other-language equivalents in the query. A
# Japanese need needs its English equivalents at full strength to reach
# English listings (30 hand-written Japanese needs: Recall@10 0.17 at 0.3,
# 0.47 at 2.0); Japanese equivalents of an English need's words get
# inflated idf in a mostly English corpus and pulled unrelated Japanese
# listings up at 2.0, so that direction stays weak.
W_TO_ENGLISH = 2.0
W_TO_JAPANESE = 0.3
FEEDBACK_DOCS = 5
FEEDBACK_TERMS = 30
FEEDBACK_WEIGHT = 0.5
CANDIDATES = 100
MAX_SENTENCES = 60
TITLE_WEIGHT = 3
# Claims are legal wording: at full weight they drowned the abstract (dev
# needs, first sentence: Recall@10 0.734 at 1.0, 0.754 at 0.3).
CLAIMS_WEIGHT = 0.3
BM25_K1 = 1.2
BM25_B = 0.6

# Level weights of the IPC hierarchy: a shared subgroup says more than a
# shared section. Level names as in listings.constants.IPCKind.
IPC_LEVELS = ("section", "class", "subclass", "main_group", "subgroup")
IPC_LEVEL_WEIGHTS = {
    "section": 0.05,
    "class": 0.15,
    "subclass": 0.4,
    "main_group": 0.7,
    "subgroup": 1.0,
}

STOPWORDS = frozenset(
    """a about above after again against all also an and any are as at be been
    being below between both but by can could did do does doing down during each
    either few for from further had has have having he her here hers him his how
    i if in into is it its itself just may me might more most must my no nor not
    of off on once one only or other our out over own same shall she should so
    some such than that the their them then there these they this those through
    thus to too under until up upon very via was we were what when where which
    while who whom why will with within without would you your wherein whereby
    thereof therein said first second least plurality comprising comprises
    comprise comprised including includes include method methods use used using
    based provide provided provides providing present invention embodiment
    embodiments example examples according herein well e g i e et al""".split()
)

_SENTENCE_RE = re.compile(
    r"(?<=[。！？!?])|(?<=\.)\s+(?=[A-Z0-9(\"'])|(?<=[a-z0-9)]\.)(?=[A-Z][a-z])|\n+"
)
_LATIN_RE = re.compile(r"^[0-9a-z]+$")


@functools.lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """A light English suffix stemmer (plural and common verb/noun endings).

    Conservative on purpose: it only folds forms that almost always share a
    meaning (cells/cell, measured/measuring/measure, detection/detect...).
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl, min_len in (
        ("ational", "ate", 4),
        ("ization", "ize", 4),
        ("ations", "ate", 4),
        ("ation", "ate", 4),
        ("ments", "", 5),
        ("ment", "", 5),
        ("ness", "", 4),
        ("ities", "", 4),
        ("ity", "", 4),
        ("ings", "", 4),
        ("ing", "", 4),
        ("ies", "y", 3),
        ("ied", "y", 3),
        ("ed", "", 4),
        ("es", "", 4),
        ("ly", "", 4),
        ("s", "", 3),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= min_len:
            if suffix in ("es",) and word[-3] not in "sxzh":
                return word[:-1]
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            base = word[: len(word) - len(suffix)] + repl
            # Undo a doubled final consonant (stopped -> stop).
            if (
                suffix in ("ing", "ed", "ings")
                and len(base) > 3
                and base[-1] == base[-2]
                and base[-1] not in "lsz"
            ):
                base = base[:-1]
            if suffix in ("ate", "ation", "ations", "ational") or repl:
                return base
            return base.rstrip("e") if base.endswith("e") and len(base) > 4 else base
    return word


def analyze(text: str) -> list[str]:
    """The engine's terms of ``text``: bigrams, stemmed Latin words, no stop words."""
    out = []
    for token in tokens(text):
        if _LATIN_RE.match(token):
            if token in STOPWORDS or (token.isdigit() and len(token) < 3):
                continue
            out.append(stem(token))
        else:
            out.append(token)
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of a Japanese or English text (。！？ and . ! ?), stripped."""
    parts = _SENTENCE_RE.split(text or "")
    return [p.strip() for p in parts if p and len(p.strip()) > 1]


# --- documents ----------------------------------------------------------------


@dataclass
class ListingDoc:
    """The text of one listing as the engine sees it."""

    id: int
    title: str
    body: str
    ipc: Sequence[str] = ()
    # Claims: legal wording, counted at CLAIMS_WEIGHT.
    claims: str = ""
    # Ids of the strategic fields the listing is tagged with.
    fields: frozenset[int] = frozenset()


@dataclass
class NeedDoc:
    """The text of one need as the engine sees it."""

    id: int
    text: str
    ipc: Sequence[str] = ()
    # Ids of the need's strategic fields (rules and the company's choice),
    # and of those the company chose itself.
    fields: frozenset[int] = frozenset()
    chosen_fields: frozenset[int] = frozenset()


def ipc_prefixes(code: str) -> list[tuple[str, str]]:
    """(level, prefix) pairs of a canonical IPC symbol, from section down."""
    code = (code or "").strip()
    if not code:
        return []
    out = [("section", code[:1])]
    if len(code) >= 3:
        out.append(("class", code[:3]))
    if len(code) >= 4:
        out.append(("subclass", code[:4]))
    if " " in code:
        group = code.split(" ", 1)[1].split("/", 1)[0]
        out.append(("main_group", f"{code[:4]} {group}/00"))
        if not code.endswith("/00"):
            out.append(("subgroup", code))
    return out


class _Vocab:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.terms: list[str] = []

    def add(self, term: str) -> int:
        idx = self.index.get(term)
        if idx is None:
            idx = self.index[term] = len(self.terms)
            self.terms.append(term)
        return idx


def _count_matrix(
    rows: Iterable[Counter], vocab: _Vocab, grow: bool
) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for counts in rows:
        for term, n in counts.items():
            idx = vocab.add(term) if grow else vocab.index.get(term)
            if idx is None:
                continue
            indices.append(idx)
            data.append(n)
        indptr.append(len(indices))
    shape = (len(indptr) - 1, len(vocab.terms))
    matrix = sparse.csr_matrix(
        (np.asarray(data, dtype=np.float32), indices, indptr), shape=shape
    )
    matrix.sum_duplicates()
    return matrix


class BM25:
    """A BM25 index over documents given as term lists (sparse, precomputed weights)."""

    def __init__(
        self,
        docs: Sequence[Sequence[str]] = (),
        k1: float = BM25_K1,
        b: float = BM25_B,
        *,
        tf: sparse.csr_matrix | None = None,
        vocab: _Vocab | None = None,
    ) -> None:
        if tf is None:
            self.vocab = _Vocab()
            tf = _count_matrix((Counter(d) for d in docs), self.vocab, grow=True)
        else:
            self.vocab = vocab
        n_docs = tf.shape[0]
        df = np.bincount(tf.indices, minlength=tf.shape[1])
        self.idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        lengths = np.asarray(tf.sum(axis=1)).ravel()
        avg = float(lengths.mean()) if n_docs else 1.0
        norm = k1 * (1 - b + b * lengths / max(avg, 1e-9))
        rows = np.repeat(np.arange(n_docs), np.diff(tf.indptr))
        weights = tf.data * (k1 + 1) / (tf.data + norm[rows].astype(np.float32))
        weights *= self.idf[tf.indices]
        self.weights = sparse.csr_matrix(
            (weights.astype(np.float32), tf.indices, tf.indptr), shape=tf.shape
        )
        # Transposed once: query chunks multiply against it.
        self.weights_t = self.weights.T.tocsr()
        # L2-normalised weights: the feedback step averages these.
        sq = np.sqrt(
            np.asarray(self.weights.multiply(self.weights).sum(axis=1)).ravel()
        )
        sq[sq == 0] = 1
        self.normalized = sparse.diags(1 / sq).dot(self.weights).tocsr()
        self.n_docs = n_docs

    def query_matrix(self, queries: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """Query term weights: 1 + log(query term frequency); unknown terms dropped."""
        matrix = _count_matrix((Counter(q) for q in queries), self.vocab, grow=False)
        matrix.data = 1 + np.log(matrix.data)
        return matrix

    def scores(self, queries: sparse.csr_matrix) -> np.ndarray:
        """Dense (queries × docs) BM25 scores."""
        return (queries @ self.weights_t).toarray()


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row: indices and values of the k best columns, best first."""
    k = min(k, scores.shape[1])
    if k <= 0:
        empty = np.zeros((scores.shape[0], 0))
        return empty.astype(np.int64), empty
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(
        vals, order, axis=1
    )


# --- the engine -----------------------------------------------------------------


@dataclass
class Candidate:
    listing_id: int
    score: float
    components: dict
    row: int = 0


@dataclass
class NeedResult:
    need_id: int
    candidates: list[Candidate] = field(default_factory=list)
    inferred_ipc: list[str] = field(default_factory=list)
    # The need's strategic fields as used for the bonus (own + inferred).
    fields: frozenset[int] = frozenset()


class ListingIndex:
    """Everything the engine needs about the listings, built once per run."""

    def __init__(self, docs: Sequence[ListingDoc]) -> None:
        self.docs = list(docs)
        self.ids = np.asarray([d.id for d in self.docs], dtype=np.int64)
        self.row_of = {d.id: i for i, d in enumerate(self.docs)}
        self._build_text()
        self._build_ipc()

    def _build_text(self) -> None:
        """Analyse every listing once, sentence by sentence.

        The term ids and sentence offsets are kept, so explanations score
        sentence pairs without tokenising the listing again.
        """
        vocab = _Vocab()
        add = vocab.add
        self.doc_terms: list[np.ndarray] = []
        self.doc_offsets: list[np.ndarray] = []
        rows, cols, vals = [], [], []
        for i, doc in enumerate(self.docs):
            ids: list[int] = []
            offsets = [0]
            body_sentences = 1 + len(split_sentences(doc.body))
            for sentence in listing_sentences(doc):
                ids.extend(add(t) for t in analyze(sentence))
                offsets.append(len(ids))
            terms = np.asarray(ids, dtype=np.int32)
            self.doc_terms.append(terms)
            self.doc_offsets.append(np.asarray(offsets, dtype=np.int32))
            weights = np.ones(len(terms), dtype=np.float32)
            weights[: offsets[1] if len(offsets) > 1 else 0] = TITLE_WEIGHT
            weights[offsets[min(body_sentences, len(offsets) - 1)] :] = CLAIMS_WEIGHT
            rows.append(np.full(len(terms), i, dtype=np.int32))
            cols.append(terms)
            vals.append(weights)
        shape = (len(self.docs), len(vocab.terms))
        if rows:
            tf = sparse.csr_matrix(
                (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                shape=shape,
            )
        else:
            tf = sparse.csr_matrix(shape, dtype=np.float32)
        tf.sum_duplicates()
        self.bm25 = BM25(tf=tf, vocab=vocab)

    def _build_ipc(self) -> None:
        self.ipc_vocab = _Vocab()
        rows = []
        for doc in self.docs:
            rows.append(_ipc_counter(doc.ipc))
        matrix = _count_matrix(rows, self.ipc_vocab, grow=True)
        self.ipc = _l2_rows(matrix)
        self.ipc_t = self.ipc.T.tocsr()
        self.has_ipc = np.diff(self.ipc.indptr) > 0

    def __len__(self) -> int:
        return len(self.docs)

    def sentence_similarities(
        self, row: int, need_side: NeedContext
    ) -> np.ndarray | None:
        """Cosine of every (need sentence, listing sentence) pair, (m × n).

        Pure numpy over the listing's stored term ids: sentence vectors are
        (1 + log tf) · idf, the same weights for both sides.
        """
        offsets = self.doc_offsets[row]
        n_sent = min(len(offsets) - 1, MAX_SENTENCES)
        if n_sent <= 0 or not len(need_side.term_ids):
            return None
        end = int(offsets[n_sent])
        if end == 0:
            return None
        size = len(self.bm25.vocab.terms)
        sentence_of = np.repeat(np.arange(n_sent), np.diff(offsets[: n_sent + 1]))
        keys = sentence_of.astype(np.int64) * size + self.doc_terms[row][:end]
        unique, counts = np.unique(keys, return_counts=True)
        u_sent, u_term = unique // size, unique % size
        weights = (1 + np.log(counts)) * self.bm25.idf[u_term]
        norms = np.sqrt(
            np.bincount(u_sent, weights=weights * weights, minlength=n_sent)
        )
        norms[norms == 0] = 1
        local = need_side.term_ids
        pos = np.searchsorted(local, u_term)
        pos[pos >= len(local)] = 0
        hit = local[pos] == u_term
        dense = np.zeros((n_sent, len(local)), dtype=np.float64)
        dense[u_sent[hit], pos[hit]] = weights[hit]
        return (need_side.matrix @ dense.T) / norms[None, :]

    def need_context(self, text: str) -> NeedContext:
        """The need's terms, word surfaces and sentence vectors (cached per text)."""
        cache = self.__dict__.setdefault("_need_contexts", {})
        found = cache.get(text)
        if found is None:
            if len(cache) >= 2_000:
                cache.clear()
            norm = normalize(text)
            surfaces: dict[str, str] = {}
            for token in tokens(norm, normalized=True):
                if _LATIN_RE.match(token):
                    surfaces.setdefault(stem(token), token)
            sentences = split_sentences(text)[:MAX_SENTENCES]
            vocab = self.bm25.vocab.index
            per_sentence = [
                Counter(vocab[t] for t in analyze(s) if t in vocab) for s in sentences
            ]
            term_ids = np.asarray(
                sorted({t for c in per_sentence for t in c}), dtype=np.int64
            )
            matrix = np.zeros((len(sentences), len(term_ids)))
            for i, counter in enumerate(per_sentence):
                for term, n in counter.items():
                    j = int(np.searchsorted(term_ids, term))
                    matrix[i, j] = (1 + math.log(n)) * float(self.bm25.idf[term])
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            norms[norms == 0] = 1
            found = cache[text] = NeedContext(
                norm=norm,
                terms=Counter(analyze(text)),
                surfaces=surfaces,
                sentences=sentences,
                term_ids=term_ids,
                matrix=matrix / norms,
            )
        return found

    def doc(self, listing_id: int) -> ListingDoc:
        return self.docs[self.row_of[listing_id]]


def listing_sentences(doc: ListingDoc) -> list[str]:
    """The title, the body's sentences, then the claims' sentences: the unit of the
    best-pair explanation."""
    return [doc.title, *split_sentences(doc.body), *split_sentences(doc.claims)]


@dataclass
class NeedContext:
    """What explanations need of a need's text, computed once per run."""

    norm: str
    terms: Counter
    surfaces: dict[str, str]
    sentences: list[str]
    term_ids: np.ndarray  # sorted vocabulary ids of the need's terms
    matrix: np.ndarray  # (sentences × term_ids), rows L2-normalised


def _ipc_counter(codes: Iterable[str]) -> Counter:
    counter: Counter = Counter()
    for code in codes:
        for level, prefix in ipc_prefixes(code):
            counter[prefix] = max(counter[prefix], IPC_LEVEL_WEIGHTS[level])
    return counter


def _l2_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    sq = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    sq[sq == 0] = 1
    return sparse.diags(1 / sq).dot(matrix).tocsr().astype(np.float32)


def _row_max_normalise(scores: np.ndarray) -> np.ndarray:
    peak = scores.max(axis=1, keepdims=True)
    peak[peak <= 0] = 1
    return scores / peak


def _feedback_queries(
    index: ListingIndex, queries: sparse.csr_matrix, first: np.ndarray
) -> sparse.csr_matrix:
    """Expand each query with the dominant terms of its best first-pass listings."""
    n = queries.shape[0]
    top, vals = top_k(first, FEEDBACK_DOCS)
    weights = np.where(vals > 0, vals, 0)
    sums = weights.sum(axis=1, keepdims=True)
    sums[sums == 0] = 1
    weights = weights / sums
    selector = sparse.csr_matrix(
        (
            weights.ravel(),
            top.ravel(),
            np.arange(0, n * top.shape[1] + 1, top.shape[1]),
        ),
        shape=(n, len(index)),
    )
    expansion = (selector @ index.bm25.normalized).tocsr()
    expansion = _prune_rows(expansion, FEEDBACK_TERMS)
    base = _l2_rows(queries)
    return (base + FEEDBACK_WEIGHT * _l2_rows(expansion)).tocsr()


def _prune_rows(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    indptr = [0]
    indices = []
    data = []
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        row_idx = matrix.indices[start:end]
        row_val = matrix.data[start:end]
        if len(row_val) > keep:
            best = np.argpartition(-row_val, keep - 1)[:keep]
            row_idx, row_val = row_idx[best], row_val[best]
        indices.append(row_idx)
        data.append(row_val)
        indptr.append(indptr[-1] + len(row_idx))
    return sparse.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0, np.float32),
            np.concatenate(indices) if indices else np.zeros(0, np.int32),
            indptr,
        ),
        shape=matrix.shape,
    )


def match(
    index: ListingIndex,
    needs: Sequence[NeedDoc],
    *,
    top: int = 10,
    chunk_size: int = 256,
    threshold: float = 0.0,
    fields_for_ipc: Callable[[Sequence[str]], Iterable[int]] | None = None,
) -> list[NeedResult]:
    """Rank the listings for each need; keep the ``top`` best above ``threshold``.

    Scores: the lexical pass is max-normalised per need (1.0 = the need's
    best listing) and the IPC cosine in [0, 1] is added with weight W_IPC;
    W_FIELD is added when the listing shares a strategic field with the need.
    ``fields_for_ipc`` maps IPC symbols to field ids (the tagging rules): a
    need without IPC symbols gains the fields of its inferred symbols.
    """
    results: list[NeedResult] = []
    if not len(index):
        return [NeedResult(need_id=n.id) for n in needs]
    for start in range(0, len(needs), chunk_size):
        chunk = needs[start : start + chunk_size]
        results.extend(
            _match_chunk(
                index,
                chunk,
                top=top,
                threshold=threshold,
                fields_for_ipc=fields_for_ipc,
            )
        )
    return results


def _match_chunk(
    index, needs, *, top, threshold, fields_for_ipc=None
) -> list[NeedResult]:
    queries = index.bm25.query_matrix([analyze(n.text) for n in needs])
    if W_TO_ENGLISH or W_TO_JAPANESE:
        # Cross-language: the glossary's equivalents of the need's terms.
        expansions = [glossary.expansion(n.text) for n in needs]
        to_en = index.bm25.query_matrix([analyze(e[0]) for e in expansions])
        to_ja = index.bm25.query_matrix([analyze(e[1]) for e in expansions])
        queries = (queries + W_TO_ENGLISH * to_en + W_TO_JAPANESE * to_ja).tocsr()
    first = index.bm25.scores(queries)
    lexical = _row_max_normalise(first)
    if W_FEEDBACK:
        feedback = index.bm25.scores(_feedback_queries(index, queries, first))
        expanded = _row_max_normalise(feedback)
        fused_lex = W_LEXICAL * lexical + W_FEEDBACK * expanded
    else:
        expanded = None
        fused_lex = W_LEXICAL * lexical
    cand_rows, _ = top_k(fused_lex, max(CANDIDATES, top))

    # IPC: given symbols, else inferred from the best lexical neighbours.
    given = _count_matrix(
        (_ipc_counter(n.ipc) for n in needs), index.ipc_vocab, grow=False
    )
    given = _l2_rows(given)
    neighbours, nvals = top_k(fused_lex, FEEDBACK_DOCS)
    results = []
    for i, need in enumerate(needs):
        rows = cand_rows[i]
        if given[i].nnz:
            profile = given[i]
            inferred: list[str] = []
        else:
            profile, inferred = _infer_ipc(index, neighbours[i], nvals[i])
        if profile is not None and profile.nnz:
            ipc_scores = np.asarray((index.ipc[rows] @ profile.T).todense()).ravel()
            known = index.has_ipc[rows]
            neutral = float(ipc_scores[known].mean()) if known.any() else 0.0
            ipc_scores = np.where(known, ipc_scores, neutral)
        else:
            ipc_scores = np.zeros(len(rows), dtype=np.float32)
        need_fields = frozenset(need.fields) | frozenset(need.chosen_fields)
        if inferred and fields_for_ipc is not None:
            need_fields |= frozenset(fields_for_ipc(inferred))
        shared = np.zeros(len(rows), dtype=bool)
        shared_chosen = np.zeros(len(rows), dtype=bool)
        if need_fields:
            chosen = frozenset(need.chosen_fields)
            for j, r in enumerate(rows):
                common = need_fields & index.docs[r].fields
                if common:
                    shared[j] = True
                    shared_chosen[j] = bool(common & chosen)
        bonus = np.where(shared_chosen, W_FIELD_CHOSEN, np.where(shared, W_FIELD, 0.0))
        final = fused_lex[i, rows] + W_IPC * ipc_scores + bonus
        lex_rank = np.argsort(np.argsort(-fused_lex[i, rows], kind="stable"))
        order = np.argsort(-final, kind="stable")[:top]
        result = NeedResult(need_id=need.id, inferred_ipc=inferred, fields=need_fields)
        for j in order:
            score = float(final[j])
            if score <= threshold or fused_lex[i, rows[j]] <= 0:
                continue
            row = int(rows[j])
            components = {
                "lexical": round(float(lexical[i, row]), 6),
                "ipc": round(float(ipc_scores[j]), 6),
                "ipc_inferred": bool(inferred),
                "bm25": round(float(first[i, row]), 6),
                "rank_lexical": int(lex_rank[j]) + 1,
                "strategic_field": 1.0 if shared[j] else 0.0,
                "strategic_field_chosen": 1.0 if shared_chosen[j] else 0.0,
            }
            if expanded is not None:
                components["feedback"] = round(float(expanded[i, row]), 6)
            result.candidates.append(
                Candidate(
                    listing_id=int(index.ids[row]),
                    score=round(score, 6),
                    row=row,
                    components=components,
                )
            )
        results.append(result)
    return results


def _infer_ipc(index: ListingIndex, rows: np.ndarray, vals: np.ndarray):
    """An IPC profile from the symbols of the need's best lexical neighbours."""
    # Only neighbours close to the best one vote: a weak lexical neighbour's
    # classification says little about the need.
    weights = np.where(vals >= 0.5 * max(float(vals.max()), 1e-9), vals, 0)
    known = index.has_ipc[rows] & (weights > 0)
    if not known.any() or weights[known].sum() <= 0:
        return None, []
    profile = sparse.csr_matrix(weights[known][None, :]) @ index.ipc[rows[known]]
    profile = _l2_rows(sparse.csr_matrix(profile))
    codes: Counter = Counter()
    for row, weight in zip(rows[known], weights[known], strict=True):
        for code in index.docs[row].ipc:
            codes[code] += float(weight)
    return profile, [code for code, _ in codes.most_common(3)]


def bm25_baseline(
    docs: Sequence[ListingDoc], needs: Sequence[NeedDoc], *, top: int = 10
) -> list[list[int]]:
    """Plain BM25 over all the text (title, body and claims as one field; same
    tokens; no stemming, stop words, field weights, IPC or glossary)."""
    bm25 = BM25(
        [tokens(f"{d.title} {d.body} {d.claims}") for d in docs], k1=1.2, b=0.75
    )
    ids = np.asarray([d.id for d in docs])
    out: list[list[int]] = []
    for start in range(0, len(needs), 256):
        chunk = needs[start : start + 256]
        scores = bm25.scores(bm25.query_matrix([tokens(n.text) for n in chunk]))
        rows, vals = top_k(scores, top)
        for r, v in zip(rows, vals, strict=True):
            out.append([int(ids[x]) for x, s in zip(r, v, strict=True) if s > 0])
    return out


# --- explanation -----------------------------------------------------------------


def explain(
    index: ListingIndex,
    need: NeedDoc,
    candidate: Candidate,
    *,
    inferred_ipc: Sequence[str] = (),
    need_fields: Iterable[int] | None = None,
    max_terms: int = 8,
) -> dict:
    """A faithful account of why the listing matched the need.

    ``shared_terms`` are the terms present in both texts, ordered by their
    contribution to the first-pass BM25 score; ``shared_ipc`` the deepest
    common IPC prefixes (from the need's own symbols, or the inferred ones,
    flagged ``inferred``); ``best_pair`` the need sentence and listing
    sentence with the highest lexical similarity under the same term weights;
    ``shared_fields`` the ids of the strategic fields both sides have
    (``need_fields``, default the need's own and chosen ones);
    ``chosen_fields`` those of them the company chose (they earned
    W_FIELD_CHOSEN).
    """
    doc = index.docs[candidate.row]
    bm25 = index.bm25
    need_side = index.need_context(need.text)
    start, end = (
        bm25.weights.indptr[candidate.row],
        bm25.weights.indptr[candidate.row + 1],
    )
    row = dict(
        zip(
            bm25.weights.indices[start:end].tolist(),
            bm25.weights.data[start:end].tolist(),
            strict=True,
        )
    )
    contrib = []
    for term, count in need_side.terms.items():
        idx = bm25.vocab.index.get(term)
        weight = row.get(idx, 0.0) if idx is not None else 0.0
        if weight > 0:
            contrib.append((weight * (1 + math.log(count)), term))
    doc_norm = normalize(f"{doc.title} {doc.body}")
    shared_terms = _phrases(contrib, need_side, doc_norm)[:max_terms]
    shared_ipc = _shared_ipc(need.ipc or inferred_ipc, doc.ipc)
    for item in shared_ipc:
        item["inferred"] = not bool(need.ipc)
    return {
        "shared_terms": shared_terms,
        "translated_terms": _translated_terms(need.text, row, bm25.vocab.index),
        "shared_ipc": shared_ipc,
        "shared_fields": sorted(
            (
                frozenset(need.fields) | frozenset(need.chosen_fields)
                if need_fields is None
                else frozenset(need_fields)
            )
            & doc.fields
        ),
        "chosen_fields": sorted(frozenset(need.chosen_fields) & doc.fields),
        "best_pair": _best_pair(index, need_side, candidate.row),
    }


def _translated_terms(need_text: str, row: dict, vocab: dict) -> list[str]:
    """Glossary pairs "need term → listing term" whose equivalent the listing contains."""
    if not (W_TO_ENGLISH or W_TO_JAPANESE):
        return []
    out = []
    for term, other in glossary.translations(need_text):
        ids = [vocab.get(t) for t in analyze(other)]
        if ids and all(i is not None and row.get(i, 0) > 0 for i in ids):
            out.append(f"{term} → {other}")
    return out[:8]


def _best_pair(index: ListingIndex, need_side: NeedContext, row: int) -> dict:
    """The (need sentence, listing sentence) pair with the highest weighted cosine."""
    best = {"need_sentence": "", "listing_sentence": "", "similarity": 0.0}
    sims = index.sentence_similarities(row, need_side)
    if sims is None or not sims.size:
        return best
    i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
    if sims[i, j] > 0:
        best = {
            "need_sentence": need_side.sentences[i],
            "listing_sentence": listing_sentences(index.docs[row])[j],
            "similarity": round(float(min(sims[i, j], 1.0)), 4),
        }
    return best


_CJK_RUN_RE = re.compile(r"[\u3005\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
_KANA_ONLY_RE = re.compile(r"^[\u3041-\u309f]+$")


def _phrases(
    contrib: list[tuple[float, str]], need_side: NeedContext, doc_norm: str
) -> list[str]:
    """Shared terms for people: adjacent shared CJK bigrams joined into the longest
    phrase found in both texts (固体+体電+電解+解質 → 固体電解質), Latin words as
    written; ordered by their contribution to the score. Particles-only bigrams
    (の鮮, を判…) are left out of the display, not out of the score."""
    weight = {term: w for w, term in contrib}
    need_norm = need_side.norm
    scored: dict[str, float] = {}
    used: set[str] = set()
    for run in _CJK_RUN_RE.findall(need_norm):
        grams = [run[i : i + 2] for i in range(len(run) - 1)] or [run]
        i = 0
        while i < len(grams):
            if grams[i] not in weight:
                i += 1
                continue
            j = i
            while j + 1 < len(grams) and grams[j + 1] in weight:
                j += 1
            # Shrink from the right until the phrase occurs in the listing too.
            while j > i and run[i : j + 2] not in doc_norm:
                j -= 1
            phrase = run[i : j + 2] if len(grams[i]) == 2 else grams[i]
            segment = grams[i : j + 1]
            if not _KANA_ONLY_RE.match(phrase) and not all(
                _KANA_ONLY_RE.search(g[0]) or _KANA_ONLY_RE.search(g[-1])
                for g in segment
            ):
                scored[phrase] = max(
                    scored.get(phrase, 0.0), sum(weight[g] for g in segment)
                )
            used.update(segment)
            i = j + 1
    for w, term in contrib:
        if term not in used and _LATIN_RE.match(term):
            surface = need_side.surfaces.get(term, term)
            scored[surface] = max(scored.get(surface, 0.0), w)
    return [t for t, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))]


def _shared_ipc(need_codes: Sequence[str], listing_codes: Sequence[str]) -> list[dict]:
    """For each listing symbol, the deepest prefix shared with any need symbol."""
    need_prefixes = {p for code in need_codes for _, p in ipc_prefixes(code)}
    best: dict[str, dict] = {}
    for code in listing_codes:
        deepest = None
        for level, prefix in ipc_prefixes(code):
            if prefix in need_prefixes:
                deepest = {"code": prefix, "level": level}
        if deepest and deepest["code"] not in best:
            best[deepest["code"]] = deepest
    order = {level: i for i, level in enumerate(IPC_LEVELS)}
    return sorted(best.values(), key=lambda d: -order[d["level"]])[:5]


def first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0] if sentences else normalize(text)
