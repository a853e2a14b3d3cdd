"""Text normalisation for screening, keeping a map back to the original offsets.

Steps, applied character by character so every normalised character knows which original
characters it came from:
- full-width -> half-width (NFKC per character), lower case, 繁体 -> 简体 (OpenCC t2s per character);
- obfuscation noise removed: spaces, zero-width characters and symbols inserted between characters
  (限 男 性, 押*金, 押.金); clause punctuation (，。；！？ and newlines) is kept as a clause separator;
- Chinese number words turned into digits (两百元 -> 200元, 贰佰 -> 200, 三千 -> 3000, 十八岁 -> 18岁,
  幺三八… -> 138…); a spoken approximate age range becomes a range (十五六岁 -> 15-16岁, 四五十岁 -> 40-50岁),
  a number after 年龄/年纪 becomes digits without a unit (年龄不超过四十 -> 40), 七零后/零零后 -> 70后/00后.

``Normalized.span(a, b)`` maps a normalised [a, b) back to the original [start, end).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Clause separators survive normalisation (as themselves, after NFKC).
CLAUSE_SEPARATORS = frozenset("，,。；;！!？?\n\r：:")
# Characters dropped as obfuscation noise wherever they appear.
_NOISE = frozenset(
    " \t\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad"
    "*＊·•・_＿~～|｜/\\'\"`^#＃@＄$%&=<>()（）[]【】{}「」『』《》〈〉"
    "★☆●○◆◇■□▲△▼▽※♀♂♥♡❤→←↑↓…-—–−"
)
# Dots are noise except between digits (2.5元).
_DOTS = frozenset(".．。")  # 。 is handled as a separator unless it sits inside a word below
_DIGIT_WORDS = {"零": 0, "〇": 0, "○": 0, "一": 1, "幺": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "貳": 2,
                "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
                "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_UNIT_WORDS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10000, "萬": 10000}
_NUM_CHARS = frozenset(_DIGIT_WORDS) | frozenset(_UNIT_WORDS)
# A number word run is turned into digits only when followed by one of these (or it is a long digit string).
_NUMBER_FOLLOWERS = ("元", "块", "岁", "周岁", "年", "个月", "月", "天", "日", "小时", "人", "名", "位", "斤",
                     "公斤", "kg", "%", "以上", "以下", "以内", "至", "到", "-", "k", "w", "左右", "多")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_CHAR_CACHE: dict[str, str] = {}
# Symbols NFKC leaves alone that posters use for a letter or sign (➕微 = 加微信).
_CHAR_MAP = {"➕": "+", "✚": "+", "﹢": "+"}


def _norm_char(c: str) -> str:
    out = _CHAR_CACHE.get(c)
    if out is not None:
        return out
    n = _CHAR_MAP.get(c) or unicodedata.normalize("NFKC", c)
    if len(n) != 1:
        n = c
    n = n.lower()
    if "\u3400" <= n <= "\u9fff" or "\uf900" <= n <= "\ufaff":
        s = _t2s().convert(n)
        if len(s) == 1:
            n = s
    _CHAR_CACHE[c] = n
    return n


def parse_cn_number(s: str) -> int | None:
    """'两百' -> 200, '三千五' -> 3500, '十八' -> 18, '贰佰' -> 200, '一二三' -> 123; None if not a number."""
    if not s:
        return None
    if all(ch in _DIGIT_WORDS for ch in s):
        return int("".join(str(_DIGIT_WORDS[ch]) for ch in s))
    if s[0] in _UNIT_WORDS and s[0] not in "十拾":
        return None
    total = 0
    section = 0
    digit = None
    last_unit = None
    for ch in s:
        if ch in _DIGIT_WORDS:
            if digit is not None and digit != 0:
                return None
            digit = _DIGIT_WORDS[ch]
        else:
            unit = _UNIT_WORDS[ch]
            if unit == 10000:
                section += digit or 0
                if section == 0:
                    return None
                total += section * 10000
                section = 0
            else:
                if digit is None:
                    if unit != 10 or section or total:
                        return None
                    digit = 1
                section += digit * unit
            last_unit = unit
            digit = None
    if digit:
        # 三千五 = 3500, 两百五 = 250: a trailing digit counts as one tenth of the last unit.
        if last_unit and last_unit >= 100 and last_unit != 10000:
            section += digit * (last_unit // 10)
        elif last_unit == 10000:
            section += digit * 1000
        else:
            section += digit
    return total + section


@dataclass(slots=True)
class Normalized:
    text: str
    starts: list[int]  # original start offset of each normalised char
    ends: list[int]    # original end offset (exclusive) of each normalised char
    original: str

    def span(self, a: int, b: int) -> tuple[int, int]:
        if b <= a:
            pos = self.starts[a] if a < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[a], self.ends[b - 1]


_RANGE_DASHES = frozenset("-~～—–−－至到")


def _next_visible(original: str, j: int) -> str:
    while j < len(original):
        c = original[j]
        if c not in _NOISE:
            return _norm_char(c)
        j += 1
    return ""


# Two neighbouring digits spoken as one approximate number: 十五六 (15-16), 三十五六 (35-36), 四五十 (40-50).
_SPOKEN_RANGE = (re.compile("^([一二三四五六七八九]?)十([一二三四五六七八])([二三四五六七八九])$"),
                 re.compile("^([一二三四五六七八])([二三四五六七八九])十$"))
_AGE_WORDS = re.compile("(?:年龄|年纪|岁数)[^,，。;；!?\n]{0,5}$")
_AGE_FOLLOWERS = ("岁", "周岁", "出头", "来岁")


def _spoken_range(run: str) -> str | None:
    """'十五六' -> '15-16', '四五十' -> '40-50'; None when the run is not such a range."""
    m = _SPOKEN_RANGE[0].match(run)
    if m:
        tens = _DIGIT_WORDS[m.group(1)] if m.group(1) else 1
        lo, hi = _DIGIT_WORDS[m.group(2)], _DIGIT_WORDS[m.group(3)]
        return f"{tens * 10 + lo}-{tens * 10 + hi}" if hi == lo + 1 else None
    m = _SPOKEN_RANGE[1].match(run)
    if m:
        lo, hi = _DIGIT_WORDS[m.group(1)], _DIGIT_WORDS[m.group(2)]
        return f"{lo * 10}-{hi * 10}" if hi == lo + 1 else None
    return None


_CN_RUN = re.compile("[" + "".join(sorted(_NUM_CHARS)) + "]+")


def normalize(original: str) -> Normalized:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(original)
    for i, c in enumerate(original):
        if c in _RANGE_DASHES and chars and chars[-1].isdigit():
            nxt = _next_visible(original, i + 1)
            if nxt.isdigit() or nxt in _NUM_CHARS:
                chars.append("-")
                starts.append(i)
                ends.append(i + 1)
                continue
        if c in _NOISE:
            continue
        nc = _norm_char(c)
        if nc in _NOISE:
            continue
        if nc in _DOTS and c != "。":
            # keep a decimal point between digits, drop dots elsewhere (押.金)
            prev_digit = bool(chars) and chars[-1].isdigit()
            nxt = original[i + 1] if i + 1 < n else ""
            if not (prev_digit and _norm_char(nxt).isdigit()):
                continue
            nc = "."
        if nc == "。":
            # 。 between two CJK characters with no other punctuation is still a full stop: keep.
            nc = "。"
        chars.append(nc)
        starts.append(i)
        ends.append(i + 1)
    text = "".join(chars)
    if _CN_RUN.search(text):
        text, starts, ends = _convert_numbers(text, starts, ends)
    return Normalized(text, starts, ends, original)


def _convert_numbers(text: str, starts: list[int], ends: list[int]):
    out: list[str] = []
    o_starts: list[int] = []
    o_ends: list[int] = []
    pos = 0
    for m in _CN_RUN.finditer(text):
        a, b = m.span()
        run = m.group()
        follow = text[b:b + 4]
        long_digits = len(run) >= 5 and all(ch in _DIGIT_WORDS for ch in run)
        # a run directly after an arabic digit continues it (13八12345678)
        mixed = (a > 0 and text[a - 1].isdigit() and all(ch in _DIGIT_WORDS for ch in run))
        big = len(run) >= 2 and any(ch in "百佰千仟万萬" for ch in run)
        age = follow.startswith(_AGE_FOLLOWERS) or bool(_AGE_WORDS.search(text[max(0, a - 8):a]))
        # a generation: 七零后, 九五后, 零零后 (two digit words before 后)
        generation = (len(run) == 2 and follow.startswith("后") and run[0] in "五六七八九零〇"
                      and run[1] in "零〇五")
        spoken = _spoken_range(run) if age else None
        if not (long_digits or mixed or big or age or generation or follow.startswith(_NUMBER_FOLLOWERS)):
            continue
        if len(run) == 1 and run in "一" and not follow.startswith(("元", "块", "岁", "周岁", "万")):
            continue
        value = parse_cn_number(run)
        if value is None and spoken is None:
            continue
        if spoken is not None:
            digits = spoken
        elif long_digits or mixed or generation:
            digits = "".join(str(_DIGIT_WORDS[ch]) for ch in run)
        else:
            digits = str(value)
        out.append(text[pos:a])
        o_starts.extend(starts[pos:a])
        o_ends.extend(ends[pos:a])
        out.append(digits)
        # every produced digit maps to the whole original number
        o_starts.extend([starts[a]] * len(digits))
        o_ends.extend([ends[b - 1]] * len(digits))
        pos = b
    if pos == 0:
        return text, starts, ends
    out.append(text[pos:])
    o_starts.extend(starts[pos:])
    o_ends.extend(ends[pos:])
    return "".join(out), o_starts, o_ends
