"""The command line's own sentences (errors, interruptions, hints) in Bahasa Indonesia and
English, in one table so that they can be folded into a project-wide i18n module.

Each is one plain sentence; `{detail}` carries the library's own message (which names the
file, row and field) where there is one.
"""

from __future__ import annotations

from typing import Any

_TEXT: dict[str, dict[str, str]] = {
    "error": {"id": "galat", "en": "error"},
    "warning": {"id": "peringatan", "en": "warning"},
    "lang": {
        "id": "--lang harus 'id' atau 'en' (tertulis {got!r})",
        "en": "--lang must be 'id' or 'en' (got {got!r})",
    },
    "month": {
        "id": "--month harus berupa bulan YYYY-MM, misalnya 2027-01 (tertulis {got!r})",
        "en": "--month must be a month written YYYY-MM, e.g. 2027-01 (got {got!r})",
    },
    "time_limit": {
        "id": "--time-limit harus lebih dari 0 dan paling lama {most:g} detik (tertulis {got})",
        "en": "--time-limit must be more than 0 and at most {most:g} seconds (got {got})",
    },
    "teams": {
        "id": "--teams harus antara 1 dan {most} (tertulis {got})",
        "en": "--teams must be between 1 and {most} (got {got})",
    },
    "scenario": {
        "id": "skenario tidak dapat dipakai: {detail}",
        "en": "the scenario cannot be used: {detail}",
    },
    "sweep": {
        "id": "berkas sweep tidak dapat dipakai: {detail}",
        "en": "the sweep file cannot be used: {detail}",
    },
    "data": {
        "id": "folder data {path} tidak dapat dipakai:\n{detail}",
        "en": "the data folder {path} cannot be used:\n{detail}",
    },
    "data_moved": {
        "id": "folder data rencana ini ({path}) tidak ada lagi; sebutkan letaknya sekarang "
        "dengan --data FOLDER",
        "en": "this plan's data folder ({path}) is not there any more; give its new place "
        "with --data DIR",
    },
    "plan_file": {
        "id": "{path} bukan plan.json yang dapat dibaca: {detail}",
        "en": "{path} is not a readable plan.json: {detail}",
    },
    "cannot_plan": {
        "id": "bulan ini tidak dapat direncanakan: {detail}",
        "en": "the month cannot be planned: {detail}",
    },
    "out_refused": {
        "id": "keluaran tidak ditulis: {detail}",
        "en": "nothing was written: {detail}",
    },
    "cannot_write": {
        "id": "tidak dapat menulis ke {path}: {detail}; keluaran sebelumnya tidak berubah",
        "en": "cannot write to {path}: {detail}; the earlier output is unchanged",
    },
    "interrupted_early": {
        "id": "dihentikan (Ctrl-C); tidak ada yang ditulis",
        "en": "stopped (Ctrl-C); nothing was written",
    },
    "interrupted": {
        "id": "dihentikan (Ctrl-C); tidak ada yang ditulis, isi {path} tidak berubah",
        "en": "stopped (Ctrl-C); nothing was written, {path} is as it was",
    },
}


def say(key: str, lang: str = "id", **values: Any) -> str:
    """The sentence `key` in `lang` ('en' or else Bahasa Indonesia), filled with `values`."""
    return _TEXT[key]["en" if lang == "en" else "id"].format(**values)
