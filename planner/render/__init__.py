"""Renderers: turn a `Plan` into the files people use (tables, maps, field packages).

Renderers never solve and never read data files; `write_outputs` is the entry point.
"""

from planner.render.output import OutputFolderError, OutputManifest, write_outputs

__all__ = ["OutputFolderError", "OutputManifest", "write_outputs"]
