"""Staffing scenario sweeps: many plans solved in parallel on dask, compared side by side.

Modules, in the order data flows:

- `spec`: the sweep file model and its expansion into named cases (`Sweep`, `SweepCase`);
  files are read by `planner.io.sweep_file.load_sweep`;
- `run`: `run_sweep` submits the cases and keeps each result as it lands; `client` opens the
  Dask client, `worker` is what runs on a worker (`solve_task`), `store` the sweep's folders
  on disk (one per case, result.json last);
- `result`: `CaseResult`, one case's headline figures or error (`result.json`);
- `projection`: the path to the 20 % / 30 % targets, month by month;
- `comparison`: one row per case, with its projection (`comparison_rows`);
- `plots`: the figures; `report` writes `comparison.csv`, `.xlsx` and `.html`, one writer a
  module (`report_csv`, `report_xlsx`, `report_html`; `report_cells` is how a cell reads).

Kept free of imports so that `planner.io.sweep_file` can import `spec` without a cycle.
"""
