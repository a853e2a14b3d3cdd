"""Mark the matched words of screening findings inside the original text, escaping everything else."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from suzhaohuo.jobs.screening.types import StoredFinding


def _spans(text: str, findings: list[StoredFinding]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for f in findings:
        span = f.get("span")
        if not span or len(span) != 2:
            continue
        start, end = max(0, int(span[0])), min(len(text), int(span[1]))
        if end > start:
            out.append((start, end, f.get("severity", "")))
    out.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, sev in out:
        if merged and start <= merged[-1][1]:
            s, e, v = merged[-1]
            merged[-1] = (s, max(e, end), v)
        else:
            merged.append((start, end, sev))
    return merged


def highlight(text: str, findings: list[StoredFinding]) -> SafeString:
    """HTML of ``text`` with each finding's span wrapped in <mark class="hit">; all text escaped."""
    text = text or ""
    parts: list[str] = []
    pos = 0
    for start, end, sev in _spans(text, findings):
        parts.append(escape(text[pos:start]))
        parts.append(f'<mark class="hit {escape(sev)}">{escape(text[start:end])}</mark>')
        pos = end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above
