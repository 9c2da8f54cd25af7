"""Problems in the user's data (values) and the one exception family the core raises."""
from __future__ import annotations

import errno
from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    line: int  # 1-based; 0 when the file as a whole is at fault
    col: int  # 1-based; 0 when unknown
    field: str  # e.g. "tasks[27].targets[0].value"; "" when not about one field
    message: str  # what is wrong and what to do, in Chinese

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        head = f"{where}: {self.field}: " if self.field else f"{where}: "
        return head + self.message

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "col": self.col, "field": self.field, "message": self.message}


def os_reason(e: OSError) -> str:
    """Why a file could not be read or written, in Chinese. The system's own words (English on most
    machines) only for an error none of these cover."""
    names = {
        "ENOENT": "找不到这个文件或文件夹",
        "EISDIR": "这是一个文件夹，不是文件",
        "ENOTDIR": "路径中有一段不是文件夹",
        "EACCES": "没有权限（或文件正被其他程序打开）",
        "EPERM": "没有权限",
        "EROFS": "所在磁盘或文件夹是只读的",
        "ENOSPC": "磁盘空间不足",
        "EDQUOT": "磁盘空间不足（超出配额）",
        "ENAMETOOLONG": "文件名或路径太长",
        "ELOOP": "符号链接绕成了圈",
        "EIO": "磁盘读写出错，请检查磁盘或网络盘连接",
        "EBUSY": "文件正被其他程序占用",
        "ETXTBSY": "文件正被其他程序占用",
        "EMFILE": "同时打开的文件太多",
        "ENFILE": "同时打开的文件太多",
    }
    # not every platform names every code (Windows has no EDQUOT, for one)
    words = {getattr(errno, n): w for n, w in names.items() if hasattr(errno, n)}
    if e.errno in words:
        return words[e.errno]
    return e.strerror or str(e)


class AuditError(Exception):
    """Anything the user can fix: bad input, a missing file, a refused write. Exit code 2."""

    exit_code = 2

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])


class RegistryInvalid(AuditError):
    """The registry could not be used: it carries every problem found."""


class WriteRefused(AuditError):
    """A write was not done: the file exists, the folder is read-only, the disk is full..."""
