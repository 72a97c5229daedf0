"""Git as the shared store: one commit per change of a case file, through the git command line.

When the cases folder is inside a git work tree, every write (``Store.change``,
``Store.create``, ``Store.replace``) commits exactly the case file it wrote, with a readable
message and the user's own git identity. Nothing here is required: a folder outside git is
never touched by git, and a commit that fails (no identity, a stale ``index.lock``) leaves the
change saved and returns a warning instead; the next commit of that file picks it up, because
git commits the file as it is on disk.

Commits from several senpath processes are serialised by ``<cases>/.senpath/locks/_git.lock``
(the name cannot collide with a child's lock: ids never start with ``_``).

``SENPATH_GIT=0`` turns committing off even inside a repository.

Example::

    repo = find_repo(Path("cases"))       # None when not in a git work tree (no subprocess)
    if repo is not None:
        warning = commit_file(repo, Path("cases/amira-khan.toml"), "amira-khan: consultation 2 recorded")
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from senpath.errors import GitError

GIT_LOCK = "_git"
IDENTITY_HELP = (
    'set it once with: git config --global user.name "Your Name" && git config --global user.email you@school.example'
)
_SCRUB = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR")
# senpath's own git calls never run a program the repository names: no hooks (a post-commit
# hook in a shared register could copy every case file elsewhere), no fsmonitor daemon, no
# gpg, no editor, no automatic gc/maintenance in the background.
SAFE_CONFIG = (
    "user.useConfigOnly=true",
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "commit.gpgSign=false",
    "core.editor=true",
    "gc.auto=0",
    "maintenance.auto=false",
)
# senpath's temp files (``.<id>.toml.<random>.tmp``, left behind only by a killed write):
# listed in the repository's info/exclude so ``git add -A`` never commits one.
TEMP_PATTERN = ".*.toml.*.tmp"
_EXCLUDE_LINES = f"# senpath's temp files: never commit them\n{TEMP_PATTERN}\n"
# Escape sequences (CSI, OSC up to BEL or ST, and two-character ESC sequences) in git output.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]?|\x9b[0-?]*[ -/]*[@-~]"
)


@dataclass(frozen=True)
class Repo:
    """A cases folder inside a git work tree, the git to commit with, and its ``.git`` entry."""

    git: str
    dotgit: Path | None = None


def printable(text: str) -> str:
    """Text from git (an author, a commit subject) made safe for a terminal: one line.

    Escape sequences are removed whole; every other control or format character (C0, C1,
    bidi overrides, zero-width spaces; ZWJ/ZWNJ are kept) is dropped, tabs become spaces.
    """
    text = _ESCAPES.sub("", text).replace("\t", " ")
    if text.isprintable() and not any(unicodedata.category(ch) == "Cf" for ch in text):
        return text
    return "".join(
        ch
        for ch in text
        if ch in "\u200c\u200d" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
    )


def enabled() -> bool:
    return os.environ.get("SENPATH_GIT", "1").strip().lower() not in ("0", "off", "no", "false")


def find_repo(folder: Path) -> Repo | None:
    """The repository the folder is in, or None; cheap: a walk up looking for ``.git``.

    Raises GitError when the folder is in a repository but git itself cannot be found.
    """
    if not enabled():
        return None
    try:
        here = folder.resolve()
    except OSError:
        return None
    for candidate in (here, *here.parents):
        if os.path.lexists(candidate / ".git"):
            git = shutil.which("git")
            if git is None:
                raise GitError(
                    f"the cases folder is in a git repository ({candidate}) but git is not installed "
                    "or not on PATH; install git (e.g. apt install git), or set SENPATH_GIT=0 to "
                    "change cases without committing"
                )
            return Repo(git=git, dotgit=candidate / ".git")
    return None


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"
    return env


def git(repo: Repo, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``git ARGS`` in ``cwd``; never raises for a non-zero exit."""
    try:
        return subprocess.run(
            [repo.git, *(part for item in SAFE_CONFIG for part in ("-c", item)), *args],
            cwd=cwd,
            env=_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError as exc:
        raise GitError(f"cannot run git ({exc.strerror}); check that git is installed") from None


def _why(stderr: str) -> str:
    text = stderr.strip()
    low = text.lower()
    if "tell me who you are" in low or "identity unknown" in low or "user.useconfigonly" in low or "empty ident" in low:
        return f"git does not know who you are; {IDENTITY_HELP}"
    if "index.lock" in low:
        return (
            "another git process is using this repository (.git/index.lock exists); "
            "if no git command is running, delete .git/index.lock"
        )
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = next((line for line in lines if line.lower().startswith(("fatal", "error"))), lines[0] if lines else "")
    return f"git said: {printable(first)[:300]}" if first else "git failed without a message"


def exclude_temp_files(repo: Repo) -> None:
    """Add senpath's temp-file pattern to the repository's ``info/exclude`` (once; never fails).

    Called before a case file is written, so a temp file left by a killed write is already
    invisible to ``git add -A``. The exclude file is the clone's own (never committed).
    """
    dotgit = repo.dotgit
    if dotgit is None or not dotgit.is_dir() or dotgit.is_symlink():
        return  # a worktree or submodule (.git is a file): staging only our own files still holds
    info = dotgit / "info"
    exclude = info / "exclude"
    try:
        if exclude.is_symlink():
            return
        current = exclude.read_text("utf-8", "replace") if exclude.exists() else ""
        if TEMP_PATTERN in current.splitlines():
            return
        info.mkdir(exist_ok=True)
        with exclude.open("a", encoding="utf-8") as out:
            out.write(("\n" if current and not current.endswith("\n") else "") + _EXCLUDE_LINES)
    except OSError:
        return


def commit_file(repo: Repo, path: Path, message: str) -> str | None:
    """Commit exactly ``path`` (as it is on disk) with ``message``; a warning text if not done.

    Nothing is committed when the file is the same as in the last commit. The caller holds the
    git lock.
    """
    cwd, name = path.parent, path.name
    merging = git(repo, cwd, "rev-parse", "-q", "--verify", "MERGE_HEAD")
    if merging.returncode == 0:
        return (
            f"{name} is saved but not committed: a git merge is in progress. Finish it with "
            f"{{cmd:validate}}, then git add {name} && git commit"
        )
    added = git(repo, cwd, "add", "--", name)
    if added.returncode != 0:
        return f"{name} is saved but not committed: {_why(added.stderr)}"
    status = git(repo, cwd, "status", "--porcelain", "-z", "--", name)
    if status.returncode != 0:
        return f"{name} is saved but not committed: {_why(status.stderr)}"
    if not status.stdout.strip("\0 \n"):
        return None
    done = git(repo, cwd, "commit", "-q", "--no-edit", "-m", message, "--", name)
    if done.returncode != 0:
        return (
            f"{name} is saved but not committed: {_why(done.stderr + done.stdout)}. "
            "The next senpath change to this child commits it"
        )
    return None


def commit_paths(repo: Repo, paths: list[Path], message: str) -> str | None:
    """Commit exactly ``paths`` (files written or removed, in one folder) in one commit."""
    cwd = paths[0].parent
    names = [p.name for p in paths]
    present = [n for n in names if (cwd / n).exists()]
    listed = git(repo, cwd, "ls-files", "-z", "--", *names)  # one call, however many files
    known = set(listed.stdout.split("\0")) if listed.returncode == 0 else set()
    tracked = [n for n in names if n in known]
    if present:
        added = git(repo, cwd, "add", "--", *present)
        if added.returncode != 0:
            return f"{', '.join(present)} saved but not committed: {_why(added.stderr)}"
    gone = [n for n in tracked if n not in present]
    if gone:
        removed = git(repo, cwd, "rm", "-q", "--cached", "--", *gone)
        if removed.returncode != 0:
            return f"{', '.join(gone)} removed but not committed: {_why(removed.stderr)}"
    touched = sorted(set(present) | set(tracked))
    done = git(repo, cwd, "commit", "-q", "--no-edit", "-m", message, "--", *touched)
    if done.returncode != 0:
        return f"{', '.join(touched)} saved but not committed: {_why(done.stderr + done.stdout)}"
    return None


@dataclass(frozen=True)
class Commit:
    short: str
    date: str
    author: str
    subject: str


def log(repo: Repo, path: Path, limit: int = 200) -> list[Commit]:
    """Commits that touched ``path``, newest first (empty when it has none)."""
    result = git(
        repo,
        path.parent,
        "log",
        f"-n{limit}",
        "--date=short",
        "-z",
        "--format=%h%x1f%ad%x1f%an%x1f%s",
        "--",
        path.name,
    )
    if result.returncode != 0:
        return []
    commits = []
    for line in result.stdout.split("\0"):
        parts = line.strip("\n").split("\x1f")
        if len(parts) == 4:
            commits.append(Commit(*(printable(part) for part in parts)))
    return commits
