"""Shared fixtures: a small synthetic registry (with comments) written to a temp folder."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

SMALL = textwrap.dedent(
    """\
    # 测试台账：注释必须在写回后保留
    meta:
      title: 关于2023年重点工作一季度进展情况的通报
      issuer: 某县人民政府督查室
      year: 2023
      periods:
        - id: 2023-Q1
          as_of: 2023-03-31
        - id: 2023-H1   # 半年
    sections:
      - no: 1
        title: 主要预期目标
      - no: 2
        title: 扩大有效投资
        subs:
          - no: 1
            title: 重大项目
    tasks:
      - id: "1.1"
        section: 1
        goal: 地区生产总值增长6%左右。
        progress:
          - period: 2023-Q1
            label: 完成情况
            text: 一季度地区生产总值同比增长5.1%。
      - id: "1"
        section: 2
        sub: 1
        goal: 新建5G基站200个以上。
        units:
          lead: 县经信局
          others: [县通信发展办]
        progress:
          - period: 2023-Q1
            text: |-
              已建成5G基站30个。
              其余基站正在选址。
      - id: "2"
        section: 2
        goal: 启动建设县城污水处理厂二期。
        progress:
          - period: 2023-Q1
            text: 项目目前暂无进展。
    """
)


@pytest.fixture
def small_text() -> str:
    return SMALL


@pytest.fixture
def small_registry(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "tasks.yaml"
    path.parent.mkdir()
    path.write_text(SMALL, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- hardening helpers

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"
UPDATE_GOLDEN = bool(os.environ.get("AUDIT_UPDATE_GOLDEN"))


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: big generated inputs (tens of seconds); deselect with -m 'not slow'")


@pytest.fixture
def minimal_text() -> str:
    return (GOOD / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture
def registry(tmp_path, minimal_text) -> Path:
    """A writable copy of the minimal registry in a fresh folder."""
    p = tmp_path / "tasks.yaml"
    p.write_text(minimal_text, encoding="utf-8")
    return p


# The meta and one section every small registry written inside a test starts with; "tasks:" follows.
REGISTRY_HEAD = """\
meta:
  title: 标题
  year: 2021
  periods:
    - id: 2021-H1
sections:
  - no: 1
    title: 目标
"""


def run_cli(*args: str, env: dict | None = None):
    """Run `audit ARGS` in-process; returns the CliRunner result (stdout and stderr kept apart)."""
    from typer.testing import CliRunner

    from audit.cli import app as app_mod
    from audit.cli import output

    output.reset()
    app_mod.state.debug = False
    app_mod.state.registry = None
    runner = CliRunner()
    result = runner.invoke(app_mod.app, list(args), env=env or {}, catch_exceptions=True)
    output.reset()
    return result


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory, monkeypatch):
    """Every test gets an empty parse cache of its own: nothing leaks between tests or into ~/.cache."""
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("AUDIT_NO_CACHE", raising=False)
