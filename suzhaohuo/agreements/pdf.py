"""Render a sealed agreement to a Chinese PDF with reportlab, byte-for-byte reproducibly.

Uses reportlab's built-in CID font STSong-Light (no font files shipped or embedded) and
``invariant=1`` so that rendering the same sealed agreement twice gives identical bytes.
"""

from __future__ import annotations

import io
import json
from typing import Any

import segno
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from suzhaohuo.agreements.signing import check_code

FONT = "STSong-Light"
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
BODY = 10.5
RENDERER_VERSION = "szh-pdf/1"

ROLE_LABELS = {"worker": _lazy("乙方（零工劳动者）"), "employer": _lazy("甲方（用工主体）")}
METHOD_LABELS = {"sms_otp": _lazy("短信验证码")}

NO_LINE_START = frozenset("，。、；：？！）》」』”’,.;:?!)")

_font_ready = False


def _ensure_font() -> None:
    global _font_ready
    if not _font_ready:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _font_ready = True


def wrap(text: str, size: float, width: float) -> list[str]:
    """Break text into lines that fit ``width``, character by character (CJK has no spaces)."""
    lines: list[str] = []
    current = ""
    current_w = 0.0
    for ch in text:
        w = pdfmetrics.stringWidth(ch, FONT, size)
        # Closing punctuation never starts a line (it may hang slightly into the margin instead).
        if current and current_w + w > width and ch not in NO_LINE_START:
            lines.append(current)
            current, current_w = "", 0.0
        current += ch
        current_w += w
    lines.append(current)
    return lines


class _Writer:
    def __init__(self, c: canvas.Canvas, number: str, footer: str = "") -> None:
        self.c = c
        self.number = number
        self.footer = footer
        self.page = 1
        self.y = PAGE_H - MARGIN
        self.width = PAGE_W - 2 * MARGIN

    def _footer(self) -> None:
        self.c.setFont(FONT, 8)
        text = self.footer or _("速找活　协议编号 %(n)s　第 %(p)d 页")
        self.c.drawCentredString(PAGE_W / 2, 10 * mm, text % {"n": self.number, "p": self.page})

    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < MARGIN + 6 * mm:
            self.new_page()

    def para(self, text: str, size: float = BODY, gap: float = 2, indent: float = 0) -> None:
        leading = size * 1.55
        for line in wrap(text, size, self.width - indent):
            self.need(leading)
            self.c.setFont(FONT, size)
            self.y -= leading
            self.c.drawString(MARGIN + indent, self.y + size * 0.3, line)
        self.y -= gap

    def heading(self, text: str, size: float) -> None:
        self.need(size * 3.5)
        self.y -= size * 0.6
        self.para(text, size=size, gap=size * 0.3)

    def title(self, text: str) -> None:
        size = 18
        self.y -= size * 1.4
        self.c.setFont(FONT, size)
        self.c.drawCentredString(PAGE_W / 2, self.y, text)
        self.y -= size * 0.6

    def qr(self, data: str, size: float) -> None:
        self.need(size + 4 * mm)
        code = segno.make(data, error="m")
        rows = list(code.matrix_iter(scale=1, border=2))
        cell = size / len(rows)
        top = self.y - 2 * mm
        self.c.setFillGray(0)
        for r, row in enumerate(rows):
            for col, dark in enumerate(row):
                if dark:
                    self.c.rect(MARGIN + col * cell, top - (r + 1) * cell, cell, cell, stroke=0, fill=1)
        self.y = top - size - 2 * mm

    def finish(self) -> None:
        self._footer()
        self.c.showPage()


