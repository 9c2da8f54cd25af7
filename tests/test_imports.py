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
    loaded = modules_after("import audit.app")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_loading_a_registry_needs_no_heavy_library():
    loaded = modules_after("import audit.load, audit.cache, audit.reports")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
