"""The one way to read a file a user gives us: its bytes (with one set of read errors), its text
(BOM, UTF-8, GB18030/GBK, UTF-16), and an Office package (.docx/.xlsx) checked against zip bombs.

Every message is a sentence about the file, without its name (`Unreadable.reason`): callers that
report located problems (the registry, the 台账) put the name in front themselves, the others
raise the error as it is (`Unreadable.message` is "name：reason").
"""
from __future__ import annotations

import codecs
import io
import os
import zipfile
from pathlib import Path

from audit.core.errors import AuditError, Problem, os_reason

MB = 1024 * 1024
MAX_UNZIPPED = 200 * MB  # a real circular, 分解方案 or 台账 unpacks to a few MB; a zip bomb to gigabytes
MAX_DOCUMENT = 64 * MB  # a file to import (circular, 分解方案, 台账, progress text); the registry has no limit

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Charsets a web page declares that mean "GBK": GB18030 reads them all (pages labelled gb2312
# routinely contain GBK characters).
_GBK_NAMES = ("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312")


class Unreadable(AuditError):
    """A file that cannot be read, and why: `reason` in Chinese, `line` when one line is at fault."""

    def __init__(self, name: str, reason: str, line: int = 0):
        super().__init__(f"{name}：{reason}")
        self.name = name
        self.reason = reason
        self.line = line

    def problem(self) -> Problem:
        return Problem(self.name, self.line, 0, "", self.reason)


def read_bytes(path: str | os.PathLike, *, what: str = "文件", limit: int | None = MAX_DOCUMENT,
               name: str | None = None) -> bytes:
    """The file's bytes. `what` names the kind of file expected ("台账文件", "通报"), for the messages."""
    path = Path(path)
    name = name or str(path)
    try:
        if limit is not None and path.is_file() and path.stat().st_size > limit:
            size = path.stat().st_size
            raise Unreadable(name, f"文件有 {size / MB:.0f} MB，超过{what}的上限 {limit // MB} MB，不像是{what}，"
                                   "已拒绝读取。请确认选对了文件。")
        return path.read_bytes()
    except OSError as e:
        raise os_error(name, e, what) from None


def os_error(name: str, e: OSError, what: str = "文件") -> Unreadable:
    """Why a file could not be read, as the one message for it."""
    if isinstance(e, FileNotFoundError):
        return Unreadable(name, f"找不到这个{what}。请检查路径和文件名。")
    if isinstance(e, IsADirectoryError):
        return Unreadable(name, f"这是一个文件夹，不是{what}。请指定其中的文件。")
    if isinstance(e, PermissionError):
        return Unreadable(name, "没有读取权限（或文件正被其他程序独占打开）。请检查文件权限，或关闭占用它的程序后重试。")
    return Unreadable(name, f"无法读取：{os_reason(e)}。")


def refuse_empty(raw: bytes, name: str, what: str = "文件") -> None:
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise Unreadable(name, f"文件是空的，没有可读取的内容。请确认选对了{what}。")


def decode(raw: bytes, name: str, *, what: str = "文件", declared: str | None = None, utf8_only: bool = False) -> str:
    """Bytes -> text: a BOM first, then a declared charset (a web page's <meta>), then strict UTF-8,
    then GB18030 (Windows 记事本's "ANSI" on Chinese Windows), then UTF-16 without a BOM.

    `utf8_only` is for the registry, which the writer must give back byte for byte: anything but
    UTF-8 is refused, naming the line where reading stops and what the encoding looks like.
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            if utf8_only and enc != "utf-8":
                raise Unreadable(name, f"文件是 {enc[:6].upper()} 编码。请用编辑器“另存为”UTF-8 编码后重试。")
            try:
                return raw[len(bom):].decode(enc)
            except UnicodeDecodeError:
                raise Unreadable(name, f"文件开头标明是 {enc[:6].upper()} 编码，但内容无法按此读取。"
                                       "请用记事本另存为 UTF-8 后重试。") from None
    wide = _utf16_without_bom(raw)
    if wide and not utf8_only:
        try:
            return raw.decode(wide)
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:4096]:
        raise Unreadable(name, f"这不是文本文件（含有二进制内容），无法读取。请确认选的是{what}。")
    if utf8_only:
        return _utf8(raw, name)
    for enc in (_codec(declared), "utf-8", "gb18030"):
        if enc:
            try:
                return _textual(raw.decode(enc), name, what)
            except UnicodeDecodeError:
                continue
    raise Unreadable(name, "文字编码无法识别（既不是 UTF-8，也不是 GBK/GB18030）。请用记事本打开后“另存为”UTF-8 编码再导入。")


def read_text(path: str | os.PathLike, *, what: str = "文件", limit: int | None = MAX_DOCUMENT,
              name: str | None = None) -> str:
    """A user's text file as text: read, refused when empty, decoded."""
    name = name or str(path)
    raw = read_bytes(path, what=what, limit=limit, name=name)
    refuse_empty(raw, name, what)
    return decode(raw, name, what=what)


def _utf8(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "看起来是 GBK/GB18030 编码（Windows 记事本“ANSI”）。"
        except UnicodeDecodeError:
            pass
        raise Unreadable(name, f"文件不是 UTF-8 编码，第 {line} 行起无法读取。{hint}请用编辑器“另存为”UTF-8 编码后重试。",
                         line) from None


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text saved without a BOM: NUL bytes in it, an even length, and nearly all of it printable
    when read as UTF-16 (binary read that way is not)."""
    if len(raw) < 4 or len(raw) % 2 or b"\x00" not in raw[:4096]:
        return None
    best, share = None, 0.98
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            sample = raw[:8192].decode(enc)
        except UnicodeDecodeError:
            continue
        ok = sum(1 for c in sample if c.isprintable() or c in "\n\r\t") / max(1, len(sample))
        if ok >= share:
            best, share = enc, ok
    return best


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    cs = charset.strip().strip("\"'").lower()
    if cs in _GBK_NAMES:
        return "gb18030"
    try:
        return codecs.lookup(cs).name
    except LookupError:
        return None


def _textual(text: str, name: str, what: str) -> str:
    """Refuse text that decoded but is not text: control characters, private-use code points."""
    sample = text[:4096]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0xE000 <= ord(c) <= 0xF8FF)
    if bad > max(3, len(sample) // 50):
        raise Unreadable(name, f"这不是文本文件（含有大量无法显示的字符），无法读取。请确认选的是{what}。")
    return text


# ----------------------------------------------------------------------------- Office packages

_PACKAGES = {
    "docx": ("word/document.xml", "Word 文档（.docx）", "Word", ".docx"),
    "xlsx": ("xl/workbook.xml", "Excel 工作簿（.xlsx）", "Excel", ".xlsx"),
}


def package_kind(raw: bytes) -> str:
    """What a file is by its first bytes: "zip", "ole" (.doc/.xls), "pdf" or ""."""
    if raw.startswith(b"PK\x03\x04"):
        return "zip"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if raw.startswith(b"%PDF"):
        return "pdf"
    return ""


def open_package(raw: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """A .docx or .xlsx as a zip, after checking it is one, of that kind, and not a zip bomb."""
    part, label, app, ext = _PACKAGES[kind]
    found = package_kind(raw)
    if found == "ole":
        raise Unreadable(name, f"这是旧版 Word（.doc）或 Excel（.xls）文件，无法直接读取。请在 {app} 中“另存为” {ext} 后再导入。")
    if found == "pdf":
        raise Unreadable(name, "这是 PDF 文件，无法读取其中的表格和段落。请使用原始的 Word 或 Excel 文件，"
                               "或把文字复制到记事本另存为 .txt 后再导入。")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Unreadable(name, f"文件已损坏，{_spaced('或并不是', label)}，无法打开。"
                               f"请用 {app} 打开后重新“另存为” {ext} 再导入。") from None
    if part not in names:
        raise Unreadable(name, f"{_spaced('这是', _what_zip(names))}，{_spaced('不是', label)}，无法读取。请确认选对了文件。")
    if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED:
        raise Unreadable(name, f"文件解压后过大（超过 {MAX_UNZIPPED // MB} MB），不像是正常的{label}，已拒绝读取。请确认选对了文件。")
    return zf


def _spaced(words: str, name: str) -> str:
    """Chinese words then a name: a space before a Latin one ("不是 Excel 工作簿")."""
    return f"{words} {name}" if name[:1].isascii() else words + name


def _what_zip(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "Word 文档（.docx）"
    if "xl/workbook.xml" in names:
        return "Excel 工作簿（.xlsx）"
    if any(n.startswith("ppt/") for n in names):
        return "PowerPoint 演示文稿"
    if "content.xml" in names:
        return "WPS/LibreOffice 文档（.odt/.ods）"
    return "普通压缩包"