def render_agreement_pdf(*, agreement: Any, signatures: list[Any], chain_entry: Any) -> bytes:
    """The PDF of a sealed agreement. Reads only stored, sealed data, so output is reproducible."""
    _ensure_font()
    doc = json.loads(agreement.document)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(_("%(t)s %(n)s") % {"t": doc.get("title") or _("零工服务协议"), "n": agreement.number})
    c.setSubject(agreement.number)
    c.setAuthor(_("速找活"))
    c.setCreator(f"SuZhaoHuo {RENDERER_VERSION}")
    code = check_code(agreement.number)
    c.setKeywords([agreement.number, f"check-code:{code}", agreement.document_sha256])
    w = _Writer(c, agreement.number, _("速找活　协议编号 %(n)s　核验码 %(c)s　第 %(p)d 页").replace("%(c)s", code))

    for raw in doc["text"].splitlines():
        line = raw.rstrip()
        if not line:
            w.y -= 3
        elif line.startswith("# "):
            w.title(line[2:])
        elif line.startswith("### "):
            w.heading(line[4:], 11.5)
        elif line.startswith("## "):
            w.heading(line[3:], 13)
        else:
            w.para(line)

    w.heading(_("签署记录"), 13)
    for s in signatures:
        role = str(ROLE_LABELS.get(s.role, s.role))
        when = s.signed_at.astimezone(_tz()).strftime("%Y-%m-%d %H:%M:%S")
        method = str(METHOD_LABELS.get(s.method, s.method))
        w.para(_("%(role)s：%(name)s，%(when)s（北京时间）以%(method)s确认身份并签署（验证手机号 %(mobile)s）") % {
            "role": role, "name": s.signer_name, "when": when, "method": method, "mobile": s.mobile_masked})

    w.heading(_("平台电子签章与存证"), 13)
    sealed = agreement.sealed_at.astimezone(_tz()).strftime("%Y-%m-%d %H:%M:%S")
    w.para(_("生效时间：%(t)s（北京时间）") % {"t": sealed})
    w.para(_("规范文本SHA-256：%(h)s") % {"h": agreement.document_sha256}, size=9)
    w.para(_("平台签名（Ed25519，公钥指纹 %(k)s）：%(s)s") % {"k": agreement.key_id, "s": agreement.platform_signature}, size=9)
    # The chain entry commits to this PDF's own hash, so the PDF names its position, not the entry's hash.
    w.para(_("存证链第 %(n)d 条，前一条哈希：%(h)s") % {"n": chain_entry.seq, "h": chain_entry.prev_hash}, size=9)
    w.para(_("本PDF文件的SHA-256由平台另行签章（同一公钥）并记入上述存证链条目，平台存档文件一旦被替换即可发现。"), size=9)
    w.para(_("签章数据（平台签名的原文，可用平台公钥独立核验）："), size=9)
    w.para(agreement.seal_payload, size=7.5)

    w.need(70 * mm)  # keep the verification text and its QR code on one page
    w.heading(_("核验"), 13)
    w.para(_("核验码：%(c)s（公开查询时须同时输入协议编号和核验码）") % {"c": code})
    w.para(_("扫描下方二维码或访问 %(u)s，上传本PDF文件或输入协议编号和核验码，即可核验本协议是否真实、是否被修改。"
             "平台公钥见 /agreements/public-key。") % {"u": agreement.verify_url})
    w.qr(agreement.verify_url, 32 * mm)
    w.finish()
    c.save()
    return buf.getvalue()


def _tz() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def render_sealed_document_pdf(*, number: str, title: str, text: str, document_sha256: str, sealed_at: Any,
                               platform_signature: str, key_id: str, seal_payload: str, chain_entry: Any,
                               verify_url: str, sealed_label: str = "") -> bytes:
    """The PDF of another sealed document (see ``services.document_seal``): its text ("# "/"## " headings,
    plain paragraphs), then the same seal, chain and verification block as an agreement. Reproducible."""
    _ensure_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(f"{title} {number}")
    c.setSubject(number)
    c.setAuthor(_("速找活"))
    c.setCreator(f"SuZhaoHuo {RENDERER_VERSION}")
    c.setKeywords([number, document_sha256])
    w = _Writer(c, number, _("速找活　编号 %(n)s　第 %(p)d 页"))
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line:
            w.y -= 3
        elif line.startswith("# "):
            w.title(line[2:])
        elif line.startswith("## "):
            w.heading(line[3:], 13)
        else:
            w.para(line)
    w.heading(_("平台电子签章与存证"), 13)
    w.para((sealed_label or _("签发时间：%(t)s（北京时间）")) % {"t": sealed_at.astimezone(_tz()).strftime("%Y-%m-%d %H:%M:%S")})
    w.para(_("规范文本SHA-256：%(h)s") % {"h": document_sha256}, size=9)
    w.para(_("平台签名（Ed25519，公钥指纹 %(k)s）：%(s)s") % {"k": key_id, "s": platform_signature}, size=9)
    w.para(_("存证链第 %(n)d 条，哈希：%(h)s") % {"n": chain_entry.seq, "h": chain_entry.entry_hash}, size=9)
    w.para(_("签章数据（平台签名的原文，可用平台公钥独立核验）："), size=9)
    w.para(seal_payload, size=7.5)
    w.need(70 * mm)
    w.heading(_("核验"), 13)
    w.para(_("扫描下方二维码或访问 %(u)s，上传本PDF文件或输入编号，即可核验是否真实、是否被修改。") % {"u": verify_url})
    w.qr(verify_url, 32 * mm)
    w.finish()
    c.save()
    return buf.getvalue()
