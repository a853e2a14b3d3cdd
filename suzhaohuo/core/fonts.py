"""The Simplified Chinese font embedded in every generated PDF (weekly board, monthly report), so a PDF prints the
same on any printer or viewer whatever fonts it has (issue #11.17).

The font comes from the operating system's fonts package (Debian ``fonts-noto-cjk``; ``make browsers`` installs
it). ``cjk_font()`` finds it once per process: the path configured in ``settings.PDF_CJK_FONT``
(``SZH_PDF_FONT``), then the usual install paths, then fontconfig (``fc-match``), then any Noto/Source Han CJK
file under the system font directories. In a .ttc collection it picks the Simplified Chinese face. When no
font is found it logs one clear error and raises ``AppError`` with a Chinese message saying what to install.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from suzhaohuo.core.errors import AppError

log = logging.getLogger(__name__)

FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts"]
KNOWN_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian / Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora, Arch
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
]
FILE_PATTERNS = ["NotoSansCJK*Regular*.tt[cf]", "NotoSansCJK*Regular*.otf", "NotoSansSC-Regular.*",
                 "SourceHanSans*Regular*.tt[cf]", "SourceHanSans*Regular*.otf", "NotoSerifCJK*Regular*.tt[cf]"]
INSTALL_HINT = "apt-get install fonts-noto-cjk"


class FontErrorCode(StrEnum):
    NO_CJK_FONT = "no_cjk_font"


@dataclass(frozen=True)
class CjkFont:
    path: str
    index: int  # face number inside a .ttc collection (0 for a single font file)
    family: str


def _simplified_face(path: str) -> CjkFont | None:
    """The Simplified Chinese face of ``path`` (a collection's "… SC" face), or None if unreadable."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        if path.lower().endswith((".ttc", ".otc")):
            with TTCollection(path, lazy=True) as coll:
                faces = [str(f["name"].getDebugName(1)) for f in coll.fonts]
            index = next((i for i, name in enumerate(faces) if name.endswith(" SC") or " SC " in name), 0)
            return CjkFont(path, index, faces[index])
        with TTFont(path, lazy=True) as font:
            return CjkFont(path, 0, str(font["name"].getDebugName(1)))
    except (OSError, TTLibError, KeyError, StopIteration, IndexError):
        log.warning("font file %s could not be read", path, exc_info=True)
        return None


def _fontconfig_candidates() -> list[str]:
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return []
    try:
        out = subprocess.run([fc_match, "-f", "%{file}", "sans-serif:lang=zh-cn"], capture_output=True, text=True,
                             timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return []
    name = Path(out).name
    return [out] if out and any(mark in name for mark in ("CJK", "SC", "Han")) else []


def _candidates() -> Iterator[str]:
    """Font files to try, best first, each once; the directory scan runs only if nothing before it fits."""
    seen: set[str] = set()

    def lazy() -> Iterator[str]:
        yield str(getattr(settings, "PDF_CJK_FONT", "") or "")
        yield from KNOWN_PATHS
        yield from _fontconfig_candidates()
        for root in FONT_DIRS:
            if Path(root).is_dir():
                for pattern in FILE_PATTERNS:
                    yield from sorted(str(p) for p in Path(root).rglob(pattern))

    for path in lazy():
        if path and path not in seen and Path(path).is_file():
            seen.add(path)
            yield path


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont:
    """The Chinese font to embed in PDFs; AppError (and one logged error) when the fonts package is missing."""
    for path in _candidates():
        face = _simplified_face(path)
        if face is not None:
            return face
    log.error("no Chinese (CJK) font for PDFs: install the fonts package (%s) or set SZH_PDF_FONT to a "
              ".ttc/.otf/.ttf file", INSTALL_HINT)
    raise AppError(FontErrorCode.NO_CJK_FONT,
                   _("服务器未安装中文字体（fonts-noto-cjk），无法生成 PDF；请联系管理员安装。"))
