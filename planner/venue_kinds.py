"""The kinds of place a team can visit, each described once: every rule that depends on a kind
reads it from here.

A `VenueKind` says which row of the scenario's `[demand.p_type]` and `[visits.service_min]`
tables applies (`demand_key`) and their defaults, whose residents the venue draws (`catchment`),
whether it keeps the school calendar and has grade-XII students, which file lists it
(`jenjang` for schools.csv, else a `venue_type` of venues.csv), its map layer and its labels.
Adding a kind (a puskesmas, a mosque after Friday prayer, a market day) is one entry in
`BUILT_IN` plus its tests; a deployment or a test can also `register` one at run time.

This module is part of the core: it imports nothing from the rest of the planner.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

MapLayer = Literal["school", "office", "event", "other"]

#: Minutes on site for a kind with no row in `[visits.service_min]` (e.g. a public event on
#: a day that is not one of its fixed events).
FALLBACK_SERVICE_MIN = 150


class Catchment(StrEnum):
    """Whose residents a venue draws (demand rule 4, `planner.demand.catchment_weights`).

    NONE: no residents, only its own students and staff (schools). NEARBY: desa within
    `catchment_max_km`, weighted by distance decay over `catchment_km`. OWN_DESA and
    OWN_KECAMATAN: as NEARBY, and always its own desa / every desa of its own kecamatan.
    EVENT: desa within 3 × `event_catchment_km`, decay over `event_catchment_km`.
    """

    NONE = "none"
    NEARBY = "nearby"
    OWN_DESA = "own_desa"
    OWN_KECAMATAN = "own_kecamatan"
    EVENT = "event"


@dataclass(frozen=True)
class VenueKind:
    """One kind of venue and everything the planner does differently for it.

    `p` is the default share of the remaining pool one visit activates and `service_min` the
    default minutes on site; None leaves the kind out of the default scenario tables (its visits
    are then worth 0 and last `FALLBACK_SERVICE_MIN`), as for the team base. Kinds sharing a
    `demand_key` share one row of each table and must agree on its defaults.
    """

    id: str
    demand_key: str
    p: float | None
    service_min: int | None
    catchment: Catchment
    labels: dict[str, str] = field(hash=False)
    map_layer: MapLayer = "other"
    jenjang: str | None = None
    school_calendar: bool = False
    students: bool = False
    team_base: bool = False
    fixed_times_only: bool = False
    #: A kecamatan seat where a team on a trip (dinas luar) may sleep, by default.
    lodging: bool = False

    @property
    def is_school(self) -> bool:
        """Listed in schools.csv (by its jenjang) rather than in venues.csv."""
        return self.jenjang is not None

    def label(self, lang: str) -> str:
        """The kind's name in `lang` ("id" or "en"), falling back to Indonesian."""
        return self.labels.get(lang, self.labels["id"])


def _school(
    id_: str, jenjang: str, *, key: str, p: float, minutes: int, students: bool, en: str
) -> VenueKind:
    return VenueKind(
        id=id_,
        demand_key=key,
        p=p,
        service_min=minutes,
        catchment=Catchment.NONE,
        labels={"id": jenjang if students else f"{jenjang} (guru)", "en": en},
        map_layer="school",
        jenjang=jenjang,
        school_calendar=True,
        students=students,
    )


