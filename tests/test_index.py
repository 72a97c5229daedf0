"""The derived index (<cases>/.senpath/index.sqlite): never a different answer from the files.

Every test compares what ``list`` and ``reviews`` print with the index and with ``--no-index``
(which reads every file, as before the index existed).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from senpath import index
from senpath.checked import Store
from senpath.store import dump_case

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import generate  # noqa: E402


def _both(run: Callable[..., object], *args: str) -> tuple[str, str]:
    with_index = run(*args)
    without = run("--no-index", *args)
    assert with_index.exit_code == without.exit_code, (with_index, without)  # type: ignore[attr-defined]
    return with_index.stdout, without.stdout  # type: ignore[attr-defined]


def _same(run: Callable[..., object]) -> int:
    """Every view with and without the index; returns how many duties there are."""
    for args in (
        ["reviews", "--json"],
        ["reviews", "--due", "--json"],
        ["reviews", "--overdue", "--json"],
        ["reviews", "--within", "60", "--json"],
        ["list", "--all", "--json"],
        ["reviews"],
        ["list"],
    ):
        a, b = _both(run, *args)
        assert a == b, args
    return len(json.loads(run("reviews", "--json").stdout))  # type: ignore[attr-defined]


@pytest.fixture
def many(cases_dir: Path) -> Path:
    generate(60, cases_dir, seed=7, workers=1)
    return cases_dir


def test_the_index_reads_exactly_the_files_the_store_calls_cases(tmp_path: Path) -> None:
    from senpath.checked import Store

    root = tmp_path / "mixed"
    root.mkdir()
    names = ["amira-khan", "Amira-Khan", "a_b", "con", "com1", "x" * 64, "x" * 65, "-lead", "9-lives", ".hidden"]
    for name in names:
        (root / f"{name}.toml").write_text("")
    sigs, strays = index._stat_cases(root)
    assert sorted(sigs) == Store(root).ids() == ["9-lives", "amira-khan", "x" * 64]
    # The strays come from the same listing, and are the store's.
    assert (
        strays
        == Store(root).stray_names()
        == sorted(f"{n}.toml" for n in ["Amira-Khan", "a_b", "con", "com1", "x" * 65, "-lead"])
    )
    (root / "oliver-bennett.TOML").write_text("")
    (root / "zoe-oneill.Toml").write_text("")
    (root / ".temp.TOML").write_text("")
    (root / "notes.txt").write_text("")
    sigs, strays = index._stat_cases(root)
    assert sorted(sigs) == Store(root).ids() == ["9-lives", "amira-khan", "x" * 64]
    assert strays == Store(root).stray_names()
    assert "oliver-bennett.TOML" in strays and "zoe-oneill.Toml" in strays and ".temp.TOML" not in strays


def test_a_folder_of_cases_alone_has_no_strays_and_one_listing(tmp_path: Path, monkeypatch) -> None:
    """The usual folder: no strays, found without a second listing of the folder."""
    root = tmp_path / "clean"
    root.mkdir()
    for name in ["amira-khan", "oliver-bennett", "zoe-oneill", ".hidden"]:
        (root / f"{name}.toml").write_text("")
    (root / ".senpath").mkdir()
    calls = []
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda *a: calls.append(a) or real(*a))
    sigs, strays = index._stat_cases(root)
    assert sorted(sigs) == ["amira-khan", "oliver-bennett", "zoe-oneill"] and strays == []
    assert len(calls) == 1


def test_the_due_list_is_identical_with_and_without_the_index(run, many: Path) -> None:
    assert _same(run) > 30
    db = many / ".senpath" / "index.sqlite"
    assert db.exists() and (db.stat().st_mode & 0o777) == 0o600
    assert _same(run) > 30  # warm


def test_fifty_edits_between_runs(run, many: Path) -> None:
    from senpath import changes

    before = _same(run)
    store = Store(many)
    ids = [cid for cid in store.ids() if store.load(cid).left is None][:50]
    assert len(ids) == 50
    for n, cid in enumerate(ids):
        case = store.load(cid)
        if n % 3 == 0:
            # leave refuses a date before any entry (the generator writes some IEPs that start later)
            last = max(day for _, day, _ in case.dated_entries())
            new = changes.leave(case, on=max(date(2026, 11, 22), last), reason="Moved out of the area")
        else:
            new = changes.update_details(case, on=date(2026, 11, 22), senco=f"Mx Q. Newname {n}")
        if n % 2:
            store.save(new)  # atomic: a new inode
        else:
            with (many / f"{cid}.toml").open("r+b") as f:  # in place: the same inode
                f.write(dump_case(new))
                f.truncate()
    after = _same(run)
    assert after < before  # those who left have nothing due
    assert "Mx Q. Newname 1" in run("reviews").stdout + run("list").stdout


def test_a_change_in_the_same_clock_tick_as_the_index_is_read_again(run, many: Path) -> None:
    """Same size, same mtime, same inode: only the racy rule can see it."""
    duty = next(d for d in json.loads(run("--no-index", "reviews", "--json").stdout) if d["kind"] == "iep-review")
    path = many / f"{duty['id']}.toml"
    old = duty["due"]
    new = (date.fromisoformat(old) - timedelta(days=1)).isoformat()  # the same length
    st = path.stat()
    # As if written in the very clock tick the next run samples (see index.py): not before it.
    tick = time.time_ns() + 5 * 10**9
    os.utime(path, ns=(st.st_atime_ns, tick))
    assert old in run("reviews", "--json").stdout  # the index is written now
    text = path.read_text()
    at = max(text.rfind(f"next_review = {old}"), text.rfind(f"review_on = {old}"))
    at = text.index(old, at)
    with path.open("r+") as f:
        f.write(text[:at] + new + text[at + len(old) :])
    os.utime(path, ns=(st.st_atime_ns, tick))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (st.st_size, tick, st.st_ino)
    dues = {d["due"] for d in json.loads(run("reviews", "--json").stdout) if d["id"] == path.stem}
    assert new in dues and old not in dues
    _same(run)


def test_an_in_place_edit_with_its_mtime_put_back_is_seen_by_a_warm_run(run, many: Path) -> None:
    """Same size, same inode, mtime put back as ``touch -d`` does: only the change time shows it."""
    due = json.loads(run("reviews", "--due", "--json").stdout)
    path = many / f"{due[0]['id']}.toml"
    name = due[0]["name"]
    renamed = name[:-1] + ("q" if name[-1] != "q" else "z")  # the same length in bytes
    assert len(renamed.encode()) == len(name.encode()) and renamed != name
    old = date(2026, 1, 5)
    stamp = int(time.mktime(old.timetuple())) * 10**9
    os.utime(path, ns=(stamp, stamp))
    assert run("reviews", "--due").exit_code == 0  # indexes the file, with its old mtime
    assert run("reviews", "--due").exit_code == 0  # warm: the signatures' digest is stored
    db = sqlite3.connect(many / ".senpath" / "index.sqlite")
    assert db.execute("SELECT digest FROM sigs").fetchone()[0] is not None
    db.close()
    before = path.stat()
    text = path.read_text()
    edited = text.replace(f'name = "{name}"', f'name = "{renamed}"', 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    time.sleep(0.02)
    with path.open("r+b") as f:  # in place: the same inode and size
        f.write(edited.encode())
    subprocess.run(["touch", "-d", "2026-01-05 00:00:00", str(path)], check=True)  # the mtime put back
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    assert after.st_ctime_ns != before.st_ctime_ns
    shown = run("reviews", "--due")
    assert shown.exit_code == 0 and renamed in shown.stdout and f"{name} " not in shown.stdout.replace(renamed, "")
    _same(run)


def test_a_case_file_named_in_capitals_is_a_stray(run, many: Path) -> None:
    """``oliver-bennett.TOML`` is not read, and never silently skipped (exit 4, named)."""
    source = sorted(many.glob("*.toml"))[0]
    (many / "oliver-bennett.TOML").write_bytes(source.read_bytes())
    for args in (["reviews", "--due"], ["list"], ["--no-index", "reviews", "--due"], ["--no-index", "list"]):
        result = run(*args)
        assert result.exit_code == 4, (args, result)
        assert "oliver-bennett.TOML: not a case id" in result.stderr
    (many / "oliver-bennett.TOML").unlink()
    assert run("reviews", "--due").exit_code == 0


def test_a_bad_file_is_reported_every_time_and_never_indexed(run, many: Path) -> None:
    bad = sorted(many.glob("*.toml"))[3]
    bad.write_text(bad.read_text().replace("schema_version = 2", "schema_version = 2\nnickname = 'x'"))
    for _ in range(3):
        result = run("reviews", "--due")
        assert result.exit_code == 4
        assert f"{bad.name}: nickname: unknown key" in result.stderr
    conn = sqlite3.connect(many / ".senpath" / "index.sqlite")
    assert conn.execute("SELECT count(*) FROM files WHERE id = ?", (bad.stem,)).fetchone() == (0,)
    assert run("--no-index", "reviews", "--due").exit_code == 4
    bad.write_text(bad.read_text().replace("nickname = 'x'\n", ""))
    assert run("reviews", "--due").exit_code == 0
    _same(run)


@pytest.mark.parametrize("damage", ["garbage", "newer", "empty", "other-columns"])
def test_a_damaged_or_foreign_index_is_rebuilt_silently(run, many: Path, damage: str) -> None:
    expected = run("reviews", "--json").stdout
    db = many / ".senpath" / "index.sqlite"
    if damage == "garbage":
        db.write_bytes(b"this is not a database" * 100)
    elif damage == "empty":
        db.write_bytes(b"")
    else:
        conn = sqlite3.connect(db)
        if damage == "newer":
            conn.execute("PRAGMA user_version = 99")
        else:
            conn.execute("DROP TABLE duties")
            conn.execute("CREATE TABLE duties (x)")
        conn.commit()
        conn.close()
    result = run("reviews", "--json")
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")
    assert run("reviews", "--json").stdout == expected


def test_removed_and_added_files(run, many: Path) -> None:
    _same(run)
    victims = sorted(many.glob("*.toml"))[:5]
    saved = {p: p.read_bytes() for p in victims}
    for p in victims:
        p.unlink()
    assert not any(p.stem in run("list", "--all").stdout for p in victims)
    _same(run)
    for p, data in saved.items():
        p.write_bytes(data)
    assert all(p.stem in run("list", "--all").stdout for p in victims)
    _same(run)


def test_an_unwritable_folder_still_answers(run, many: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    expected = run("--no-index", "reviews", "--json").stdout
    (many / ".senpath").chmod(0o500)
    try:
        assert run("reviews", "--json").stdout == expected
    finally:
        (many / ".senpath").chmod(0o700)


def test_no_index_leaves_no_index(run, many: Path) -> None:
    assert run("--no-index", "reviews").exit_code == 0
    assert run("list", "--no-index").exit_code == 0
    assert not (many / ".senpath" / "index.sqlite").exists()


def _senpath(cases: Path, *args: str, extra: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["SENPATH_CASES_DIR"] = str(cases)
    return subprocess.run(
        [sys.executable, *(extra or []), "-m", "senpath", *args], env=env, capture_output=True, text=True, check=False
    )


def test_a_warm_run_imports_neither_pydantic_nor_a_toml_parser(many: Path) -> None:
    assert _senpath(many, "reviews", "--due").returncode == 0  # builds the index
    for args in (["reviews", "--due"], ["list"]):
        result = _senpath(many, *args, extra=["-X", "importtime"])
        assert result.returncode == 0, result.stderr[-2000:]
        loaded = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
        assert not {"pydantic", "tomllib", "rtoml", "rich", "senpath.models"} & loaded, args
        assert result.stdout and "\x1b" not in result.stdout  # plain text when piped


def test_concurrent_runs_agree(many: Path) -> None:
    env = {**os.environ, "SENPATH_CASES_DIR": str(many)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "senpath", "reviews", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    outs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert len({o for o, _ in outs}) == 1 and all(e == b"" for _, e in outs)
    assert _senpath(many, "reviews", "--json", "--no-index").stdout.encode() == outs[0][0]


def test_two_workers_give_the_same_answer(run, many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "PARALLEL_MIN", 10)
    _same(run)


# ---------------------------------------------------------------------------
# The fast TOML reader gives tomllib's answer, or tomllib's error

VALID = [
    'a = 1\nb = "x"\nc = 2026-01-02\n',
    'parents = [\n    { name = "Sara Khan" },\n]\n',
    's = { date = 2026-01-02, setting = "primary", school = "Hill {Primary}" }\n',
    'a = "ends with brace }"\nb = "comma, }"\n',
    "t = 07:32:00\nd = 1979-05-27T07:32:00Z\n",
    'big = 9223372036854775807\nf = 1e10\nn = nan\nstr = "\\u00e9\\t"\n',
    '[[x]]\na = 1\n[[x]]\na = 2\n[x.y]\nz = "q"\n',
    "m = '''\nline { two\n'''\n",
    'a = "Meeting at 10:30, agreed {targets}"\n',
    'a = { b = """}\n""", c = 1 }\n',  # a newline inside a value: TOML 1.0 allows it
]
INVALID_IN_TOML_1_0 = [
    "a = {x = 1, }\n",
    "a = {x = 1,\n y = 2}\n",
    "a = {x = 1, # c\n y = 2}\n",
    'a = "\\e"\n',
    'a = "\\x41"\n',
    "a = 07:32\n",
    "a = 1979-05-27T07:32\n",
    "\ufeffa = 1\n",
    "a = 1\na = 2\n",
    "a = 2026-02-30\n",
    'a = "unclosed\n',
]


@pytest.mark.parametrize("text", VALID)
def test_fast_loads_matches_tomllib(text: str) -> None:
    expected = tomllib.loads(text)
    got = index.fast_loads(text)
    assert json.dumps(got, default=repr, sort_keys=True) == json.dumps(expected, default=repr, sort_keys=True)


@pytest.mark.parametrize("text", INVALID_IN_TOML_1_0)
def test_fast_loads_refuses_what_tomllib_refuses(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as fast:
        index.fast_loads(text)
    with pytest.raises(tomllib.TOMLDecodeError) as ref:
        tomllib.loads(text)
    assert str(fast.value) == str(ref.value)


def test_fast_loads_matches_tomllib_on_generated_cases(many: Path) -> None:
    for path in sorted(many.glob("*.toml")):
        text = path.read_text()
        assert index.fast_loads(text) == tomllib.loads(text), path.name


# ---------------------------------------------------------------------------
# Output


def test_plain_rows_when_piped_and_a_capped_table_on_a_terminal(
    run, many: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from senpath import render

    out = run("list", "--all").stdout
    assert "\x1b" not in out and len(out.splitlines()) == 1 + len(list(many.glob("*.toml")))  # header + every row
    rows = [[f"child-{n}", "Name", "primary"] for n in range(render.TABLE_CAP + 50)]
    monkeypatch.setattr(render, "stdout_is_terminal", lambda: True)
    render.fast_table([("id", 20), ("name", 10), ("setting", 10)], rows)
    shown = capsys.readouterr().out
    assert "child-199" in shown and "child-200" not in shown
    assert "50 more — use --all or --json" in shown
    render.fast_table([("id", 20), ("name", 10), ("setting", 10)], rows, show_all=True)
    shown = capsys.readouterr().out
    assert "child-249" in shown and "more — use" not in shown


# ---------------------------------------------------------------------------
# models._no_controls' fast path (isprintable) gives the per-character loop's answer

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _slow_no_controls(value: str, allow_newlines: bool) -> bool:
    import unicodedata

    return not any(
        not (allow_newlines and ch in "\n\t")
        and ch not in "\u200c\u200d"  # ZWNJ/ZWJ: allowed format characters
        and (unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") or ch in "\u2028\u2029")
        for ch in value
    )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.booleans())
def test_no_controls_fast_path_is_exact(value: str, allow_newlines: bool) -> None:
    from senpath.models import _no_controls

    try:
        _no_controls(value, allow_newlines=allow_newlines)
        ok = True
    except ValueError:
        ok = False
    assert ok == _slow_no_controls(value, allow_newlines)


@pytest.mark.slow
def test_the_entry_point_exits_the_same_without_interpreter_teardown(many: Path) -> None:
    """``main()`` skips the teardown after a read-only command: same stdout, stderr and exit code."""
    bench = Path(__file__).resolve().parent.parent / "benchmarks" / "ablate.py"
    (many / "oliver-bennett.TOML").write_text("")  # a stray: exit 4 and a line on stderr
    cases = [
        ["reviews", "--due"],
        ["--no-index", "reviews", "--json"],
        ["list"],
        ["list", "--json"],
        ["show", sorted(many.glob("*.toml"))[0].stem],
        ["show", "nobody-here"],
        ["reviews", "--within", "99999"],
        ["--cases-dir", str(many / "missing"), "reviews"],
    ]
    codes = set()
    for args in cases:
        fast = subprocess.run([sys.executable, str(bench), "none", *args], capture_output=True, check=False)
        slow = subprocess.run([sys.executable, str(bench), "teardown", *args], capture_output=True, check=False)
        assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr), args
        codes.add(fast.returncode)
    assert {0, 2, 4} <= codes
    # Output cut short by a closed pipe: the same exit code and message either way, no traceback.
    seen = []
    for win in ("none", "teardown"):
        proc = subprocess.Popen(
            [sys.executable, str(bench), win, "reviews", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(10)
        proc.stdout.close()
        err = proc.stderr.read()
        seen.append((proc.wait(), err))
        assert b"Traceback" not in err
    assert seen[0] == seen[1]
