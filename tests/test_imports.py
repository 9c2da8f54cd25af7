"""Start-up stays light: the heavy libraries are imported only by the commands that need them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CLI = str(Path(__file__).resolve().parents[1] / "cli")
HEAVY = ("docx", "openpyxl", "jinja2", "ruamel", "rich", "lxml")


def modules_after(code: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": CLI + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, env=env, check=True).stdout
    return {m.split(".")[0] for m in json.loads(out.splitlines()[-1])}


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
