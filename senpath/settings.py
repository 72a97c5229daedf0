"""A register's settings: ``senpath.toml``, in the folder that holds the ``cases/`` folder.

``senpath init`` writes it; its presence is how commands find the register (walking up from
the current folder, as git finds ``.git``). It is read strictly: an unknown key, a missing
one or a wrong type is an error naming the field (exit 4), never silently ignored.

Later versions add here what a register decides once for all its children (a default legal
framework, term dates, staff costs); ``schema_version`` says which keys a file may hold.

Example::

    settings = load_settings(Path("senpath.toml"))
    settings.name  # "St Aidan's C of E Primary School"
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from senpath.errors import EXIT_INVALID, SenpathError

if TYPE_CHECKING:
    from senpath.provision import Costs

SCHEMA_VERSION = 1
MAX_SETTINGS_BYTES = 64 * 1024


class SettingsError(SenpathError):
    """``senpath.toml`` cannot be read, parsed or validated (exit 4, like a bad case file)."""

    exit_code = EXIT_INVALID


StaffKind = Literal["teaching-assistant", "teacher", "senco", "specialist", "other"]


class ProvisionSettings(BaseModel):
    """``[provision]``: what the provision map and the report cost provision with (docs/report.md)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    weeks_per_year: int = Field(
        default=39,
        ge=1,
        le=52,
        description="The school's weeks a year: a year's cost is a week's x this [default: 39].",
    )
    hourly_cost: dict[StaffKind, float] = Field(
        default_factory=dict,
        description="Pounds an hour for each kind of staff: teaching-assistant, teacher, senco, specialist, other.",
    )

    @field_validator("hourly_cost")
    @classmethod
    def _sensible(cls, value: dict[str, float]) -> dict[str, float]:
        import math

        for kind, cost in value.items():
            if not math.isfinite(cost) or not 0 <= cost <= 1000:
                raise ValueError(f"{kind} = {cost}: an hourly cost is a number of pounds from 0 to 1000")
        return value

    def costs(self) -> Costs:
        from decimal import Decimal

        from senpath.provision import Costs

        return Costs(
            hourly={k: Decimal(repr(v)) for k, v in self.hourly_cost.items()},
            weeks_per_year=self.weeks_per_year,
        )


