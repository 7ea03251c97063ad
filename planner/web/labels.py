"""Labels of the web pages: the project's i18n tables (planner/i18n), keys `web.*`.

Words the rendered files share (team, venue, expected, P10–P90 …) are the same keys the
spreadsheet and the field sheets use, so the browser and the files say the same thing.
"""

from __future__ import annotations

from planner.i18n import Lang, check_lang, has, t


def web_label(lang: str, key: str) -> str:
    """`web.<key>` if the web app has its own text for it, else the shared text `key`."""
    lng: Lang = check_lang(lang)
    return t(lng, f"web.{key}") if has(f"web.{key}") else t(lng, key)
