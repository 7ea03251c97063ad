"""Where solver logs go: the planner's own logs and OR-Tools' C++ logs only with `--verbose`.

OR-Tools logs through absl to stderr. `absl::InitializeLog` may run only once per process and
CP-SAT runs it itself, so this module never calls it; it sets the threshold, which holds once
the log is initialised. (The flood of GLOP "The model has been changed" lines under a short
time limit was a stale read in planner.solve.master, fixed there.)
"""

from __future__ import annotations

import logging


def configure_solver_logs(verbose: bool = False) -> None:
    """Show OR-Tools' and the planner's logs on stderr only when `verbose`; call once per
    process before solving (again to change the level)."""
    from ortools.init.python import init

    flags = init.CppFlags()
    flags.stderrthreshold = 0 if verbose else 3  # absl: 0 INFO … 3 FATAL
    flags.log_prefix = verbose
    init.CppBridge.set_flags(flags)
    logging.getLogger("planner").setLevel(logging.INFO if verbose else logging.WARNING)
    if verbose and not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
