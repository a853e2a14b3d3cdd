"""core.fonts: the Chinese font embedded in PDFs is found from the fonts package, a configured file wins, and a
machine without one gets a clear error (logged once, Chinese message to the user), never a silent fallback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from suzhaohuo.core import fonts
from suzhaohuo.core.errors import AppError

NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    fonts.cjk_font.cache_clear()
    yield
    fonts.cjk_font.cache_clear()


@pytest.mark.skipif(not Path(NOTO).exists(), reason="fonts-noto-cjk not installed (make browsers)")
def test_the_simplified_chinese_face_of_the_noto_collection(settings: Any) -> None:
    settings.PDF_CJK_FONT = ""
    font = fonts.cjk_font()
    assert font.path == NOTO and font.family == "Noto Sans CJK SC" and font.index > 0


@pytest.mark.skipif(not Path(NOTO).exists(), reason="fonts-noto-cjk not installed (make browsers)")
def test_a_configured_font_wins_and_a_missing_one_is_skipped(settings: Any, monkeypatch: Any) -> None:
    serif = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
    if not Path(serif).exists():
        pytest.skip("Noto Serif CJK not installed")
    settings.PDF_CJK_FONT = serif
    assert fonts.cjk_font().family == "Noto Serif CJK SC"
    fonts.cjk_font.cache_clear()
    settings.PDF_CJK_FONT = "/nonexistent/font.ttc"
    assert fonts.cjk_font().path == NOTO


def test_no_font_installed_is_a_clear_error(settings: Any, monkeypatch: Any, caplog: Any, tmp_path: Path) -> None:
    settings.PDF_CJK_FONT = ""
    monkeypatch.setattr(fonts, "KNOWN_PATHS", [str(tmp_path / "NotoSansCJK-Regular.ttc")])
    monkeypatch.setattr(fonts, "FONT_DIRS", [str(tmp_path)])
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    (tmp_path / "NotoSansCJK-Broken-Regular.ttf").write_bytes(b"not a font")  # found by name, unreadable
    with caplog.at_level(logging.ERROR, logger="suzhaohuo.core.fonts"), pytest.raises(AppError) as exc:
        fonts.cjk_font()
    assert exc.value.code == "no_cjk_font" and "fonts-noto-cjk" in exc.value.message
    assert any("apt-get install fonts-noto-cjk" in r.getMessage() for r in caplog.records)
