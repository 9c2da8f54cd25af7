"""Start-up stays light: the heavy libraries are imported only by the commands that need them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from audit.registry import cache as cache_mod
from conftest import run_cli

CLI = str(Path(__file__).resolve().parents[1] / "cli")
HEAVY = ("docx", "openpyxl", "jinja2", "ruamel", "rich", "lxml")
# what a warm status or laggards (the answer in the cache) must not load: the YAML readers, the
# libraries of the other commands, the status pipeline and the judgement
NOT_WHEN_WARM = ("yaml", "ruamel", "docx", "openpyxl", "jinja2", "markdown_it", "markupsafe", "lxml",
                 "audit.report.pipeline", "audit.judge", "audit.registry.load", "audit.registry.parse")


def run_python(code: str) -> tuple[str, list[str]]:
    """What `code` printed, and every module loaded once it has run, in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": CLI + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, encoding="utf-8", env=env, check=True).stdout
    printed, _, names = out.rstrip("\n").rpartition("\n")
    return printed + "\n" if printed else "", json.loads(names)


def modules_after(code: str) -> set[str]:
    return {m.split(".")[0] for m in run_python(code)[1]}


def test_importing_the_app_loads_no_heavy_library():
    """Rich is the one terminal path, so the app loads it; Word, Excel, templates and the
    round-trip YAML library wait for the commands that use them."""
    loaded = modules_after("import audit.cli.app")
    assert not loaded & (set(HEAVY) - {"rich"}), loaded & set(HEAVY)


def test_loading_a_registry_needs_no_heavy_library():
    loaded = modules_after("import audit.registry.load, audit.registry.cache, audit.report.reports")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_one_command_app_answers_like_the_whole_app(small_registry):
    """main() keeps only the commands named on the command line; the answer must not change."""
    import copy

    from typer.testing import CliRunner

    from audit.cli import app as app_mod
    from audit.cli import output

    for args in (["status", "-r", str(small_registry)], ["--registry", str(small_registry), "laggards", "--json"],
                 ["check", str(small_registry)], ["period", "list", "-r", str(small_registry)], ["status", "--help"]):
        whole = copy.copy(app_mod.app)
        whole.registered_commands = list(app_mod.app.registered_commands)
        whole.registered_groups = list(app_mod.app.registered_groups)
        output.reset()
        want = CliRunner().invoke(app_mod.app, args)
        app_mod.only_named_commands(whole, args)
        assert len(whole.registered_commands) + len(whole.registered_groups) == 1, args
        output.reset()
        got = CliRunner().invoke(whole, args)
        assert (got.exit_code, got.stdout) == (want.exit_code, want.stdout), args


def test_help_and_typos_keep_every_command():
    from audit.cli import app as app_mod

    for args in (["--help"], ["statsu"], []):
        import copy

        a = copy.copy(app_mod.app)
        app_mod.only_named_commands(a, args)
        assert a.registered_commands == app_mod.app.registered_commands


def test_a_command_loads_no_pydantic(small_registry):
    """Typer from 0.28 passes every option value through Pydantic, whose import alone costs more than
    the whole of `audit status`: the Typer we hold to does not, and nothing else may bring it in."""
    code = ("import sys\nfrom audit.cli import app\nsys.argv = ['audit', 'status', '-r', %r]\n"
            "try:\n    app.main()\nexcept SystemExit:\n    pass\n" % str(small_registry))
    loaded = modules_after(code)
    assert "pydantic" not in loaded and "pydantic_core" not in loaded


def test_a_warm_status_loads_no_yaml_reader_nor_the_judgement(small_registry, monkeypatch):
    """With its answer in the cache, status (and laggards) is a cache read and a print: no PyYAML nor
    ruamel.yaml, none of the libraries of the drafts and importers, no status pipeline, no judgement."""
    monkeypatch.setattr(cache_mod, "FRESH_SECONDS", -1.0)
    old = time.time() - 60
    os.utime(small_registry, (old, old))
    for args in (["status"], ["laggards"], ["status", "--json"]):
        want = run_cli(*args, "-r", str(small_registry))  # in this process: the answer is now in the cache
        assert want.exit_code == 0, want.output
        code = ("import sys\nsys.argv = ['audit', *%r, '-r', %r]\nfrom audit import entry\ntry:\n    entry.main()\n"
                "except SystemExit:\n    pass\nsys.stdout.flush()" % (args, str(small_registry)))
        printed, loaded = run_python(code)
        assert printed == want.stdout, args
        assert [m for m in loaded if any(m == n or m.startswith(n + ".") for n in NOT_WHEN_WARM)] == [], args
