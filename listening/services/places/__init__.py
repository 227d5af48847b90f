"""Places: wards and the organisations that serve them.

Other areas import this package, never its modules."""

from listening.services.places.boundaries import (
    LEEDS_BOUNDARIES,
    LEEDS_SOURCE,
    WardMap,
    has_hexes,
    load_boundaries,
    load_hexjson,
    ward_map,
)
from listening.services.places.drawing import Drawing, Shape
from listening.services.places.geometry import BoundaryProblem
from listening.services.places.wards import (
    LEEDS_WARDS,
    DuplicateName,
    get_organisation,
    get_organisation_by_name,
    get_ward,
    get_ward_by_code,
    list_organisations,
    list_wards,
    save_organisation,
    seed_wards,
    seed_wards_rows,
    update_ward,
)

__all__ = [
    "BoundaryProblem",
    "Drawing",
    "LEEDS_BOUNDARIES",
    "LEEDS_SOURCE",
    "Shape",
    "WardMap",
    "has_hexes",
    "load_boundaries",
    "load_hexjson",
    "ward_map",
    "DuplicateName",
    "LEEDS_WARDS",
    "get_organisation",
    "get_organisation_by_name",
    "get_ward",
    "get_ward_by_code",
    "list_organisations",
    "list_wards",
    "save_organisation",
    "seed_wards",
    "seed_wards_rows",
    "update_ward",
]
