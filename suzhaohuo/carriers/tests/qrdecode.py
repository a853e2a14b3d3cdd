"""Test helper: render a PDF with poppler's pdftoppm and decode its QR codes with zxing-cpp."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def decode_qr_codes(pdf: bytes, dpi: int = 150) -> list[str]:
    import zxingcpp
    from PIL import Image

    texts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "board.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(Path(tmp) / "page")], check=True)
        for png in sorted(Path(tmp).glob("page*.png")):
            with Image.open(png) as image:
                texts += [r.text for r in zxingcpp.read_barcodes(image)
                          if r.format == zxingcpp.BarcodeFormat.QRCode]
    return texts


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it (what a viewer copies)."""
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_fonts(pdf: bytes) -> list[dict[str, str]]:
    """poppler's ``pdffonts`` table: one dict per font (name, type, emb, sub, uni)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(src)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name, type (one or more words), encoding, emb, sub, uni, object number, generation
        rows.append({"name": parts[0], "type": " ".join(parts[1:-6]), "emb": parts[-5], "sub": parts[-4],
                     "uni": parts[-3]})
    return rows
