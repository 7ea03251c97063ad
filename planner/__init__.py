"""ikd-planner: plan IKD activation outreach visits that maximise expected activations.

Stages, each a module with a narrow typed interface, data flowing one way:
load + validate (`planner.io`) → demand model (`planner.demand`) → candidate visits
(`planner.candidates`) → travel times (`planner.travel`) → optimise and score
(`planner.solve`, plans scored by `planner.solve.evaluate`) → plan (`planner.plan`) → render
(`planner.render`).
"""

__version__ = "0.1.0"
