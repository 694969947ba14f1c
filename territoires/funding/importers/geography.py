"""Where a scheme applies, read from names: its perimeter when the source gives one (the
API's "perimeter"), else its financers' names ("Conseil départemental du Morbihan" →
Morbihan). The names are those of `funding.places` (every region and department, and a
few former region names); a longer name wins over a shorter one inside it (Haute-Loire
over Loire). A scheme where no place is named is national (or does not say)."""

import re

from territoires.referential.models import Department, Region

from .. import places
from .vocabulary import match_key


def _names():
    names = [(name, (places.region_code(code),)) for code, name in places.REGIONS.items()]
    names += [
        (name, (places.department_code(code),))
        for code, (name, _) in places.DEPARTMENTS.items()
        if name not in places.REGIONS.values()  # overseas: one name, the region kept
    ]
    names += list(places.ALIASES.items())
    keyed = [(match_key(name), codes) for name, codes in names]
    return sorted(keyed, key=lambda item: (-len(item[0]), item[0]))


_NAMES = _names()
_AGENCY_NUMBER = re.compile(r"\b[A-Z]{2,}\s?(\d{2})\b")


class Gazetteer:
    """Place codes read from texts, and the referential's rows for them (loaded once per
    import; a place the referential lacks keeps its code only)."""

    def __init__(self):
        self.regions = dict(Region.objects.order_by("code").values_list("code", "pk"))
        self.departments = dict(Department.objects.order_by("code").values_list("code", "pk"))

    def places(self, *texts):
        """The place codes named in the texts, in the order found."""
        found = []
        for text in texts:
            folded = f" {match_key(text)} "
            for key, codes in _NAMES:
                pattern = f" {key} "
                if pattern in folded:
                    folded = folded.replace(pattern, "  ")
                    found += [code for code in codes if code not in found]
        return found

    def financer_places(self, names):
        """The places named by financers: their place names, and the department number
        an agency's acronym carries ("ID77" → 77, "ATD 54" → 54, "SDES73" → 73)."""
        found = self.places(*names)
        for name in names:
            for number in _AGENCY_NUMBER.findall(name):
                code = places.department_code(number)
                if number in places.DEPARTMENTS and code not in found:
                    found.append(code)
        return found

    def rows(self, codes):
        """(regions, departments) of the referential for these codes, as (pk, name)."""
        regions = [
            (self.regions[c[1:]], places.label(c))
            for c in codes
            if c[0] == "r" and c[1:] in self.regions
        ]
        departments = [
            (self.departments[c[1:]], places.label(c))
            for c in codes
            if c[0] == "d" and c[1:] in self.departments
        ]
        return regions, departments


def is_whole_country(perimeter):
    return bool(
        re.fullmatch(r"(france|france entiere|national|europe)?", match_key(perimeter or ""))
    )
