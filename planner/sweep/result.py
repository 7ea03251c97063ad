"""What one sweep case produced: headline figures or the error, saved as `result.json`.

`result.json` sits in the case's own folder next to the full plan. It is written last, so
its presence with the same `case_hash` means the case is done and a rerun skips it.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.plan import Summary

RESULT_FILE = "result.json"


class CaseResult(BaseModel):
    """The outcome of one case; `summary` is None when it failed (`error` says why)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    slug: str
    case_hash: str
    varied: dict[str, str]
    data_dir: str
    month: str
    team_officers: tuple[int, ...] = Field(description="officers of each team")
    readiness: float = Field(description="share of unactivated WKTP ready (phone + e-mail)")
    status: Literal["ok", "failed"]
    error: str | None = None
    summary: Summary | None = None
    kabupaten_name: str | None = None
    national_target_rate: float | None = None
    seconds: float = Field(default=0.0, description="wall seconds on the worker (load + solve)")
    cpu_seconds: float = Field(default=0.0, description="CPU seconds of the worker process")
    render_seconds: float = Field(default=0.0, description="seconds to write the plan folder")
    worker: str = ""
    finished_at: str = ""
    from_earlier_run: bool = Field(
        default=False, exclude=True, description="True when read back from a previous run"
    )

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.summary is not None

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False)
