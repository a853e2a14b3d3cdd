"""Near-duplicate score for postings (used by the jobs services for `duplicate` findings)."""

from __future__ import annotations

from .normalize import CLAUSE_SEPARATORS, normalize


def _shingles(text: str, k: int = 3) -> set[str]:
    n = "".join(ch for ch in normalize(text).text if ch not in CLAUSE_SEPARATORS and ch != "。")
    if len(n) <= k:
        return {n} if n else set()
    return {n[i:i + k] for i in range(len(n) - k + 1)}


def near_duplicate_score(a_text: str, b_text: str) -> float:
    """Jaccard similarity of character 3-shingles of the normalised texts, 0.0 … 1.0."""
    a, b = _shingles(a_text), _shingles(b_text)
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
