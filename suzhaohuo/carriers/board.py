"""The printable weekly job board: an A4 or A3 PDF in Chinese with large type, one QR code per job
(segno, drawn as vector squares so it scans from paper), for village windows and co-built sites."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from suzhaohuo.core.site import absolute
from suzhaohuo.kernel.pay import pay_text

FONT = "STSong-Light"
SIZES = {"A4": A4, "A3": A3}


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


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _draw_qr(c: Canvas, data: str, x: float, y: float, size: float) -> None:
    qr = segno.make(data, error="m")
    matrix = qr.matrix
    n = len(matrix)
    quiet = 4
    module = size / (n + 2 * quiet)
    c.setFillColorRGB(1, 1, 1)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for col, bit in enumerate(row):
            if bit:
                c.rect(x + (col + quiet) * module, y + size - (r + quiet + 1) * module, module, module,
                       stroke=0, fill=1)


def board_pdf(*, carrier: Any, jobs: list[Any], size: str = "A4") -> bytes:
    """Render the board for ``carrier`` listing ``jobs``; several pages when they do not fit."""
    font = _font()
    page_w, page_h = SIZES.get(size.upper(), A4)
    k = page_w / A4[0]  # A3 scales everything by √2
    margin = 14 * mm * k
    qr_size = 38 * mm * k
    row_h = 50 * mm * k
    today = timezone.localdate()
    week_end = today + timedelta(days=6)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(page_w, page_h))
    c.setTitle(_("%(c)s 本周零工岗位") % {"c": carrier.name})
    c.setAuthor(_("速找活 · 零工归宿"))

    def header() -> float:
        y = page_h - margin - 24 * k
        c.setFont(font, 24 * k)
        c.drawString(margin, y, _("%(c)s　本周零工岗位") % {"c": carrier.name})
        y -= 20 * k
        c.setFont(font, 13 * k)
        line = _("%(a)s 至 %(b)s　扫码查看岗位详情并报名") % {"a": today.strftime("%Y-%m-%d"),
                                                         "b": week_end.strftime("%Y-%m-%d")}
        if carrier.phone:
            line += _("　咨询电话：%(p)s") % {"p": carrier.phone}
        c.drawString(margin, y, line)
        y -= 10 * k
        c.setLineWidth(1.5 * k)
        c.line(margin, y, page_w - margin, y)
        return y - 6 * k

    y = header()
    if not jobs:
        c.setFont(font, 20 * k)
        c.drawString(margin, y - 30 * k, _("本周暂无在招岗位，请到站点咨询或关注“速找活”。"))
    text_w = page_w - 2 * margin - qr_size - 8 * mm * k
    for job in jobs:
        if y - row_h < margin + 12 * k:
            c.showPage()
            y = header()
        top = y
        _draw_qr(c, job_url(job), page_w - margin - qr_size, top - qr_size - 4 * k, qr_size)
        ty = top - 24 * k
        c.setFont(font, 22 * k)
        for line in simpleSplit(job.title, font, 22 * k, text_w)[:2]:
            c.drawString(margin, ty, line)
            ty -= 26 * k
        c.setFont(font, 18 * k)
        c.setFillColorRGB(0.76, 0.25, 0.05)
        c.drawString(margin, ty, pay_text(job) + "　" + job.get_settlement_display())
        c.setFillColorRGB(0, 0, 0)
        ty -= 22 * k
        c.setFont(font, 14 * k)
        place = f"{job.township.name if job.township_id else ''} {job.address}".strip()
        for line in simpleSplit(_("地点：%(p)s") % {"p": place}, font, 14 * k, text_w)[:1]:
            c.drawString(margin, ty, line)
            ty -= 18 * k
        c.drawString(margin, ty, simpleSplit(_("用工单位：%(e)s　招%(n)d人") % {
            "e": job.employer.name, "n": job.headcount}, font, 14 * k, text_w)[0])
        y = top - row_h
        c.setLineWidth(0.5 * k)
        c.setStrokeColorRGB(0.6, 0.6, 0.6)
        c.line(margin, y + 3 * k, page_w - margin, y + 3 * k)
        c.setStrokeColorRGB(0, 0, 0)
    for heading, items in extra_sections(carrier):
        if y - 40 * k - row_h < margin + 12 * k:
            c.showPage()
            y = header()
        c.setFont(font, 20 * k)
        c.drawString(margin, y - 24 * k, heading)
        y -= 34 * k
        for item in items:
            if y - row_h < margin + 12 * k:
                c.showPage()
                y = header()
            top = y
            if item.url:
                _draw_qr(c, item.url, page_w - margin - qr_size, top - qr_size - 4 * k, qr_size)
            ty = top - 24 * k
            c.setFont(font, 20 * k)
            for line in simpleSplit(item.title, font, 20 * k, text_w)[:2]:
                c.drawString(margin, ty, line)
                ty -= 24 * k
            c.setFont(font, 14 * k)
            for text in item.lines[:3]:
                for line in simpleSplit(text, font, 14 * k, text_w)[:1]:
                    c.drawString(margin, ty, line)
                    ty -= 18 * k
            y = top - row_h
    c.setFont(font, 10 * k)
    c.drawString(margin, margin / 2, _("速找活　零工归宿　岗位均经实名认证的用工主体发布，求职不收取任何费用。"))
    c.showPage()
    c.save()
    return buf.getvalue()
