"""The one audit log of the platform.

- `log.record(verb, obj, acting_user=..., ...)`: every write service records one event
  (who, what, which object, its territory, its version after the write, the raw values
  before and after, the comment), in the write's transaction.
- `values`: raw snapshots of an object's fields and the changes between two of them.
- `registry`: what each domain tells the log at start-up (French labels of its fields
  and verbs); fields not registered are named after the model's verbose names.
- `render`: the French text of an event, produced when it is read ("50 000,00 €",
  "12/03/2026"), so wording can change without touching the rows.
- `readers`: `history_of(obj)`, `events_for_territory(territory)`,
  `value_as_of(obj, field, when)` (a figure's past value, as a number).

Bottom of the domain layers: imports only `core`; points to the other apps' tables by
string ("referential.Territory", AUTH_USER_MODEL). See docs/decisions/0012-audit-log-and-locking.md.
"""
