"""Actual activations reported by the teams: read (CSV, schedule.xlsx, WhatsApp), check, import.

Readers only read: each turns a file into `ReportedVisit`s and records every problem in a
`Findings` (file, row or line, field). `checks` compares the visits with the ledger and
`importer` writes them in one transaction, or nothing at all.
"""
