"""The printable weekly job board: an A4 or A3 PDF in Chinese with large type, one QR code per job
(segno, drawn as vector squares so it scans from paper), for village windows and co-built sites. Rendered with
fpdf2 like the monthly report, with the Chinese font embedded (``core.fonts``) so it prints the same anywhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from suzhaohuo.core.fonts import cjk_font
from suzhaohuo.core.site import absolute
from suzhaohuo.kernel.pay import pay_text

FONT = "cjk"
MM = 72 / 25.4  # points per millimetre
SIZES = {"A4": (595.2756, 841.8898), "A3": (841.8898, 1190.5512)}  # ISO 216, in points


@dataclass(frozen=True)
class BoardItem:
    """One entry another app adds to a carrier's board and kiosk page (e.g. a training course held there)."""

    title: str
    lines: list[str] = field(default_factory=list)
    url: str = ""


# Other apps register sections here at start-up: (heading, fn(carrier) -> items). No import of those apps.
_SECTIONS: list[tuple[str, Callable[[Any], list[BoardItem]]]] = []


def register_section(heading: str, fn: Callable[[Any], list[BoardItem]]) -> None:
    if all(existing is not fn for _h, existing in _SECTIONS):
        _SECTIONS.append((heading, fn))


def extra_sections(carrier: Any) -> list[tuple[str, list[BoardItem]]]:
    """[(heading, items)] for the sections that have something at ``carrier``."""
    out = []
    for heading, fn in _SECTIONS:
        items = fn(carrier)
        if items:
            out.append((str(heading), items))
    return out


def job_url(job: Any) -> str:
    return absolute(f"/jobs/{job.pk}/")


def _split(pdf: FPDF, text: str, width: float) -> list[str]:
    """Wrap ``text`` into lines no wider than ``width`` at the current font size (Chinese breaks anywhere)."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and pdf.get_string_width(line + ch) > width:
            lines.append(line)
            line = ch.lstrip()
        else:
            line += ch
    return [*lines, line] if line or not lines else lines


def _draw_qr(pdf: FPDF, data: str, x: float, top: float, size: float) -> None:
    """A QR code as vector squares (scans from paper at any print size); ``top`` is its upper edge."""
    qr = segno.make(data, error="m")
    matrix = qr.matrix
    n = len(matrix)
    quiet = 4
    module = size / (n + 2 * quiet)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, top, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        for col, bit in enumerate(row):
            if bit:
                pdf.rect(x + (col + quiet) * module, top + (r + quiet) * module, module, module, style="F")


def board_pdf(*, carrier: Any, jobs: list[Any], size: str = "A4") -> bytes:
    """Render the board for ``carrier`` listing ``jobs``; several pages when they do not fit. The Chinese font
    is embedded (a subset of the fonts package's Noto Sans CJK SC, ``core.fonts``)."""
    font = cjk_font()
    page_w, page_h = SIZES.get(size.upper(), SIZES["A4"])
    k = page_w / SIZES["A4"][0]  # A3 scales everything by √2
    margin = 14 * MM * k
    qr_size = 38 * MM * k
    row_h = 50 * MM * k
    today = timezone.localdate()
    week_end = today + timedelta(days=6)
    pdf = FPDF(unit="pt", format=(page_w, page_h))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font(FONT, fname=font.path, collection_font_number=font.index)
    pdf.set_title(_("%(c)s 本周零工岗位") % {"c": carrier.name})
    pdf.set_author(_("速找活 · 零工归宿"))
    text_w = page_w - 2 * margin - qr_size - 8 * MM * k

    def header() -> float:
        """Start a page with the heading; return the y (from the top) where the rows begin."""
        pdf.add_page()
        y = margin + 24 * k
        pdf.set_font(FONT, size=24 * k)
        pdf.text(margin, y, _("%(c)s　本周零工岗位") % {"c": carrier.name})
        y += 20 * k
        pdf.set_font(FONT, size=13 * k)
        line = _("%(a)s 至 %(b)s　扫码查看岗位详情并报名") % {"a": today.strftime("%Y-%m-%d"),
                                                         "b": week_end.strftime("%Y-%m-%d")}
        if carrier.phone:
            line += _("　咨询电话：%(p)s") % {"p": carrier.phone}
        pdf.text(margin, y, line)
        y += 10 * k
        pdf.set_line_width(1.5 * k)
        pdf.line(margin, y, page_w - margin, y)
        return y + 6 * k

    def fits(y: float, height: float) -> bool:
        return y + height <= page_h - margin - 12 * k

    y = header()
    if not jobs:
        pdf.set_font(FONT, size=20 * k)
        pdf.text(margin, y + 30 * k, _("本周暂无在招岗位，请到站点咨询或关注“速找活”。"))
    for job in jobs:
        if not fits(y, row_h):
            y = header()
        top = y
        _draw_qr(pdf, job_url(job), page_w - margin - qr_size, top + 4 * k, qr_size)
        ty = top + 24 * k
        pdf.set_font(FONT, size=22 * k)
        for line in _split(pdf, job.title, text_w)[:2]:
            pdf.text(margin, ty, line)
            ty += 26 * k
        pdf.set_font(FONT, size=18 * k)
        pdf.set_text_color(194, 64, 13)
        pdf.text(margin, ty, pay_text(job) + "　" + job.get_settlement_display())
        pdf.set_text_color(0, 0, 0)
        ty += 22 * k
        pdf.set_font(FONT, size=14 * k)
        place = f"{job.township.name if job.township_id else ''} {job.address}".strip()
        for line in _split(pdf, _("地点：%(p)s") % {"p": place}, text_w)[:1]:
            pdf.text(margin, ty, line)
            ty += 18 * k
        pdf.text(margin, ty, _split(pdf, _("用工单位：%(e)s　招%(n)d人") % {
            "e": job.employer.name, "n": job.headcount}, text_w)[0])
        y = top + row_h
        pdf.set_line_width(0.5 * k)
        pdf.set_draw_color(153, 153, 153)
        pdf.line(margin, y - 3 * k, page_w - margin, y - 3 * k)
        pdf.set_draw_color(0, 0, 0)
    for heading, items in extra_sections(carrier):
        if not fits(y, 40 * k + row_h):
            y = header()
        pdf.set_font(FONT, size=20 * k)
        pdf.text(margin, y + 24 * k, heading)
        y += 34 * k
        for item in items:
            if not fits(y, row_h):
                y = header()
            top = y
            if item.url:
                _draw_qr(pdf, item.url, page_w - margin - qr_size, top + 4 * k, qr_size)
            ty = top + 24 * k
            pdf.set_font(FONT, size=20 * k)
            for line in _split(pdf, item.title, text_w)[:2]:
                pdf.text(margin, ty, line)
                ty += 24 * k
            pdf.set_font(FONT, size=14 * k)
            for text in item.lines[:3]:
                for line in _split(pdf, text, text_w)[:1]:
                    pdf.text(margin, ty, line)
                    ty += 18 * k
            y = top + row_h
    pdf.set_font(FONT, size=10 * k)
    pdf.text(margin, page_h - margin / 2, _("速找活　零工归宿　岗位均经实名认证的用工主体发布，求职不收取任何费用。"))
    return bytes(pdf.output())
