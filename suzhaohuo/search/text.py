"""Chinese text → index tokens, and a query → token groups (synonym-expanded).

The same tokens feed SQLite FTS5 (unicode61 tokenizer over space-separated words) and PostgreSQL
(``array_to_tsvector`` over the same words), so both back ends match exactly the same documents.
Tokens are lower-cased runs of letters/digits (no underscores or punctuation): both FTS5's unicode61
tokenizer and a tsvector keep such a word whole.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

import rjieba

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.txt"
_WORD = re.compile(r"[^\W_]+")
_lock = threading.Lock()
_ready = {"done": False}
# Words jieba must keep whole (gig words and synonyms); category names and keywords are added too.
_EXTRA_WORDS = ["日结", "周结", "月结", "完工结", "月嫂", "水电工", "保洁", "育儿嫂", "钟点工", "护工", "骑手",
                "小工", "杂工", "零工", "母婴护理", "水电维修"]


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """word → its whole group (including itself)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        group = tuple(dict.fromkeys(w.strip().lower() for w in line.split("/") if w.strip()))
        for word in group:
            out[word] = tuple(dict.fromkeys(out.get(word, ()) + group))
    return out


def _ensure_dictionary() -> None:
    if _ready["done"]:
        return
    with _lock:
        if _ready["done"]:
            return
        for word in list(synonym_groups()) + _EXTRA_WORDS:
            rjieba.add_word(word, 20000, None)
        _ready["done"] = True


def _clean(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        out.extend(_WORD.findall(piece.lower()))
    return out


def index_tokens(*texts: str) -> str:
    """Space-separated tokens for a document: fine-grained (search mode), so sub-words match too."""
    _ensure_dictionary()
    seen: dict[str, None] = {}
    for text in texts:
        if text:
            for token in _clean(rjieba.cut_for_search(text)):
                seen.setdefault(token, None)
    return " ".join(seen)


def query_groups(q: str) -> list[tuple[str, ...]]:
    """A query as AND-ed groups of OR-ed words: 「保洁 日结」 → [(保洁, 清洁, 打扫, …), (日结,)]."""
    _ensure_dictionary()
    syn = synonym_groups()
    groups: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for token in _clean(rjieba.cut(q or "")):
        if token in seen:
            continue
        seen.add(token)
        words = syn.get(token, (token,))
        # a synonym may itself segment into several index words (e.g. 卫生清洁): keep only whole index words
        groups.append(tuple(w for w in words if _clean([w]) == [w]))
    return [g for g in groups if g]


def fts5_match(groups: list[tuple[str, ...]]) -> str:
    """FTS5 MATCH expression: ("保洁" OR "清洁") AND "日结"."""
    parts = []
    for group in groups:
        words = " OR ".join(f'"{w}"' for w in group)
        parts.append(f"({words})")
    return " AND ".join(parts)


def pg_tsquery(groups: list[tuple[str, ...]]) -> str:
    """PostgreSQL tsquery text: ('保洁' | '清洁') & '日结'. Words are letters/digits only, so quoting is safe."""
    parts = []
    for group in groups:
        words = " | ".join(f"'{w}'" for w in group)
        parts.append(f"({words})")
    return " & ".join(parts)


def matches(tokens: str, groups: list[tuple[str, ...]]) -> bool:
    """Backend-independent reference matcher (used by tests and to explain a hit)."""
    have = set(tokens.split())
    return all(any(w in have for w in group) for group in groups)
