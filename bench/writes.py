"""`make bench`, writes: `audit update` of one task on the shipped registry and on a 20,000-task one.

The 20,000-task registry has one progress entry a task (about 1 KB a task, the shipped
registry's density; 20 MB). Each is copied to a fresh folder, checked once (as after an
`audit status`: the registry is in the parse cache), then updated: the first update makes the
registry's index, the next ones use the index the previous write left. Budgets: an update on 20k
tasks takes no longer than 3x the same update on the shipped registry, and peaks under 2x the
file's size in memory. `make bench` runs it after the read-only commands; alone:

    python bench/writes.py
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
TASKS = 20_000


TARGET = (
    "import sys\n"
    "from audit.registry.load import load\n"
    "reg = load(sys.argv[1]).registry\n"
    "print(reg.tasks[len(reg.tasks) // 2].id, reg.period_ids[-1])\n"
)


def _target(path: str) -> tuple[str, str]:
    """(the middle task's id, the last period) of a registry, read in a child: this process stays small."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", TARGET, path], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "cli")}).stdout.split()
    return out[0], out[1]


def _runs(audit, src: Path, reps: int) -> tuple[int, tuple[float, int], tuple[float, int]]:
    """(file size, (wall, peak RSS) of the first update, best wall and highest peak of the next `reps`)."""
    folder = Path(tempfile.mkdtemp(prefix="audit-bench-write-"))
    try:
        reg = folder / "tasks.yaml"
        shutil.copyfile(src, reg)
        cache = folder / "cache"
        time.sleep(2.1)  # the parse cache does not keep a file changed within 2 s
        audit(["check", "{reg}"], str(reg), cache)
        tid, period = _target(str(reg))
        runs = []
        for i in range(reps + 1):
            wall, rss, code, text = audit(["update", tid, "-r", "{reg}", "--period", period, "--text",
                                           f"第{i}次录入的进展，用于测量写入耗时。", "--overwrite"], str(reg), cache)
            if code != 0:
                raise RuntimeError(f"audit update failed on {src}: {text}")
            runs.append((wall, rss))
        later = runs[1:]
        return os.path.getsize(src), runs[0], (min(w for w, _ in later), max(r for _, r in later))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def section(say, budgets: list, audit, secs, mb, reps: int = 5) -> None:
    """Measure, print the table and add the budgets."""
    import gen

    big = OUT / "tasks-20k-1p.yaml"
    if not big.exists():
        gen.write(TASKS, str(big), periods=1)
    say(f"## Writes (`audit update` of one task: the first after a check, then best of {reps})")
    say()
    say("| registry | file | first update | then | peak mem then | × file |")
    say("|---|---|---|---|---|---|")
    got = {}
    for label, src in (("shipped", ROOT / "data" / "tasks.yaml"), (f"{TASKS:,} tasks", big)):
        size, (fw, frss), (w, rss) = _runs(audit, src, reps)
        got[label] = (size, w, rss)
        say(f"| {label} | {mb(size)} | {secs(fw)}, {mb(frss)} | {secs(w)} | {mb(rss)} | {rss / size:.1f} |")
    say()
    (_, small_w, _), (size, big_w, big_rss) = got["shipped"], got[f"{TASKS:,} tasks"]
    budgets.append((big_w <= 3 * small_w, f"`update`, {TASKS:,} tasks: {secs(big_w)} = {big_w / small_w:.2f}× the "
                                          f"shipped registry's {secs(small_w)} (budget 3×)"))
    budgets.append((big_rss <= 2 * size, f"`update`, {TASKS:,} tasks, peak memory {mb(big_rss)} = "
                                         f"{big_rss / size:.2f}× the file (budget 2×)"))


def main() -> int:
    import run

    lines: list[str] = []
    budgets: list = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    say(f"Machine: {run.machine()}. Measured {time.strftime('%Y-%m-%d %H:%M')}; load average "
        f"{os.getloadavg()[0]:.1f} at start.")
    say()
    section(say, budgets, run.audit, run.secs, run.mb)
    for ok, text in budgets:
        say(f"- {'PASS' if ok else 'FAIL'}: {text}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "writes.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if all(ok for ok, _ in budgets) else 1


if __name__ == "__main__":
    raise SystemExit(main())
