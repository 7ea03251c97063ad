"""ikd-planner: plan IKD activation outreach visits that maximise expected activations.

Stages, each a module with a narrow typed interface, data flowing one way, in the order
`planner.pipeline.plan_month` runs them:
load + validate (`planner.io`, the only code that reads files) → demand model (`planner.demand`)
→ travel times (`planner.travel`) → working days (`planner.workdays`) and candidate visits
(`planner.candidates`) → optimise (`planner.solve`: day routes, greedy baseline, LP bound and
integer plan, every plan scored by `planner.solve.evaluate`) → assemble the `Plan`
(`planner.pipeline`, model in `planner.plan`) → render (`planner.render`: files, maps, the
terminal summary).
Sweeps (`planner.sweep`) run the whole pipeline once per scenario variant.
"""

__version__ = "0.1.0"
