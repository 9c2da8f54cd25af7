"""`make bench`: time and peak memory of the read-only commands on 1k, 10k and 100k-task registries.

Each command runs as a child process (wall time; peak memory = the child's max RSS from
wait4), with an empty cache ("cold") and again with the cache it left ("warm"), beside the
floor: parsing the same file with PyYAML's C loader, gc disabled, timed inside a child. The
table is printed and written to bench/out/latest.md, followed by the budgets as PASS/FAIL.

    python bench/run.py                  # 1k, 10k, 100k (generated once into bench/out/)
    python bench/run.py --sizes 1000,10000
    python bench/run.py --sizes ""       # start-up on the shipped registry only
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import gen  # noqa: E402

PY = sys.executable
COMMANDS = [
    ("check", ["check", "{reg}"]),
    ("status --json", ["status", "-r", "{reg}", "--json"]),
    ("laggards", ["laggards", "-r", "{reg}"]),
    ("render-notice", ["render-notice", "-r", "{reg}"]),
]
FLOOR = (
    "import gc, sys, time, yaml\n"
    "raw = open(sys.argv[1], 'rb').read()\n"
    "gc.disable()\n"
    "t = time.perf_counter()\n"
    "yaml.load(raw, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))\n"
    "print(time.perf_counter() - t)\n"
)


# Runs the command from a small process: a process started straight from this one would count this
# one's memory as its own peak (Linux keeps the largest resident size across exec), and this one
# holds generated registries. Times from fork to exit, so its own start-up is not counted.
MEASURE = (
    "import os, sys, time\n"
    "out, argv = sys.argv[1], sys.argv[2:]\n"
    "t = time.perf_counter()\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    try:\n"
    "        os.execvp(argv[0], argv)\n"
    "    finally:\n"
    "        os._exit(127)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "wall = time.perf_counter() - t\n"
    "open(out, 'w').write(f'{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}')\n"
)


def child(argv: list[str], env: dict | None = None, tty: bool = False) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS bytes, exit code, stdout) of one child process. With `tty`, its
    stdout is a 100-column pseudo-terminal, as when an officer runs it in a window: Rich then
    detects a terminal and writes colour, which a file or pipe does not get."""
    fd, measured = tempfile.mkstemp(prefix="audit-bench-", suffix=".txt")
    os.close(fd)
    argv = [PY, "-c", MEASURE, measured, *argv]
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        if tty:
            import fcntl
            import pty
            import struct
            import termios
            import threading

            master, slave = pty.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
            p = subprocess.Popen(argv, stdout=slave, stderr=err, env={**(env or os.environ), "TERM": "xterm-256color"},
                                 cwd=ROOT)
            os.close(slave)
            chunks: list[bytes] = []

            def drain() -> None:
                while True:
                    try:
                        b = os.read(master, 1 << 16)
                    except OSError:  # EIO once the child has closed the terminal
                        break
                    if not b:
                        break
                    chunks.append(b)

            reader = threading.Thread(target=drain)
            reader.start()
            _, status, usage = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t
            reader.join()
            os.close(master)
            out.write(b"".join(chunks))
        else:
            p = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=ROOT)
            _, status, usage = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss
        with open(measured, encoding="utf-8") as f:
            got = f.read().split()
        os.unlink(measured)
        if len(got) == 3:  # the command's own figures (else the helper failed: keep its own)
            wall, rss, p.returncode = float(got[0]), int(got[1]), int(got[2])
        out.seek(0)
        text = out.read(4096).decode("utf-8", "replace")
        if p.returncode not in (0, 1):
            err.seek(0)
            text = err.read(2000).decode("utf-8", "replace")
    return wall, rss * 1024, p.returncode, text


def audit_env(cache: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("AUDIT_NO_CACHE", "AUDIT_REGISTRY")}
    env["PYTHONPATH"] = str(ROOT / "cli") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if cache is None:
        env["AUDIT_NO_CACHE"] = "1"
    else:
        env["AUDIT_CACHE_DIR"] = str(cache)
    return env


def audit(args: list[str], reg: str, cache: Path | None, tty: bool = False) -> tuple[float, int, int, str]:
    return child([PY, "-m", "audit", *[a.format(reg=reg) for a in args]], audit_env(cache), tty)


def has_command(name: str) -> bool:
    _, _, code, _ = child([PY, "-m", "audit", name, "--help"], audit_env(None))
    return code == 0


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 10e6 else f"{n / 1e6:.1f} MB"


def secs(s: float) -> str:
    return f"{s:.2f} s" if s >= 1 else f"{s * 1000:.0f} ms"


def machine() -> str:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({os.sched_getaffinity(0).__len__()} usable), {cpu or platform.processor()}, " \
           f"Python {platform.python_version()}, {platform.system()} {platform.release()}"


