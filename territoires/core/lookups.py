"""`__in` on integer columns ignores the values the column cannot hold.

Django (5.0+) already answers "no row" for `pk=2**63` instead of sending a number the
database cannot take (SQLite raises OverflowError, a 500); it does not for `pk__in=[…]`,
which forms (ModelMultipleChoiceField) and services use with ids from the client. This
lookup, registered on IntegerField (and so on every id column) by CoreConfig.ready,
drops the out-of-range values first: they match no row anyway."""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register():
    IntegerField.register_lookup(IntegerFieldIn, lookup_name="in")
