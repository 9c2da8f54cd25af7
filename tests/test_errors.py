"""File errors are told in Chinese, whichever reader meets them."""
from __future__ import annotations

import errno

import pytest

from audit.core.errors import os_reason
from audit.registry import load


@pytest.mark.parametrize("code, words", [
    (errno.EACCES, "没有权限"), (errno.EROFS, "只读"), (errno.ENOSPC, "磁盘空间不足"),
    (errno.EIO, "磁盘读写出错"), (errno.ENAMETOOLONG, "太长"), (errno.EISDIR, "文件夹"),
])
def test_common_errors_are_named_in_chinese(code, words):
    assert words in os_reason(OSError(code, "English words from the system"))


def test_an_uncommon_error_keeps_the_systems_words():
    assert os_reason(OSError(errno.EXDEV, "Invalid cross-device link")) == "Invalid cross-device link"


def test_the_registry_loader_says_why_in_chinese(monkeypatch, tmp_path):
    path = tmp_path / "tasks.yaml"
    path.write_text("meta: {}\n", encoding="utf-8")

    def broken(filename, overlay):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(load, "_raw", broken)
    result = load.load(str(path), None)
    assert [p.message for p in result.problems] == ["无法读取：磁盘读写出错，请检查磁盘或网络盘连接。"]