#: The kinds every installation knows, in the order of the scenario tables.
BUILT_IN: tuple[VenueKind, ...] = (
    _school(
        "school_sma", "SMA", key="school", p=0.6, minutes=180, students=True, en="SMA (senior high)"
    ),
    _school(
        "school_smk",
        "SMK",
        key="school",
        p=0.6,
        minutes=180,
        students=True,
        en="SMK (vocational high)",
    ),
    _school(
        "school_slb",
        "SLB",
        key="school",
        p=0.6,
        minutes=180,
        students=True,
        en="SLB (special school)",
    ),
    _school(
        "school_smp",
        "SMP",
        key="school_smp",
        p=0.5,
        minutes=90,
        students=False,
        en="SMP (teachers)",
    ),
    VenueKind(
        id="kantor_desa",
        demand_key="kantor_desa",
        p=0.03,
        service_min=150,
        catchment=Catchment.OWN_DESA,
        labels={"id": "Kantor desa", "en": "Desa office"},
        map_layer="office",
    ),
    VenueKind(
        id="kantor_camat",
        demand_key="kantor_camat",
        p=0.02,
        service_min=180,
        catchment=Catchment.OWN_KECAMATAN,
        labels={"id": "Kantor camat", "en": "Kecamatan office"},
        map_layer="office",
        lodging=True,
    ),
    VenueKind(
        id="disdukcapil_office",
        demand_key="disdukcapil_office",
        p=None,
        service_min=None,
        catchment=Catchment.NEARBY,
        labels={"id": "Kantor Disdukcapil", "en": "Disdukcapil office"},
        map_layer="office",
        team_base=True,
    ),
    VenueKind(
        id="public_event",
        demand_key="public_event",
        p=0.005,
        service_min=None,
        catchment=Catchment.EVENT,
        labels={"id": "Acara publik", "en": "Public event"},
        map_layer="event",
        fixed_times_only=True,
    ),
    VenueKind(
        id="market",
        demand_key="market",
        p=0.01,
        service_min=150,
        catchment=Catchment.NEARBY,
        labels={"id": "Pasar", "en": "Market"},
        map_layer="event",
    ),
)

_REGISTRY: dict[str, VenueKind] = {k.id: k for k in BUILT_IN}


class UnknownVenueKindError(ValueError):
    """A venue kind id that is not registered; the message lists the known ones."""


def all_kinds() -> tuple[VenueKind, ...]:
    """Every registered kind, built-in first, in registration order."""
    return tuple(_REGISTRY.values())


def kind(kind_id: str) -> VenueKind:
    """The registered kind `kind_id`; UnknownVenueKindError names the known kinds."""
    try:
        return _REGISTRY[kind_id]
    except KeyError:
        known = ", ".join(_REGISTRY)
        raise UnknownVenueKindError(f"unknown venue kind {kind_id!r}; known: {known}") from None


def find(kind_id: str) -> VenueKind | None:
    """The registered kind `kind_id`, or None (e.g. a plan.json written with other kinds)."""
    return _REGISTRY.get(kind_id)


def demand_keys() -> tuple[str, ...]:
    """The row names the scenario's `p_type` and `service_min` tables accept, in order."""
    return tuple(dict.fromkeys(k.demand_key for k in _REGISTRY.values()))


def default_p_type() -> dict[str, float]:
    """The default `[demand.p_type]` table: one row per demand key that has a default."""
    return {k.demand_key: k.p for k in _REGISTRY.values() if k.p is not None}


def default_service_min() -> dict[str, int]:
    """The default `[visits.service_min]` table: one row per demand key that has a default."""
    return {k.demand_key: k.service_min for k in _REGISTRY.values() if k.service_min is not None}


def register(new: VenueKind) -> None:
    """Add a kind for the rest of the process; refuses an id already taken or a demand key
    whose defaults disagree with a kind that already uses it."""
    if new.id in _REGISTRY:
        raise ValueError(f"venue kind {new.id!r} is already registered")
    if "id" not in new.labels:
        raise ValueError(f"venue kind {new.id!r} needs an Indonesian label (labels['id'])")
    for old in _REGISTRY.values():
        if old.demand_key == new.demand_key and (old.p, old.service_min) != (
            new.p,
            new.service_min,
        ):
            raise ValueError(
                f"venue kind {new.id!r} shares demand key {new.demand_key!r} with "
                f"{old.id!r} but not its default p / service_min"
            )
    _REGISTRY[new.id] = new


def unregister(kind_id: str) -> None:
    """Remove a kind added by `register` (built-in kinds stay)."""
    if any(k.id == kind_id for k in BUILT_IN):
        raise ValueError(f"built-in venue kind {kind_id!r} cannot be removed")
    _REGISTRY.pop(kind_id, None)


@contextmanager
def registered(new: VenueKind) -> Iterator[VenueKind]:
    """`register(new)` for the duration of a `with` block (tests, one-off runs)."""
    register(new)
    try:
        yield new
    finally:
        unregister(new.id)
