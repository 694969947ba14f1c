"""Bulk upserts shared by the importers: a few queries per table, never one per row."""

BATCH_SIZE = 1000


def upsert_by_key(queryset, key, wanted, tally, changed=None):
    """Make the rows of `queryset` keyed by `key` match `wanted` ({key: {attname: value}}).

    Rows absent from `wanted` are left alone. Counts go to `tally`; the keys created or
    updated are added to the set `changed` when given. Returns {key: pk} for every row of
    the queryset after the write.
    """
    changed = set() if changed is None else changed
    model = queryset.model
    fields = sorted({name for values in wanted.values() for name in values})
    existing = {getattr(obj, key): obj for obj in queryset.only("pk", key, *fields)}
    to_create, to_update = [], []
    for code, values in wanted.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(**{key: code}, **values))
            tally.created += 1
            changed.add(code)
            continue
        if any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            to_update.append(obj)
            tally.updated += 1
            changed.add(code)
        else:
            tally.unchanged += 1
    queryset.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        queryset.bulk_update(to_update, fields, batch_size=BATCH_SIZE // 2)
    return dict(queryset.values_list(key, "pk"))


def sync_pairs(through, left, right, wanted, scope):
    """Make the link rows of `through` (columns `left`, `right`) within `scope` equal `wanted`.

    `wanted` is a set of (left_id, right_id); returns (added, removed) as sets of pairs.
    """
    existing = {}
    for pk, a, b in scope.values_list("pk", left, right):
        existing[(a, b)] = pk
    added = wanted - existing.keys()
    removed = existing.keys() - wanted
    if removed:
        ids = [existing[pair] for pair in removed]
        for start in range(0, len(ids), BATCH_SIZE):
            through.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).delete()
    through.objects.bulk_create(
        [through(**{left: a, right: b}) for a, b in sorted(added)], batch_size=BATCH_SIZE
    )
    return added, removed
