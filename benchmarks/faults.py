"""Benchmark: reliability under faults and bad input (issue 8), as a hostile tester probes it.

Runs every probe of the issue on temporary copies (the repository is never touched) and prints
one row per probe: what it does, what should happen, what happened, and whether that holds.
Most probes run the real command line in a subprocess (`python -m planner.cli …`), as a user
would; a few are in-process calls. Rows marked `engine` are the solver's (issue 11): they
hold once that work is merged.

    .venv/bin/python benchmarks/faults.py [--only SUBSTRING] [--jobs 2] [--json FILE]

Exit status 0 when every row holds, 1 otherwise. `tests/test_faults.py` runs it in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PPU = REPO / "geodata" / "ppu"
MINI = REPO / "tests" / "data" / "kab_mini"
DEFAULT_SCENARIO = PPU / "scenario.toml"
# Mondays only on the small test kabupaten: a plan takes seconds.
MINI_SCENARIO = "name = 'mini'\n[[teams]]\nname = 'Tim 1'\nweekdays = ['Mon']\n"
NIK = "6409014505900001"


@dataclass(frozen=True)
class Row:
    """One probe's outcome."""

    area: str
    probe: str
    expected: str
    observed: str
    holds: bool
    seconds: float
    owner: str = "reliab"


@dataclass(frozen=True)
class Probe:
    area: str
    name: str
    expected: str
    run: Callable[[Path], tuple[bool, str]]
    owner: str = "reliab"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str
    seconds: float

    @property
    def text(self) -> str:
        return self.out + self.err