def size_name(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


LIBRARIES = "import typer, typer.main, rich.console, rich.text, rich.table"


class Report:
    """What the bench prints, kept for bench/out/latest.md, and the budgets it checks."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.budgets: list[tuple[bool, str]] = []

    def say(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)

    def budget(self, ok: bool, text: str) -> None:
        self.budgets.append((ok, text))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="task counts, comma-separated")
    ap.add_argument("--repeat", type=int, default=5, help="runs of the shipped-registry start-up check (best kept)")
    a = ap.parse_args(argv)
    sizes = [int(x) for x in a.sizes.split(",") if x]
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    r = Report()

    # An installed package carries compiled bytecode; a checkout gets it on first run unless
    # PYTHONDONTWRITEBYTECODE is set (as on some build machines). Compile it once so start-up
    # is measured as users see it, not with every module compiled from source on each run.
    import compileall

    compileall.compile_dir(str(ROOT / "cli" / "audit"), quiet=1)

    r.say("# audit benchmark")
    r.say()
    r.say(f"Machine: {machine()}. Measured {time.strftime('%Y-%m-%d %H:%M')}; load average "
          f"{os.getloadavg()[0]:.1f} at start.")
    r.say()
    startup(r, max(1, a.repeat))
    per_task = scale(r, sizes)
    if len(sizes) > 1:
        growth(r, sizes, per_task)

    import writes  # bench/writes.py: `audit update` on the shipped registry and on 20,000 tasks

    writes.section(r.say, r.budgets, audit, secs, mb)

    r.say("## Budgets")
    r.say()
    for ok, text in r.budgets:
        r.say(f"- {'PASS' if ok else 'FAIL'}: {text}")
    r.say()
    r.say(f"Total bench time {secs(time.perf_counter() - started)}.")
    (OUT / "latest.md").write_text("\n".join(r.lines) + "\n", encoding="utf-8")
    print(f"\n(written to {OUT / 'latest.md'})")
    return 0


def startup(r: Report, reps: int) -> None:
    """Start-up on the shipped registry: --help and status, cold and warm, to a terminal and a file."""
    base = min(child([PY, "-c", "pass"])[0] for _ in range(reps))
    libs = min(child([PY, "-c", LIBRARIES])[0] for _ in range(reps))
    r.say("## Start-up (shipped registry, best of %d, above `python -c pass` = %s)" % (reps, secs(base)))
    r.say()
    r.say(f"Importing Typer and Rich alone (`{LIBRARIES}`) takes {secs(libs)}, +{secs(libs - base)} above "
          "`python -c pass`: the part of every command's start-up that is not this project's code.")
    r.say()
    r.say("| command | cache | output to | wall | above `python -c pass` | above importing Typer and Rich |")
    r.say("|---|---|---|---|---|---|")
    shipped = str(ROOT / "data" / "tasks.yaml")
    tmp = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    try:
        status = ["status", "-r", shipped]
        rows = [("--help", ["--help"], "—", "terminal"), ("status", status, "cold", "terminal"),
                ("status", status, "warm", "terminal"), ("status", status, "cold", "file"),
                ("status", status, "warm", "file"), ("status --json", [*status, "--json"], "warm", "file")]
        for label, args, mode, where in rows:
            tty = where == "terminal"
            walls = []
            for _ in range(reps):
                cache = tmp / "cold" if mode == "cold" else tmp / "warm"
                if mode == "cold":
                    shutil.rmtree(cache, ignore_errors=True)
                elif mode == "warm":
                    audit(args, shipped, cache, tty)  # populate (idempotent)
                walls.append(audit(args, shipped, cache, tty)[0])
            w = min(walls)
            ours = ("+" if w >= libs else "-") + secs(abs(w - libs))
            r.say(f"| `audit {label}` | {mode} | {where} | {secs(w)} | +{secs(w - base)} | {ours} |")
            if label in ("status", "--help"):
                # everything is printed through Rich: a warm status is held to 100 ms above python -c pass
                limit = 0.100 if label == "status" and mode == "warm" else 0.150
                r.budget(w - base <= limit, f"`audit {label}` (through Rich) on the shipped registry, {mode}, "
                                            f"to a {where}: +{secs(w - base)} above python -c pass "
                                            f"(budget {limit * 1000:.0f} ms)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    r.say()


def scale(r: Report, sizes: list[int]) -> dict[str, list[tuple[int, float]]]:
    """Each reading command on generated registries, cold and warm, against the C loader's floor."""
    render = has_command("render-notice")
    r.say("## Scale (one run each; cold = empty cache, warm = the cache the cold run left)")
    r.say()
    r.say("| tasks | file | command | cold | × floor | peak mem cold | × file | warm | peak mem warm | × file |")
    r.say("|---|---|---|---|---|---|---|---|---|---|")
    per_task: dict[str, list[tuple[int, float]]] = {}
    cold_at: dict[tuple[int, str], float] = {}
    for n in sizes:
        reg = generated(n)
        size = os.path.getsize(reg)
        wall, rss, code, text = child([PY, "-c", FLOOR, reg])
        floor = float(text.strip().splitlines()[-1]) if code == 0 else float("nan")
        r.say(f"| {n:,} | {mb(size)} | *floor: PyYAML C loader, gc off* | {secs(floor)} | 1.00 | {mb(rss)} | "
              f"{rss / size:.1f} | | | |")
        per_task.setdefault("floor", []).append((n, floor))
        for label, args in COMMANDS:
            if label == "render-notice" and not render:
                r.say(f"| {n:,} | | `{label}` | — | | | | — | | |")
                continue
            got = cold_and_warm(args, reg)
            if got is None:
                r.say(f"| {n:,} | | `{label}` | failed | | | | | | |")
                continue
            cw, crss, ww, wrss = got
            r.say(f"| {n:,} | | `{label}` | {secs(cw)} | {cw / floor:.2f} | {mb(crss)} | {crss / size:.1f} | "
                  f"{secs(ww)} | {mb(wrss)} | {wrss / size:.1f} |")
            per_task.setdefault(label, []).append((n, cw))
            cold_at[(n, label)] = cw
            if n >= 100_000:
                scale_budgets(r, n, label, got, floor, size, cold_at)
    if not render:
        r.say()
        r.say("`render-notice` is not on this branch: its rows are skipped.")
    r.say()
    return per_task


def generated(n: int) -> str:
    """The synthetic registry of n tasks, made once and kept in bench/out/."""
    reg = str(OUT / f"tasks-{size_name(n)}.yaml")
    if not os.path.exists(reg):
        t = time.perf_counter()
        gen.write(n, reg)
        print(f"(generated {reg} in {secs(time.perf_counter() - t)})", flush=True)
        time.sleep(2.1)  # let the file settle: the cache does not trust a file changed within 2 s
    return reg


def cold_and_warm(args: list[str], reg: str) -> tuple[float, int, float, int] | None:
    """(cold wall, cold peak memory, warm wall, warm peak memory) of one command, or None if it failed."""
    cache = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    try:
        cw, crss, ccode, ctext = audit(args, reg, cache)
        ww, wrss, wcode, _ = audit(args, reg, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    if ccode not in (0, 1):
        print(ctext, file=sys.stderr)
        return None
    return cw, crss, ww, wrss


def scale_budgets(r: Report, n: int, label: str, got: tuple, floor: float, size: int, cold_at: dict) -> None:
    """The budgets at a province's size: against the C loader's floor and against `status --json`."""
    cw, crss, ww, wrss = got
    if label in ("laggards", "render-notice") and (n, "status --json") in cold_at:
        base = cold_at[(n, "status --json")]
        r.budget(cw <= 2 * base, f"`{label}`, {n:,} tasks, cold: {secs(cw)} = {cw / base:.2f}× `status --json` (budget 2×)")
        r.budget(ww <= 3.0, f"`{label}`, {n:,} tasks, warm: {secs(ww)} (budget 3 s)")
    if label == "status --json":
        r.budget(cw <= 2 * floor, f"`status --json`, {n:,} tasks, cold: {secs(cw)} = {cw / floor:.2f}× floor (budget 2×)")
        r.budget(ww <= 0.5, f"`status --json`, {n:,} tasks, warm: {secs(ww)} (budget 0.5 s)")
        r.budget(crss <= 8 * size, f"`status --json`, {n:,} tasks, peak memory cold: {crss / size:.1f}× file (budget 8×)")
        r.budget(wrss <= 2 * size, f"`status --json`, {n:,} tasks, peak memory warm: {wrss / size:.1f}× file (budget 2×)")


def growth(r: Report, sizes: list[int], per_task: dict[str, list[tuple[int, float]]]) -> None:
    """Time per task from the smallest to the largest size: the reading commands grow linearly."""
    r.say("## Growth (cold time per 1,000 tasks)")
    r.say()
    r.say("| | " + " | ".join(f"{size_name(n)}" for n in sizes) + " | largest ÷ smallest |")
    r.say("|---|" + "---|" * (len(sizes) + 1))
    for label, pts in per_task.items():
        per = [t / n * 1000 for n, t in pts]
        r.say(f"| {label} | " + " | ".join(secs(x) for x in per) + f" | {per[-1] / per[0]:.2f} |")
        if label in ("status --json", "laggards", "render-notice") and len(pts) == len(sizes):
            # linear: per-task cost at the top within 1.5x of that at the bottom (start-up amortised away)
            mid = per[1] if len(per) > 2 else per[0]
            r.budget(per[-1] <= 1.5 * mid, f"`{label}` grows linearly: {secs(per[-1])} per 1k tasks at "
                                           f"{size_name(pts[-1][0])} vs {secs(mid)} at "
                                           f"{size_name(pts[1][0] if len(pts) > 2 else pts[0][0])}")
    r.say()


if __name__ == "__main__":
    sys.exit(main())
