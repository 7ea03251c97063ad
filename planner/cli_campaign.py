"""The campaign ledger's commands (`actuals import`, `progress`) and the ledger glue of `plan`.

Thin like planner/cli.py: parse, call one library function in planner.campaign, report. Every
command takes `--db URL` (else $IKD_PLANNER_DB, else ./ikd-campaign.sqlite) and says which
database it used.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from planner.campaign.config import DB_ENV, DEFAULT_DB_FILE

if TYPE_CHECKING:
    from planner.campaign.ledger import Ledger, RecordedPlan
    from planner.domain import KabupatenData
    from planner.history import CampaignHistory

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=DB_ENV,
        help=f"campaign database URL (sqlite:///FILE, postgresql://…); default ./{DEFAULT_DB_FILE}",
    ),
]


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def say(line: str) -> None:
    out.print(line, highlight=False, markup=False)


def open_ledger(db: str | None) -> Ledger:
    """The campaign database, migrated to head; a bad URL or an unreachable server exits 2."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from planner.campaign.ledger import Ledger

    try:
        return Ledger.open(db)
    except (ArgumentError, OperationalError, ValueError) as exc:
        fail(f"cannot open the campaign database {db or DEFAULT_DB_FILE}: {exc}")


def history_for_month(ledger: Ledger, data: KabupatenData, month: str) -> CampaignHistory | None:
    """What the ledger recorded for this kabupaten before the month starts (None: nothing)."""
    year, mon = (int(x) for x in month.split("-"))
    return ledger.history(data.meta.code, before=date(year, mon, 1))


def recorded_line(rec: RecordedPlan, ledger: Ledger, lang: str) -> str:
    """`Rencana dicatat di kampanye …` / `Plan recorded in the campaign …`."""
    if lang == "en":
        line = f"Plan #{rec.plan_id} for {rec.month} recorded in the campaign ledger {ledger.where}"
        if rec.superseded_id is not None:
            line += f" (supersedes plan #{rec.superseded_id})"
        return line + "."
    line = f"Rencana #{rec.plan_id} untuk {rec.month} dicatat di kampanye {ledger.where}"
    if rec.superseded_id is not None:
        line += f" (menggantikan rencana #{rec.superseded_id})"
    return line + "."
