"""Where a scheme applies, read from names: its perimeter when the source gives one (the
API's "perimeter"), else its financers' names ("Conseil départemental du Morbihan" →
Morbihan). Only the regions and departments of the referential in the database are
known; a scheme where none is found is national (or not said)."""

import re

from territoires.referential.models import Department, Region

from .vocabulary import match_key


class Gazetteer:
    """The region and department names of the referential, loaded once per import."""

    def __init__(self):
        self.names = []  # (folded name, "region"|"department", pk, display name), longest first
        for pk, name in Region.objects.order_by("code").values_list("pk", "name"):
            self.names.append((match_key(name), "region", pk, name))
        for pk, name in Department.objects.order_by("code").values_list("pk", "name"):
            self.names.append((match_key(name), "department", pk, name))
        self.names.sort(key=lambda item: (-len(item[0]), item[0]))

    def places(self, *texts):
        """{"region": [(pk, name)...], "department": [...], "label": "Morbihan, Tarn"} named in
        the texts; a longer name wins over a shorter one inside it (Haute-Loire, Loire)."""
        found = {"region": [], "department": []}
        labels = []
        for text in texts:
            folded = f" {match_key(text)} "
            for key, level, pk, name in self.names:
                if not key:
                    continue
                pattern = f" {key} "
                if pattern in folded:
                    folded = folded.replace(pattern, "  ")
                    if (pk, name) not in found[level]:
                        found[level].append((pk, name))
                        labels.append(name)
        found["label"] = ", ".join(dict.fromkeys(labels))
        return found


def is_whole_country(perimeter):
    return bool(
        re.fullmatch(r"(france|france entiere|national|europe)?", match_key(perimeter or ""))
    )
