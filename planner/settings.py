"""Project-wide settings: where the embedded data lives and limits that are not scenario fields."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The source checkout (scripts, benchmarks and tests live here; an installed wheel has none).
REPO_ROOT = Path(__file__).resolve().parents[1]
#: The embedded data folders, one per kabupaten: the repository's geodata/, which the wheel
#: ships as the package `planner.data`, so an installed planner finds it too.
DATA_ROOT = Path(str(files("planner.data")))
#: The embedded default data folder (Kabupaten Penajam Paser Utara).
DEFAULT_DATA_DIR = DATA_ROOT / "ppu"
#: A data folder's own scenario, used when no --scenario is given (geodata/README.md).
SCENARIO_FILE = "scenario.toml"
#: The embedded PPU scenario: the default data folder's own scenario.toml.
DEFAULT_SCENARIO = DEFAULT_DATA_DIR / SCENARIO_FILE
DEFAULT_OUT_DIR = Path("out")
#: `compare` writes beside `plan`'s output, never inside it: `out-compare/<sweep name>/`.
DEFAULT_COMPARE_DIR = Path("out-compare")

#: The longest solve a scenario or `--time-limit` may ask for, seconds.
MAX_TIME_LIMIT_S = 3600.0

#: A point outside the kabupaten outline is a warning; within this distance it is "slightly"
#: outside (desa boundaries are indicative); a venue further than this outside its own
#: kecamatan is also a warning.
OUTSIDE_KABUPATEN_WARN_KM = 0.5
#: A point this far outside the kabupaten's outline is an error, not a warning: no team of the
#: kabupaten drives 50 km past its border for a visit, so the coordinates are wrong (another
#: place's, a typo in a degree); a point just across the border stays a warning.
OUTSIDE_KABUPATEN_ERROR_KM = 50.0

#: Indonesia's bounding box (lon_min, lat_min, lon_max, lat_max), generous by ~1°.
INDONESIA_BBOX = (94.0, -12.0, 142.0, 7.0)

#: Size guard of a data folder (planner.io.size_guard), checked before any file is parsed.
#: The largest kabupaten have under 1,000 desa/kelurahan (Aceh Utara 852) and a few thousand
#: schools and public venues; a folder far beyond that is a mistake (a national file, a
#: generated table) that would take minutes and gigabytes to check and could never be planned
#: inside a time limit (travel matrices grow with the square of the venues).
MAX_VENUES = 20_000
MAX_DESA = 5_000
#: Bytes of one boundary file beyond which it is refused unread (desa of a large kabupaten
#: at full detail are a few tens of MB).
MAX_BOUNDARY_BYTES = 500_000_000
