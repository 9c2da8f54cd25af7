"""Chinese typography of drafts: full-width punctuation, cuts at clause boundaries, quotes, title lines.

GB/T 15834 punctuation for what a draft prints from the registry (the registry's own text is not
changed): an ASCII , : ; ( ) ? ! in Chinese text becomes ，：；（）？！, while numbers (1,200,
3.5, 10:30) and Latin text keep theirs. Text is shortened only between clauses, never inside a
word or a number, and says so with 等. Nothing else about the text changes: spaces, quotes and
every other character stay as written, so a draft can be read back into the same words.
"""
from __future__ import annotations

import re
import unicodedata

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_ASCII_MARKS = re.compile(r"[,:;?!()]")
# Clause ends, and the wider set a shortened text may also be cut at (an enumeration with 、).
CLAUSE_ENDS = "，；。！？：,;!?"
CUT_AT = CLAUSE_ENDS + "、"
SENTENCE_ENDS = "。；！？;!?"
_OPENING = "“‘《（(【〔［「『"
_CLOSING = "”’》）)】〕］」』"


def chinese(ch: str) -> bool:
    """A character of Chinese text: a Han character, CJK punctuation, a full-width form, “ ” ‘ ’ or …"""
    if not ch:
        return False
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
            or 0x2018 <= o <= 0x201D or o in (0x2026, 0x2014) or 0x20000 <= o <= 0x2FFFF)


def punctuate(text: str) -> str:
    """ASCII , : ; ? ! ( ) in Chinese text -> ，：；？！（）; figures and Latin text keep theirs.

    A mark is in Chinese text when a Chinese character stands right before or after it (1,200 and
    10:30 have digits on both sides and stay; "截至目前,全市" and "占20%,同比" change). A pair of
    parentheses changes together, when Chinese text is inside it or right outside it:
    规划(2016-2020)和 -> 规划（2016-2020）和; f(x) stays.
    """
    while _ASCII_MARKS.search(text):
        done = _punctuate_once(text)
        if done == text:
            break
        text = done  # a mark made full-width is Chinese text for the marks beside it ("::“")
    return text


def _punctuate_once(text: str) -> str:
    chars = list(text)
    pairs = _paren_pairs(text)
    for i, ch in enumerate(text):
        if ch in "()":
            continue
        if ch in FULL_WIDTH and _in_chinese(text, i):
            chars[i] = FULL_WIDTH[ch]
    for i, j in pairs:
        inside = j is not None and any(chinese(c) for c in text[i + 1:j])
        around = _in_chinese(text, i) or (j is not None and _in_chinese(text, j))
        if inside or around:
            chars[i] = FULL_WIDTH[text[i]]
            if j is not None:
                chars[j] = FULL_WIDTH[text[j]]
    return "".join(chars)


def _in_chinese(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return chinese(before) or chinese(after)


def _paren_pairs(text: str) -> list[tuple[int, int | None]]:
    """Each ASCII '(' with its ')' (None when unclosed), and each unopened ')' as (i, None)."""
    pairs: list[tuple[int, int | None]] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            pairs.append((stack.pop(), i) if stack else (i, None))
    pairs.extend((i, None) for i in stack)
    return pairs


def boundaries(text: str, marks: str = CLAUSE_ENDS) -> list[int]:
    """Positions of the `marks` that end a clause: outside quotes and brackets, and not inside a
    figure (the comma of 1,200 and the colon of 10:30 join digits)."""
    out = []
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in marks and not (ch in ",:" and not _in_chinese(text, i)):
            out.append(i)
    return out


def clause_around(sentence: str, phrase: str) -> str:
    """The whole clause of `sentence` that holds `phrase` (the sentence when the phrase is not in it).

    "因前期土地选址与铁路用地政策相冲突,现正等待自然资源规划部门重新进行选址" with the phrase
    "等待自然资源规划部门重新" -> "现正等待自然资源规划部门重新进行选址".
    """
    at = sentence.find(phrase) if phrase else -1
    if at < 0:
        return sentence.strip()
    ends = boundaries(sentence)
    start = max((b + 1 for b in ends if b < at), default=0)
    stop = min((b for b in ends if b >= at + len(phrase)), default=len(sentence))
    return sentence[start:stop].strip()


def shorten(text: str, n: int = 40, tail: str = "等") -> str:
    """`text` whole when it has at most `n` characters; else its first clauses that fit, and `tail`.

    Cut only after a clause (，；。、…, outside quotes and brackets), never inside a word or a
    figure; a sentence end that keeps a third of `n` or more is preferred to a clause inside the
    next sentence. When the first clause alone is longer than `n`, it is kept whole; text of one
    clause is never cut. The mark at the cut is dropped: "建设小区商超50个以上、建成运营西湖国际二期"
    at 16 -> "建设小区商超50个以上等".
    """
    s = "".join(line.strip() for line in str(text or "").split("\n"))
    if len(s) <= n:
        return s
    cuts = [b for b in boundaries(s, CUT_AT) if b < len(s) - 1]
    if not cuts:
        return s
    fitting = [b for b in cuts if b <= n]
    ends = [b for b in fitting if s[b] in SENTENCE_ENDS and 3 * b >= n]
    at = ends[-1] if ends else fitting[-1] if fitting else cuts[0]
    head = s[:at].rstrip()
    if tail and head.endswith(tail):
        return head
    return head + tail


def quote(text: str) -> str:
    """Text in Chinese quotation marks, its own “ ” turned to ‘ ’ (quotes within quotes, GB/T 15834)."""
    return "“" + str(text).replace("“", "‘").replace("”", "’") + "”"


def ems(text: str) -> float:
    """Width of `text` in ems, set in a CJK font: wide characters 1, figures and Latin about ½."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            width += 1.0
        elif ch in "%@MW—":
            width += 0.85
        elif ch in ".,:;!|il'()[] ":
            width += 0.3
        else:
            width += 0.55
    return width


# A title line may end after these: a particle or conjunction, a closing quote or bracket.
_TITLE_BREAK_AFTER = re.compile(r"(?:关于|的|和|及|与|》|”|）)(?=[^，。、》”）])")


def title_phrases(title: str) -> list[str]:
    """A title in the pieces between which a line may end (see `title_lines`); joined, the title."""
    cuts = [m.end() for m in _TITLE_BREAK_AFTER.finditer(title) if 0 < m.end() < len(title)]
    return [title[a:b] for a, b in zip([0] + cuts, cuts + [len(title)])]


def title_lines(title: str, per_line: float) -> list[str]:
    """A long title in balanced lines broken only between words (公文 titles: 词意完整，排列对称).

    A line ends after 关于, 的, 和, 及, 与 or a closing 》”）; among such breaks the
    fewest lines, then the most even ones, are chosen. `per_line` is the line's width in ems. A
    title that fits one line, or that no such break lets fit, is returned whole (one item).
    """
    title = title.strip()
    if ems(title) <= per_line:
        return [title]
    cuts = [m.end() for m in _TITLE_BREAK_AFTER.finditer(title) if 0 < m.end() < len(title)]
    best: dict[int, tuple[int, float, list[int]]] = {0: (0, 0.0, [])}
    for end in cuts + [len(title)]:
        options = []
        for start, (lines, cost, path) in best.items():
            width = ems(title[start:end])
            if start < end and width <= per_line:
                options.append((lines + 1, cost + (per_line - width) ** 2, path + [end]))
        if options:
            best[end] = min(options, key=lambda o: (o[0], o[1]))
    if len(title) not in best:
        return [title]
    ends = best[len(title)][2]
    return [title[a:b] for a, b in zip([0] + ends[:-1], ends)]