class Settings(BaseModel):
    """What ``senpath.toml`` may hold (schema version 1)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    schema_version: Literal[1] = Field(description="The version of this file's format.")
    name: str = Field(
        min_length=1,
        max_length=200,
        description="Whose register this is: the school, nursery or local authority.",
    )

    framework: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9][a-z0-9-]{0,63}$",
        description="The legal framework new cases follow unless new-child --framework says otherwise "
        "(see senpath frameworks) [default: england-2001].",
    )
    provision: ProvisionSettings | None = Field(
        default=None,
        description="The hourly cost of each kind of staff and the school's weeks a year, for senpath provision "
        "and senpath report (docs/report.md).",
    )

    @field_validator("name")
    @classmethod
    def _one_line(cls, value: str) -> str:
        import unicodedata

        value = unicodedata.normalize("NFC", value.strip())
        if not value:
            raise ValueError("must not be blank")
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value):
            raise ValueError("must be one line of text, without control or format characters")
        return value


def _problems(source: str, exc: ValidationError) -> list[str]:
    lines = []
    for err in exc.errors():
        path = ".".join(str(part) for part in err["loc"]) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            model = ProvisionSettings if err["loc"][:1] == ("provision",) else Settings
            known = ", ".join(model.model_fields)
            msg = f"unknown key (this senpath reads only: {known})"
        elif err["type"] == "missing":
            msg = "missing: this key is required"
        lines.append(f"{source}: {path}: {msg}")
    return lines


def parse_settings(data: bytes, source: str) -> Settings:
    """The bytes of a ``senpath.toml`` -> Settings, or SettingsError naming each problem."""
    import tomllib

    if len(data) > MAX_SETTINGS_BYTES:
        raise SettingsError(f"{source}: too large for a settings file ({len(data)} bytes)")
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{source}: not UTF-8 text (byte {exc.start}); restore it from git or a backup") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{source}: not valid TOML: {exc}") from None
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        raise SettingsError(
            f"{source}: schema_version: {version!r} is not a version this senpath reads ({SCHEMA_VERSION}); "
            + (f"add schema_version = {SCHEMA_VERSION}" if version is None else "upgrade senpath")
        )
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        lines = _problems(source, exc)
        raise SettingsError("\n".join(lines)) from None


def load_settings(path: Path) -> Settings:
    """Read and check a register's ``senpath.toml`` (a real file: a symbolic link is refused)."""
    from senpath.files import read_private

    try:
        data = read_private(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SettingsError(f"{path}: is a symbolic link; senpath reads only a real senpath.toml") from None
        raise SettingsError(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_settings(data, str(path))


def dump_settings(settings: Settings) -> bytes:
    import tomli_w

    header = "# senpath register settings (see senpath init --help). The case files are in cases/ beside this file.\n"
    return (header + tomli_w.dumps(settings.model_dump(exclude_none=True))).encode("utf-8")


def init_register(folder: Path, name: str) -> tuple[Path, int]:
    """Make a register in ``folder``: ``senpath.toml`` and a private ``cases/`` folder beside it.

    Returns the cases folder and how many case files it already held (an existing ``cases/``
    folder is kept, and made private). Every check is made before anything is written; a
    register that is already there is refused (ExistsError), and so is a folder inside a
    register's cases folder, or one that holds case files itself.
    """
    from senpath.errors import ExistsError, UsageError
    from senpath.files import DIR_MODE, absolute_path, make_private_dirs, write_atomic
    from senpath.store import CASES_FOLDER, REGISTER_FILE, SUFFIX, find_register, is_case_id

    try:
        settings = Settings(schema_version=1, name=name)
    except ValidationError as exc:
        raise UsageError(f"{{opt:name}}: {exc.errors()[0]['msg']} ({name!r:.60})") from None
    data = dump_settings(settings)
    parse_settings(data, REGISTER_FILE)  # what is written always reads back

    folder = absolute_path(folder)
    target, cases = folder / REGISTER_FILE, folder / CASES_FOLDER
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; give a folder to make the register in")
    if os.path.lexists(target):
        raise ExistsError(
            f"a register is already in {folder} ({target}); its case files are in {cases}. Nothing was written"
        )
    outer = find_register(folder.parent) if folder.parent != folder else None
    if outer is not None and folder.is_relative_to(outer / CASES_FOLDER):
        raise ExistsError(
            f"{folder} is inside the cases folder of the register in {outer}; a register cannot hold another "
            "in its cases folder. Nothing was written"
        )
    if folder.is_dir():
        with os.scandir(folder) as entries:
            own = sorted(e.name for e in entries if e.name.endswith(SUFFIX) and is_case_id(e.name[: -len(SUFFIX)]))
        if own:
            raise ExistsError(
                f"{folder} holds case files itself ({', '.join(own[:3])}{', ...' if len(own) > 3 else ''}): it "
                f"looks like a cases folder. A register keeps them in a folder named {CASES_FOLDER} beside "
                f"{REGISTER_FILE}: run {{cmd:init}} in the folder above it (after naming it {CASES_FOLDER}), or "
                f"move the files into {cases}. Nothing was written"
            )
    if os.path.lexists(cases) and not cases.is_dir():
        raise ExistsError(f"{cases} is there and is not a folder; move it away and run {{cmd:init}} again")

    made: list[Path] = []
    here = folder
    while not here.exists():
        made.append(here)
        here = here.parent
    made_cases = not cases.exists()
    try:
        make_private_dirs(folder)
        if made_cases:
            cases.mkdir(mode=DIR_MODE)
            made.insert(0, cases)
        cases.chmod(DIR_MODE)
        try:
            write_atomic(target, data, overwrite=False)
        except FileExistsError:
            raise ExistsError(f"a register was made in {folder} meanwhile ({target}). Nothing was written") from None
    except BaseException:
        for path in made:  # deepest first: only the folders this call made, and only if still empty
            try:
                path.rmdir()
            except OSError:
                break
        raise
    with os.scandir(cases) as entries:
        held = sum(1 for e in entries if e.name.endswith(SUFFIX) and is_case_id(e.name[: -len(SUFFIX)]))
    return cases, held
