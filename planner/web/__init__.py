"""The office in a browser: a thin server-rendered web app over the planner and its ledger.

Every page calls the same library functions as the CLI (plan_month, write_outputs, the ledger's
import and record functions); nothing here re-implements planning, rendering or importing.
`planner.web.app.create_app` builds the ASGI app; `ikd-planner serve` runs it with uvicorn.
"""
