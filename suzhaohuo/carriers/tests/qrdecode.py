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
