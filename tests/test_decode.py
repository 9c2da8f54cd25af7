"""The one decoder: a user's file read, decoded and (for Office files) checked, with one set of messages."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from audit.core import decode
from audit.core.decode import Unreadable

TEXT = "一、稳增长\n1.新增市场主体500户。\n进展情况：已新增312户。\n"


@pytest.mark.parametrize("raw", [
    TEXT.encode("utf-8"),
    b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    TEXT.encode("gb18030"),
    TEXT.encode("gbk"),
    TEXT.encode("utf-16"),  # with its BOM, as Excel's "Unicode 文本" and Notepad's "Unicode" save it
    TEXT.encode("utf-16-le"),  # without a BOM
    TEXT.encode("utf-16-be"),
])
def test_every_encoding_a_user_saves_in_reads_the_same(raw: bytes):
    assert decode.decode(raw, "x.txt") == TEXT


def test_a_declared_charset_comes_before_guessing():
    raw = "进展".encode("gb18030")
    assert decode.decode(raw, "p.html", declared="gb2312") == "进展"
    assert decode.decode("進展".encode("big5"), "p.html", declared="big5") == "進展"


def test_binary_is_not_text():
    with pytest.raises(Unreadable) as e:
        decode.decode(bytes(range(256)) * 4, "a.txt", what="通报")
    assert e.value.reason == "这不是文本文件（含有二进制内容），无法读取。请确认选的是通报。"
    assert e.value.message == "a.txt：" + e.value.reason


def test_control_characters_without_nul_are_not_text():
    with pytest.raises(Unreadable) as e:
        decode.decode(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 100, "a.txt")
    assert "无法显示的字符" in e.value.reason


def test_neither_utf8_nor_gbk_is_said_so():
    raw = b"\x81\x30" * 3 + b"\xff\xff\xfe"  # cut GB18030 four-byte sequences, then bytes no codec reads
    with pytest.raises(Unreadable) as e:
        decode.decode(raw, "a.txt")
    assert "既不是 UTF-8，也不是 GBK/GB18030" in e.value.reason


def test_the_registry_reads_utf8_only_and_names_the_line():
    raw = "meta:\n  title: 通报\n".encode("utf-8") + "tasks: 任务\n".encode("gbk")
    with pytest.raises(Unreadable) as e:
        decode.decode(raw, "tasks.yaml", utf8_only=True)
    assert e.value.line == 3
    assert e.value.problem().line == 3
    assert "第 3 行起无法读取" in e.value.reason and "GBK/GB18030" in e.value.reason
    with pytest.raises(Unreadable):
        decode.decode(TEXT.encode("utf-16"), "tasks.yaml", utf8_only=True)
    assert decode.decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "tasks.yaml", utf8_only=True) == TEXT


def test_read_errors(tmp_path: Path):
    with pytest.raises(Unreadable) as e:
        decode.read_bytes(tmp_path / "nope.txt")
    assert e.value.reason == "找不到这个文件。请检查路径和文件名。"
    with pytest.raises(Unreadable) as e:
        decode.read_bytes(tmp_path, what="通报")
    assert e.value.reason == "这是一个文件夹，不是通报。请指定其中的文件。"
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(Unreadable) as e:
        decode.read_bytes(big, what="通报", limit=1024)
    assert "超过通报的上限" in e.value.reason
    assert decode.read_bytes(big, limit=None) == b"x" * 2048


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions apply to")
def test_no_permission(tmp_path: Path):
    locked = tmp_path / "locked.txt"
    locked.write_text("x")
    locked.chmod(0)
    with pytest.raises(Unreadable) as e:
        decode.read_bytes(locked)
    assert e.value.reason.startswith("没有读取权限")


@pytest.mark.parametrize("raw", [b"", b"  \r\n", b"\xef\xbb\xbf\n"])
def test_an_empty_file_is_refused(raw: bytes):
    with pytest.raises(Unreadable) as e:
        decode.refuse_empty(raw, "e.txt", "通报文件")
    assert e.value.reason == "文件是空的，没有可读取的内容。请确认选对了通报文件。"


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_an_office_package_is_checked_for_its_kind():
    with pytest.raises(Unreadable) as e:
        decode.open_package(_zip({"xl/workbook.xml": b"<w/>"}), "a.docx", "docx")
    assert e.value.reason == "这是 Excel 工作簿（.xlsx），不是 Word 文档（.docx），无法读取。请确认选对了文件。"
    with pytest.raises(Unreadable) as e:
        decode.open_package(_zip({"readme.txt": b"hi"}), "a.xlsx", "xlsx")
    assert e.value.reason.startswith("这是普通压缩包，不是 Excel 工作簿（.xlsx）")
    with pytest.raises(Unreadable) as e:
        decode.open_package(b"PK\x03\x04" + b"\x00" * 64, "a.xlsx", "xlsx")
    assert e.value.reason.startswith("文件已损坏")
    with pytest.raises(Unreadable) as e:
        decode.open_package(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "a.doc", "docx")
    assert "旧版 Word（.doc）" in e.value.reason
    with pytest.raises(Unreadable) as e:
        decode.open_package(b"%PDF-1.7\n", "a.docx", "docx")
    assert "PDF" in e.value.reason


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path: Path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b" " * (1 << 20)
            for _ in range(decode.MAX_UNZIPPED // (1 << 20) + 1):
                f.write(chunk)
    with pytest.raises(Unreadable) as e:
        decode.open_package(path.read_bytes(), "bomb.docx", "docx")
    assert "解压后过大" in e.value.reason
