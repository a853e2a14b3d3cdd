"""The SMS command language: short Chinese words and numbers, forgiving of spacing, full-width characters and
繁体. Pure functions: text in, a typed command out."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Cmd(StrEnum):
    FIND = "找活"
    MORE = "更多"
    APPLY = "报名"
    AGREE = "同意"
    CHECKIN = "到岗"
    DONE = "完工"
    PAY = "工钱"
    SIGN = "签约"
    STOP = "退订"
    START = "订阅"
    HELP = "帮助"
    UNKNOWN = "?"


@dataclass(frozen=True, slots=True)
class Command:
    kind: Cmd
    arg: str = ""


# Words people really send for each command (the first is the one shown in 帮助).
_WORDS: dict[Cmd, tuple[str, ...]] = {
    Cmd.FIND: ("找活", "找工作", "找工", "查岗位", "zh"),
    Cmd.MORE: ("更多", "下一页", "再来"),
    Cmd.APPLY: ("报名", "bm"),
    Cmd.AGREE: ("同意", "好的同意", "ty"),
    Cmd.CHECKIN: ("到岗", "签到", "dg"),
    Cmd.DONE: ("完工", "干完了", "做完了", "wg"),
    Cmd.PAY: ("工钱", "工资", "钱", "gq"),
    Cmd.SIGN: ("签约", "签协议", "qy"),
    Cmd.STOP: ("退订", "td", "t"),
    Cmd.START: ("订阅", "dy"),
    Cmd.HELP: ("帮助", "?", "help", "bz"),
}
# Numbers alone are the simplest input on a feature phone.
_NUMBERS = {"1": Cmd.FIND, "2": Cmd.MORE, "3": Cmd.PAY, "0": Cmd.HELP}


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def normalize(text: str) -> str:
    """Full-width → half-width, 繁 → 简, lower case, no spaces or punctuation around the words."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _t2s().convert(text).lower().strip()
    text = re.sub(r"[\s,，。.!！、:：;；\-_]+", " ", text).strip()
    return text.replace("？", "?")


def parse(text: str) -> Command:
    t = normalize(text)
    if not t:
        return Command(Cmd.UNKNOWN)
    if t in _NUMBERS:
        return Command(_NUMBERS[t])
    compact = t.replace(" ", "")
    for cmd, words in _WORDS.items():
        for word in sorted(words, key=len, reverse=True):
            if compact == word or compact.startswith(word) and cmd in _TAKES_ARG:
                rest = compact[len(word):].strip()
                if cmd not in _TAKES_ARG and rest:
                    continue
                return Command(cmd, _arg(cmd, t, word, rest))
    return Command(Cmd.UNKNOWN, t[:30])


_TAKES_ARG = {Cmd.FIND, Cmd.APPLY, Cmd.CHECKIN, Cmd.SIGN}


def _arg(cmd: Cmd, spaced: str, word: str, rest: str) -> str:
    if cmd in (Cmd.APPLY, Cmd.CHECKIN, Cmd.SIGN):
        digits = re.findall(r"\d+", rest)
        return digits[0] if digits else ""
    return rest[:20]