def cli(
    *args: str | Path,
    cwd: Path | None = None,
    timeout: float = 180,
    env: dict[str, str] | None = None,
) -> Result:
    """Run `ikd-planner ARGS` in a subprocess; a run past `timeout` is killed (code -9)."""
    t0 = time.perf_counter()
    full_env = {**os.environ, "IKD_PLANNER_DB": "", **(env or {})}
    if cwd is not None and not full_env.get("IKD_PLANNER_DB"):
        full_env["IKD_PLANNER_DB"] = f"sqlite:///{cwd / 'ledger.sqlite'}"
    cmd = [sys.executable, "-m", "planner.cli", *map(str, args)]
    try:
        proc = subprocess.run(
            cmd, cwd=cwd or REPO, capture_output=True, text=True, timeout=timeout, env=full_env
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return Result(-9, out, "", time.perf_counter() - t0)
    return Result(proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - t0)


def one_sentence(r: Result) -> bool:
    """Exit 2 with a short message and no traceback or validation dump."""
    text = r.text
    return (
        r.code == 2
        and "Traceback" not in text
        and "https://errors.pydantic" not in text
        and len(r.err.strip().splitlines()) <= 3
    )


def short(text: str, n: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= n else line[: n - 1] + "…"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _intact(ok: bool) -> str:
    return "intact" if ok else "CHANGED"


def _temps(parent: Path) -> str:
    return ", ".join(temps(parent)) or "none"


def temps(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name)


def mini_scenario(tmp: Path, extra: str = "") -> Path:
    f = tmp / "mini.toml"
    f.write_text(MINI_SCENARIO + extra, encoding="utf-8")
    return f


def mini_plan(tmp: Path, out: Path, *extra: str, scenario: str = "") -> Result:
    sc = mini_scenario(tmp, scenario)
    return cli(
        "plan", "--scenario", sc, "--data", MINI, "--month", "2027-02", "--time-limit", "2",
        "--no-maps", "--out", out, *extra, cwd=tmp,
    )  # fmt: skip


def copy_mini(tmp: Path) -> Path:
    dest = tmp / "kab"
    shutil.copytree(MINI, dest)
    return dest


# ------------------------------------------------------------------ data loss
def p_plan_keeps_others(tmp: Path) -> tuple[bool, str]:
    out = tmp / "out"
    (out / "notebooks").mkdir(parents=True)
    (out / "notebooks" / "plan.json").write_text("{}", encoding="utf-8")
    (out / "laporan.docx").write_bytes(b"laporan")
    (out / "ppu-staffing").mkdir()
    (out / "ppu-staffing" / "comparison.csv").write_text("x\n", encoding="utf-8")
    keep = dict(snapshot(out).items())
    r1, r2 = mini_plan(tmp, out), mini_plan(tmp, out)
    now = snapshot(out)
    kept = all(now.get(k) == v for k, v in keep.items())
    ok = r1.code == r2.code == 0 and kept and "schedule.csv" in now
    return ok, f"exit {r1.code},{r2.code}; others {'kept' if kept else 'LOST'}"


def p_render_in_place(tmp: Path) -> tuple[bool, str]:
    folder = tmp / "kiriman"
    r = mini_plan(tmp, folder)
    (folder / "laporan.docx").write_bytes(b"laporan")
    (folder / "arsip").mkdir()
    (folder / "arsip" / "x.xlsx").write_bytes(b"x")
    r2 = cli("render", "--plan", folder / "plan.json", cwd=tmp)
    kept = (folder / "laporan.docx").exists() and (folder / "arsip" / "x.xlsx").exists()
    return (
        r.code == r2.code == 0 and kept,
        f"exit {r2.code}; docx+subfolder {'kept' if kept else 'LOST'}",
    )


def p_folder_created_during_solve(tmp: Path) -> tuple[bool, str]:
    out = tmp / "out"
    cmd = [sys.executable, "-m", "planner.cli", "plan", "--month", "2027-01", "--time-limit", "4"]
    cmd += ["--no-maps", "--verbose", "--out", str(out)]
    env = {**os.environ, "IKD_PLANNER_DB": f"sqlite:///{tmp / 'l.sqlite'}"}
    proc = subprocess.Popen(cmd, cwd=tmp, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, env=env)  # fmt: skip
    assert proc.stderr is not None
    made = False
    for line in proc.stderr:  # the first line of the solve, in either route mode
        if line.startswith(("greedy baseline", "LP ", "CP-SAT", "SCIP")):
            out.mkdir(exist_ok=True)  # a slow reader may see the line after the plan ended
            (out / "notes.txt").write_text("mine", encoding="utf-8")
            made = True
            break
    proc.stderr.read()
    proc.stderr.close()
    code = proc.wait(timeout=120)
    if not made:
        return False, f"exit {code}; no solve line seen, folder never created (probe broken)"
    kept = (out / "notes.txt").exists()
    return code == 0 and kept and (out / "plan.json").exists(), (
        f"exit {code}; notes.txt {'kept' if kept else 'LOST'}"
    )


def p_edited_file(tmp: Path) -> tuple[bool, str]:
    out = tmp / "out"
    mini_plan(tmp, out)
    (out / "schedule.csv").write_text("hand-typed actuals", encoding="utf-8")
    r = mini_plan(tmp, out)
    kept = (out / "schedule.csv").read_text(encoding="utf-8") == "hand-typed actuals"
    return r.code == 2 and kept, f"exit {r.code}; edited file {'kept' if kept else 'OVERWRITTEN'}"


def _sweep(tmp: Path, name: str, extra: str = "") -> Path:
    (tmp / "base.toml").write_text(MINI_SCENARIO, encoding="utf-8")
    f = tmp / "sweep.toml"
    f.write_text(
        f"name = {json.dumps(name)}\nbase = 'base.toml'\ntime_limit_s = 2\n"
        f"[vary]\nteams = [1]\nmonths = ['2027-02']\ndata = [{json.dumps(str(MINI))}]\n{extra}",
        encoding="utf-8",
    )
    return f


def p_compare_foreign_comparison(tmp: Path) -> tuple[bool, str]:
    out = tmp / "cmp"
    out.mkdir()
    (out / "comparison.csv").write_text("theirs", encoding="utf-8")
    r = cli("compare", _sweep(tmp, "s"), "--out", out, "--no-maps", "--workers", "1", cwd=tmp)
    kept = (out / "comparison.csv").read_text(encoding="utf-8") == "theirs"
    return (
        r.code == 2 and kept,
        f"exit {r.code}; comparison.csv {'kept' if kept else 'OVERWRITTEN'}",
    )


def p_sweep_name_traversal(tmp: Path) -> tuple[bool, str]:
    work = tmp / "a" / "b"
    work.mkdir(parents=True)
    before = sorted(p.as_posix() for p in tmp.rglob("*"))
    r = cli("compare", _sweep(work, "../../x"), "--no-maps", "--workers", "1", cwd=work)
    outside = [
        p.relative_to(tmp).as_posix()
        for p in tmp.rglob("*")
        if p.as_posix() not in before and work not in p.parents and p != work
    ]
    return r.code in (0, 1) and not outside, f"exit {r.code}; written outside: {outside or 'none'}"


def p_sweep_name_absolute(tmp: Path) -> tuple[bool, str]:
    target = tmp / "abs-target"
    r = cli("compare", _sweep(tmp, str(target)), "--no-maps", "--workers", "1", cwd=tmp)
    return r.code in (0, 1) and not target.exists(), (
        f"exit {r.code}; absolute path {'written' if target.exists() else 'not used'}"
    )


# ------------------------------------------------------------------ limits
def p_stops_6(tmp: Path) -> tuple[bool, str]:
    import re

    text = DEFAULT_SCENARIO.read_text(encoding="utf-8")
    text = text.replace("max_stops_per_day = 3", "max_stops_per_day = 6")
    head, tail = text.split("[visits.service_min]", 1)
    table, rest = tail.split("\n[", 1)
    table = re.sub(r"(?m)^(\w+) = \d+", r"\1 = 20", table)
    text = f"{head}[visits.service_min]{table}\n[{rest}"
    sc = tmp / "s.toml"
    sc.write_text(text, encoding="utf-8")
    r = cli("plan", "--scenario", sc, "--month", "2027-01", "--time-limit", "10", "--no-maps",
            "--out", tmp / "o", cwd=tmp, timeout=60)  # fmt: skip
    return r.code == 0 and r.seconds < 45, f"exit {r.code} after {r.seconds:.0f} s (killed at 60)"


def p_huge_venues(tmp: Path, n: int) -> tuple[bool, str]:
    kab = copy_mini(tmp)
    head = (kab / "venues.csv").read_text(encoding="utf-8").splitlines()
    with (kab / "venues.csv").open("a", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(head[1].replace("V-DUKCAPIL", f"V-{i}", 1) + "\n")
    r = cli("data", "check", "--data", kab, "--lang", "en", cwd=tmp, timeout=120)
    said = "MAX_VENUES" in r.text
    return r.code == 2 and said and r.seconds < 20, (
        f"exit {r.code} in {r.seconds:.1f} s; size message {'yes' if said else 'no'}"
    )


def p_officers_zero(tmp: Path) -> tuple[bool, str]:
    out = tmp / "o"
    r = mini_plan(tmp, out, scenario="[staff]\nofficers_per_day = 0\n")
    visits = _visits(out) if r.code == 0 else None
    ok = (r.code == 0 and visits == 0) or r.code == 2
    return ok, f"exit {r.code}; visits {visits}"


def _visits(out: Path) -> int | None:
    try:
        plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return sum(len(td["stops"]) for td in plan["team_days"])


def p_unknown_status(tmp: Path) -> tuple[bool, str]:
    r = cli("plan", "--teams", "20", "--month", "2027-01", "--time-limit", "10", "--no-maps",
            "--out", tmp / "o", cwd=tmp, timeout=150)  # fmt: skip
    return (
        r.code == 0,
        f"exit {r.code}; {short(_last(r.err) or 'plan written')}",
    )


def _last(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def p_replay(tmp: Path) -> tuple[bool, str]:
    """Same seed, same plan, as long as the deterministic work budget ended the search; when
    the wall clock ended it first (a loaded machine), the summary must say the plan may not
    replay (`replayable: false`), and then the plans may differ."""
    runs = []
    for i in range(2):
        out = tmp / f"o{i}"
        r = cli("plan", "--month", "2027-01", "--time-limit", "5", "--seed", "3", "--no-maps",
                "--out", out, cwd=tmp)  # fmt: skip
        if r.code != 0:
            return False, f"run {i + 1}: exit {r.code}"
        summary = json.loads((out / "plan.json").read_text(encoding="utf-8"))["summary"]
        runs.append(((out / "schedule.csv").read_bytes(), bool(summary["replayable"])))
    if runs[0][0] == runs[1][0]:
        return True, "2 runs: identical schedules"
    warned = not (runs[0][1] and runs[1][1])
    note = "wall clock ended a run; summary says it may not replay" if warned else "no warning"
    return warned, f"2 runs: DIFFERENT schedules ({note})"


# ------------------------------------------------------------------ signals
def _default_ctrl_c() -> None:
    """In the child: Ctrl-C as in a terminal (a background parent may have it ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt_when(
    cmd: Sequence[str],
    cwd: Path,
    ready: Callable[[str], bool],
    group: bool = False,
    after_s: float = 0.0,
) -> tuple[int, str, float]:
    env = {**os.environ, "IKD_PLANNER_DB": f"sqlite:///{cwd / 'l.sqlite'}"}
    proc = subprocess.Popen(list(cmd), cwd=cwd, stderr=subprocess.STDOUT, stdout=subprocess.PIPE,
                            text=True, env=env, start_new_session=group,
                            preexec_fn=_default_ctrl_c)  # fmt: skip
    assert proc.stdout is not None
    seen = []
    t0 = 0.0
    for line in proc.stdout:
        seen.append(line)
        if ready(line):
            time.sleep(after_s)
            t0 = time.perf_counter()
            if group:
                os.killpg(proc.pid, signal.SIGINT)
            else:
                proc.send_signal(signal.SIGINT)
            break
    seen.append(proc.stdout.read())
    proc.stdout.close()
    code = proc.wait(timeout=120)
    return code, "".join(seen), time.perf_counter() - t0


def p_ctrl_c_solve(tmp: Path) -> tuple[bool, str]:
    out = tmp / "out"
    mini_plan(tmp, out)
    before = snapshot(out)
    cmd = [sys.executable, "-m", "planner.cli", "plan", "--month", "2027-01", "--time-limit",
           "60", "--no-maps", "--verbose", "--out", str(out)]  # fmt: skip
    code, text, after = _interrupt_when(cmd, tmp, lambda line: line.startswith("CP-SAT"))
    intact = snapshot(out) == before
    ok = code == 130 and "Ctrl-C" in text and "Traceback" not in text and intact
    ok = ok and not temps(tmp) and after < 30
    return (
        ok,
        f"exit {code} {after:.0f} s after Ctrl-C; output {_intact(intact)}; temps {_temps(tmp)}",
    )


def p_ctrl_c_write(tmp: Path) -> tuple[bool, str]:
    out = tmp / "out"
    mini_plan(tmp, out)
    before = snapshot(out)
    sc = tmp / "week.toml"  # two teams Monday to Friday: a month of maps takes a while
    sc.write_text("[[teams]]\nname = 'A'\n[[teams]]\nname = 'B'\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "planner.cli", "plan", "--scenario", str(sc), "--data",
           str(MINI), "--month", "2027-02", "--time-limit", "3", "--out", str(out)]  # fmt: skip
    env = {**os.environ, "IKD_PLANNER_DB": f"sqlite:///{tmp / 'l.sqlite'}"}
    proc = subprocess.Popen(cmd, cwd=tmp, stderr=subprocess.STDOUT, stdout=subprocess.PIPE,
                            text=True, env=env, preexec_fn=_default_ctrl_c)  # fmt: skip
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline and proc.poll() is None:
        if any(".tmp-" in p.name for p in tmp.iterdir()):
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
            break
        time.sleep(0.05)
    text = proc.communicate(timeout=120)[0]
    intact = snapshot(out) == before
    ok = proc.returncode == 130 and "Ctrl-C" in text and intact and not temps(tmp)
    return ok, f"exit {proc.returncode}; output {_intact(intact)}; temps {_temps(tmp)}"


def p_stale_temp(tmp: Path) -> tuple[bool, str]:
    out = tmp / "out"
    stale = tmp / ".out.tmp-deadbeef"
    stale.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    import socket

    marker = {"host": socket.gethostname(), "pid": int(dead), "created": time.time()}
    (stale / ".ikd-planner-temp").write_text(json.dumps(marker), encoding="utf-8")
    r = mini_plan(tmp, out)
    return (
        r.code == 0 and not stale.exists(),
        f"exit {r.code}; stale temp {'removed' if not stale.exists() else 'LEFT'}",
    )


def _first_traceback(text: str) -> str:
    """The last frame and the exception line of the first traceback in `text`, or its
    first line mentioning bad_function_call."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Traceback")), None)
    if start is None:
        return next((line for line in lines if "bad_function_call" in line), "")[:300]
    frames: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith(" "):
            frames.append(line.strip())
            continue
        return " | ".join([*frames[-2:], line.strip()])[:400]
    return " | ".join(frames[-3:])[:400]


def p_ctrl_c_compare(tmp: Path) -> tuple[bool, str]:
    (tmp / "base.toml").write_text(DEFAULT_SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")
    sweep = tmp / "s.toml"
    sweep.write_text(
        "name = 's'\nbase = 'base.toml'\ntime_limit_s = 20\n[vary]\nteams = [1, 2, 3]\n"
        f"months = ['2027-01']\ndata = [{json.dumps(str(PPU))}]\n",
        encoding="utf-8",
    )
    cmd = [sys.executable, "-m", "planner.cli", "compare", str(sweep), "--workers", "2",
           "--out", str(tmp / "cmp")]  # fmt: skip
    code, text, _ = _interrupt_when(cmd, tmp, lambda line: "skenario" in line, True, 15.0)
    time.sleep(1)
    left = (
        [p.name for p in (tmp / "cmp").rglob("*") if ".tmp-" in p.name]
        if (tmp / "cmp").exists()
        else []
    )
    crash = "bad_function_call" in text or "Traceback" in text
    ok = code == 130 and not left and not crash
    why = ""
    if crash:  # the end of the first traceback says which process failed, and how
        why = f" ({_first_traceback(text)})"
    state = f"worker crash{why}" if crash else "clean"
    return ok, f"exit {code}; temps {left or 'none'}; {state}"


# ------------------------------------------------------------------ crashes
def p_scenario_dir(tmp: Path) -> tuple[bool, str]:
    r = cli("plan", "--scenario", tmp, "--out", tmp / "o", cwd=tmp)
    return one_sentence(r), f"exit {r.code}: {short(r.err)}"


def p_sweep_base_dir(tmp: Path) -> tuple[bool, str]:
    (tmp / "d").mkdir()
    f = tmp / "s.toml"
    f.write_text("name = 's'\nbase = 'd'\n[vary]\nteams = [1]\n", encoding="utf-8")
    r = cli("compare", f, "--out", tmp / "o", cwd=tmp)
    return one_sentence(r), f"exit {r.code}: {short(r.err)}"


def _bad_plan(tmp: Path, change: Callable[[dict[str, object]], None]) -> tuple[bool, str]:
    out = tmp / "p"
    mini_plan(tmp, out)
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    change(plan)
    (out / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    r = cli("render", "--plan", out / "plan.json", "--out", tmp / "r", cwd=tmp)
    return one_sentence(r) and not (tmp / "r").exists(), f"exit {r.code}: {short(r.err)}"


def _first_stop(plan: dict[str, object]) -> dict[str, object]:
    days = plan["team_days"]
    assert isinstance(days, list)
    return next(s for td in days for s in td["stops"])


def p_render_unknown_venue(tmp: Path) -> tuple[bool, str]:
    return _bad_plan(tmp, lambda p: _first_stop(p).update(venue_id="V-NOWHERE"))


def p_render_bad_time(tmp: Path) -> tuple[bool, str]:
    return _bad_plan(tmp, lambda p: _first_stop(p).update(start="25:99"))


def p_render_nan(tmp: Path) -> tuple[bool, str]:
    return _bad_plan(tmp, lambda p: p["venues"][0].update(lat=float("nan")))  # type: ignore[index]


def p_render_inf(tmp: Path) -> tuple[bool, str]:
    return _bad_plan(tmp, lambda p: p["venues"][0].update(lon=float("inf")))  # type: ignore[index]


def p_bom(tmp: Path) -> tuple[bool, str]:
    sc = tmp / "bom.toml"
    sc.write_bytes(b"\xef\xbb\xbf" + MINI_SCENARIO.encode())
    r = cli("plan", "--scenario", sc, "--data", MINI, "--month", "2027-02", "--time-limit", "2",
            "--no-maps", "--out", tmp / "o", cwd=tmp)  # fmt: skip
    return r.code == 0, f"exit {r.code}"


def p_scenario_error(tmp: Path, extra: str, says: str) -> tuple[bool, str]:
    r = mini_plan(tmp, tmp / "o", "--lang", "en", scenario=extra)
    return one_sentence(r) and says in r.err, f"exit {r.code}: {short(r.err)}"


def p_option(tmp: Path, *args: str) -> tuple[bool, str]:
    r = cli("plan", *args, "--lang", "en", "--out", tmp / "o", cwd=tmp)
    named = args[0] in r.err
    return one_sentence(r) and named, f"exit {r.code}: {short(r.err)}"


def p_data_moved(tmp: Path) -> tuple[bool, str]:
    kab = copy_mini(tmp)
    out = tmp / "o"
    sc = mini_scenario(tmp)
    cli("plan", "--scenario", sc, "--data", kab, "--month", "2027-02", "--time-limit", "2",
        "--no-maps", "--out", out, cwd=tmp)  # fmt: skip
    kab.rename(tmp / "moved")
    r = cli("render", "--plan", out / "plan.json", "--lang", "en", cwd=tmp)
    return one_sentence(r) and "--data" in r.err, f"exit {r.code}: {short(r.err)}"


def p_school_calendar(tmp: Path) -> tuple[bool, str]:
    r = cli("plan", "--month", "2027-12", "--time-limit", "3", "--no-maps", "--lang", "en",
            "--out", tmp / "o", cwd=tmp)  # fmt: skip
    said = "school holidays are not configured for 2027-12" in r.out
    return r.code == 0 and said, f"exit {r.code}; warning {'shown' if said else 'MISSING'}"


def p_no_flood(tmp: Path) -> tuple[bool, str]:
    r = cli("plan", "--month", "2027-01", "--time-limit", "1", "--no-maps", "--out", tmp / "o",
            cwd=tmp)  # fmt: skip
    lines = len(r.err.splitlines())
    # Exit 3 (no plan in 1 s) is the engine's (CP-SAT UNKNOWN); this row is about the output.
    ok = r.code in (0, 3) and lines < 10 and "linear_solver" not in r.err
    return ok, f"exit {r.code}; {lines} stderr lines"


def p_lang(tmp: Path) -> tuple[bool, str]:
    r_id = cli("plan", "--month", "2027-13", "--out", tmp / "o", cwd=tmp)
    r_en = cli("plan", "--month", "2027-13", "--lang", "en", "--out", tmp / "o", cwd=tmp)
    ok = r_id.err.startswith("galat: ") and r_en.err.startswith("error: ")
    return ok, f"{short(r_id.err, 40)} | {short(r_en.err, 40)}"


# ------------------------------------------------------------------ scenario tables
def p_partial_p_type(tmp: Path) -> tuple[bool, str]:
    from planner.io.scenario_file import load_scenario

    f = tmp / "s.toml"
    f.write_text("[demand.p_type]\nschool = 0.7\n", encoding="utf-8")
    p = load_scenario(f).demand.p_type
    return p["school"] == 0.7 and p["kantor_desa"] > 0, f"kantor_desa p = {p['kantor_desa']}"


# ------------------------------------------------------------------ personal data
COLUMNS = ("no_ktp", "NoKTP", "ktp", "TTL", "tgl_lhr", "nik16", "NIK1", "whatsapp", "no_wa")


def _refused(kab: Path) -> list[str]:
    from planner.io.errors import DataValidationError
    from planner.io.load import load_kabupaten

    try:
        load_kabupaten(kab)
    except DataValidationError as exc:
        return [str(e) for e in exc.errors]
    return []


def p_personal_columns(tmp: Path) -> tuple[bool, str]:
    caught = 0
    for i, col in enumerate(COLUMNS):
        kab = copy_mini(tmp / str(i))
        (kab / "warga.csv").write_text(f"desa,{col}\nSatu,x\n", encoding="utf-8")
        caught += any(col in e for e in _refused(kab))
    return caught == len(COLUMNS), f"{caught}/{len(COLUMNS)} spellings refused"


def _non_utf8(kab: Path) -> None:
    (kab / "w.dat").write_bytes("nama_penduduk;desa\nAndré;Satu\n".encode("cp1252"))


def _in_subfolder(kab: Path) -> None:
    (kab / "sub").mkdir()
    (kab / "sub" / "w.csv").write_text("no_kk,desa\n1,Satu\n", encoding="utf-8")


def _workbook(kab: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["desa", "TglLahir"])
    ws.append(["Satu", "1990-01-01"])
    wb.save(kab / "w.xlsx")


def p_personal_files(tmp: Path) -> tuple[bool, str]:
    cases: dict[str, Callable[[Path], None]] = {
        "non-UTF-8 .dat": _non_utf8,
        "subfolder": _in_subfolder,
        ".xlsx": _workbook,
    }
    caught = []
    for i, (name, make) in enumerate(cases.items()):
        kab = copy_mini(tmp / f"f{i}")
        make(kab)
        if _refused(kab):
            caught.append(name)
    return len(caught) == len(cases), f"refused: {', '.join(caught) or 'none'}"


def p_nik_values(tmp: Path) -> tuple[bool, str]:
    kab = copy_mini(tmp)
    text = (kab / "venues.csv").read_text(encoding="utf-8").splitlines()
    text[0] += ",catatan"
    text[1:] = [line + "," for line in text[1:]]
    text[2] = text[2][:-1] + "," + NIK
    (kab / "venues.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    before = snapshot(kab)
    errors = _refused(kab)
    named = any("venues.csv" in e and "catatan" in e and "row 2" in e for e in errors)
    unchanged = snapshot(kab) == before
    return (
        named and unchanged,
        f"{short(errors[0], 70) if errors else 'ACCEPTED'}; folder "
        + ("unchanged" if unchanged else "CHANGED"),
    )


# ------------------------------------------------------------------ the corpus
def probes() -> list[Probe]:
    P = Probe  # noqa: N806 (short: one row per line)
    return [
        P("data loss", "plan keeps other files in out/", "others kept", p_plan_keeps_others),
        P(
            "data loss",
            "render --plan DIR/plan.json (no --out)",
            "docx, subfolder kept",
            p_render_in_place,
        ),
        P(
            "data loss",
            "folder created at --out during the solve",
            "kept, plan merged",
            p_folder_created_during_solve,
        ),
        P("data loss", "schedule.csv edited by hand", "refused, kept", p_edited_file),
        P(
            "data loss",
            "compare --out DIR with a foreign comparison.csv",
            "refused, kept",
            p_compare_foreign_comparison,
        ),
        P("data loss", "sweep name '../../x'", "nothing outside", p_sweep_name_traversal),
        P("data loss", "sweep name an absolute path", "path not used", p_sweep_name_absolute),
        P("limits", "100,000 venues", "size refusal, fast", lambda t: p_huge_venues(t, 100_000)),
        P(
            "limits",
            "1,000,000 venues (data check)",
            "size refusal, fast",
            lambda t: p_huge_venues(t, 1_000_000),
        ),
        P("limits", "max_stops_per_day = 6, --time-limit 10", "ends in time", p_stops_6, "engine"),
        P("limits", "officers_per_day = 0", "0 visits or refusal", p_officers_zero, "engine"),
        P(
            "limits",
            "--teams 20 --time-limit 10 (CP-SAT UNKNOWN)",
            "a plan, exit 0",
            p_unknown_status,
            "engine",
        ),
        P("limits", "same seed, --time-limit 5, twice", "identical plans", p_replay, "engine"),
        P("signals", "Ctrl-C during the solve", "130, message, intact", p_ctrl_c_solve),
        P("signals", "Ctrl-C during writing", "130, intact, no temp", p_ctrl_c_write),
        P("signals", "stale temp folder of a dead run", "removed", p_stale_temp),
        P("signals", "Ctrl-C during compare", "130, no temp, no crash", p_ctrl_c_compare),
        P("crashes", "--scenario DIR", "one sentence, exit 2", p_scenario_dir),
        P("crashes", "sweep base is a folder", "one sentence, exit 2", p_sweep_base_dir),
        P("crashes", "render: unknown stop venue", "one sentence, exit 2", p_render_unknown_venue),
        P("crashes", "render: time 25:99", "one sentence, exit 2", p_render_bad_time),
        P("crashes", "render: NaN latitude", "one sentence, exit 2", p_render_nan),
        P("crashes", "render: infinite longitude", "one sentence, exit 2", p_render_inf),
        P("crashes", "scenario with a UTF-8 BOM", "accepted", p_bom),
        P(
            "crashes",
            "fixed event ending before it starts",
            "one sentence, exit 2",
            lambda t: p_scenario_error(
                t,
                "[[fixed_events]]\nvenue='KC-01'\nstart='09:00'\nend='08:00'\n",
                "not after start",
            ),
        ),
        P(
            "crashes",
            "lunch covering the whole day",
            "one sentence, exit 2",
            lambda t: p_scenario_error(
                t, "[teams.lunch]\nstart='07:00'\nend='17:00'\n", "covers the whole working day"
            ),
        ),
        P(
            "crashes",
            "--month 2027-13",
            "sentence naming --month",
            lambda t: p_option(t, "--month", "2027-13"),
        ),
        P(
            "crashes",
            "--time-limit 0",
            "sentence naming --time-limit",
            lambda t: p_option(t, "--time-limit", "0"),
        ),
        P("crashes", "render after the data folder moved", "hint: --data", p_data_moved),
        P(
            "crashes",
            "--month 2027-12 (outside school calendar)",
            "warning in summary",
            p_school_calendar,
        ),
        P("crashes", "--time-limit 1 terminal output", "no log flood", p_no_flood),
        P("crashes", "error language", "id default, en on request", p_lang),
        P("tables", "[demand.p_type] school = 0.7 only", "other kinds kept", p_partial_p_type),
        P(
            "tables",
            "typo shcool in p_type",
            "error naming kinds",
            lambda t: p_scenario_error(t, "[demand.p_type]\nshcool = 0.9\n", "kantor_desa"),
        ),
        P(
            "tables",
            "service_min = 0",
            "refused",
            lambda t: p_scenario_error(
                t, "[visits.service_min]\nschool = 0\n", "service_min.school"
            ),
        ),
        P(
            "tables",
            "service_min negative",
            "refused",
            lambda t: p_scenario_error(
                t, "[visits.service_min]\nmarket = -5\n", "service_min.market"
            ),
        ),
        P("personal", "9 column spellings (no_ktp … no_wa)", "all refused", p_personal_columns),
        P("personal", "non-UTF-8, subfolder, .xlsx files", "all refused", p_personal_files),
        P(
            "personal",
            "16-digit NIK in any column",
            "refused: file, column, row; unchanged",
            p_nik_values,
        ),
    ]


def run_probe(p: Probe) -> Row:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ikd-fault-") as tmp:
        try:
            holds, observed = p.run(Path(tmp))
        except Exception as exc:  # a probe that crashes does not hold
            holds, observed = False, f"probe error: {type(exc).__name__}: {short(str(exc), 60)}"
    return Row(p.area, p.name, p.expected, observed, holds, time.perf_counter() - t0, p.owner)


def run_all(only: str | None = None, jobs: int = 2) -> list[Row]:
    chosen = [p for p in probes() if not only or only.lower() in f"{p.area} {p.name}".lower()]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(run_probe, chosen))


def table(rows: Sequence[Row]) -> str:
    head = ("area", "probe", "expected", "observed", "holds", "s")
    cells = [
        (
            r.area,
            r.probe,
            r.expected,
            r.observed,
            ("yes" if r.holds else "NO") + (" (engine)" if r.owner != "reliab" else ""),
            f"{r.seconds:.0f}",
        )
        for r in rows
    ]
    widths = [max(len(str(c[i])) for c in [head, *cells]) for i in range(len(head))]
    widths[3] = min(widths[3], 70)
    lines = [" | ".join(str(h).ljust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [
        " | ".join(str(c)[:w].ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells
    ]
    held = sum(r.holds for r in rows)
    lines.append(f"\n{held}/{len(rows)} hold")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--only", help="run the probes whose area or name contains this")
    ap.add_argument("--jobs", type=int, default=2, help="probes run at the same time")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = ap.parse_args()
    t0 = time.perf_counter()
    rows = run_all(args.only, args.jobs)
    print(table(rows))
    print(f"total {time.perf_counter() - t0:.0f} s")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1), encoding="utf-8")
    return 0 if all(r.holds for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
