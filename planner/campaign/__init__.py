"""The campaign ledger: what was planned, what the teams really did, and where the campaign stands.

`Ledger.open(url)` (planner.campaign.ledger) opens the database (SQLite by default, PostgreSQL by
URL) and migrates it; `store` reads and writes plans and the history handed to planning
(planner.history); `actuals` imports the teams' reports; `progress` and `progress_report` say
how the campaign and its forecasts are doing. Counts only: no personal data is ever stored.
"""
