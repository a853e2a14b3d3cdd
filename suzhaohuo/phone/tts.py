"""Read-aloud audio made offline with espeak-ng's Mandarin voice, cached per document version (the file name
is the hash of the exact text spoken, so a changed document gets new audio and the old file is never reused)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import uuid
from pathlib import Path

from django.conf import settings


class TtsUnavailable(RuntimeError):
    pass


def audio_for(text: str) -> Path:
    """A WAV file speaking ``text``; made once, then served from the cache."""
    digest = hashlib.sha256(f"{settings.TTS_VOICE}|{text}".encode()).hexdigest()
    folder = Path(settings.MEDIA_ROOT) / "tts"
    path = folder / f"{digest}.wav"
    if path.exists() and path.stat().st_size > 0:
        return path
    exe = shutil.which(settings.TTS_COMMAND)
    if exe is None:
        raise TtsUnavailable("espeak-ng is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{uuid.uuid4().hex}.tmp")  # two requests may make the same file at once
    subprocess.run([exe, "-v", settings.TTS_VOICE, "-s", "150", "-w", str(tmp), "--stdin"], input=text.encode(),
                   check=True, capture_output=True, timeout=120)
    tmp.replace(path)  # atomic: a reader sees the old file, the new one, or none
    return path


def job_text(job: object) -> str:
    from suzhaohuo.kernel.pay import pay_text

    parts = [getattr(job, "title", ""), pay_text(job), getattr(job, "get_settlement_display", lambda: "")(),
             getattr(getattr(job, "township", None), "name", ""), getattr(job, "description", "")]
    return "。".join(str(p) for p in parts if p)
