"""Read `area.toml`: the kabupaten's code and name, the dates of the figures, the targets."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from planner.domain import AreaMeta
from planner.i18n import Message
from planner.io.errors import Findings

AREA_TOML = "area.toml"

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class AreaToml(BaseModel):
    """The fields of `area.toml` (see geodata/README.md); rates are shares of WKTP (0–1)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    code: Annotated[str, StringConstraints(pattern=r"^\d{2}\.\d{2}$")]
    name: _Text
    ikd_as_of: _Text
    wktp_as_of: _Text
    target_rate: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]
    national_target_rate: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]
    default_base_venue: _Text
    kind: Literal["kabupaten", "kota"] | None = None
    population: Annotated[int, Field(gt=0)] | None = None


def kind_of_code(code: str) -> str:
    """`kota` for a Kemendagri code whose second part is 71 or more (`64.72` Samarinda),
    `kabupaten` otherwise (`64.09` Penajam Paser Utara): the numbering rule of the codes."""
    return "kota" if int(code.split(".")[1]) >= 71 else "kabupaten"


def read_area_toml(data_dir: Path, f: Findings) -> AreaMeta | None:
    """The kabupaten facts of `area.toml`, or None after reporting every problem."""
    path = data_dir / AREA_TOML
    if not path.is_file():
        f.error(AREA_TOML, None, None, Message.of("err.geo_file_missing"))
        return None
    try:
        raw = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        f.error(AREA_TOML, None, None, Message.of("err.toml_not_utf8"))
        return None
    except tomllib.TOMLDecodeError as exc:
        f.error(AREA_TOML, None, None, Message.of("err.not_toml", detail=str(exc)))
        return None
    except OSError as exc:
        f.error(
            AREA_TOML, None, None, Message.of("err.unreadable", detail=str(exc.strerror or exc))
        )
        return None
    try:
        model = AreaToml.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or None
            msg: str | Message = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = Message.of("err.unknown_key")
            elif err["type"] == "missing":
                msg = Message.of("err.key_missing")
            elif err["type"] == "string_pattern_mismatch":
                msg = Message.of(
                    "err.not_code", value=repr(err["input"]), level="kabupaten", example="64.09"
                )
            f.error(AREA_TOML, None, loc, msg)
        return None
    return AreaMeta(
        code=model.code,
        name=model.name,
        ikd_as_of=model.ikd_as_of,
        wktp_as_of=model.wktp_as_of,
        target_rate=model.target_rate,
        national_target_rate=model.national_target_rate,
        default_base_venue=model.default_base_venue,
        kind=model.kind or kind_of_code(model.code),
        population=model.population,
    )
