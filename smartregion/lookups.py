"""Out-of-range integers in `__in` lookups match nothing instead of crashing.

Django already answers `pk=99999999999999999999999` with an empty result, but `pk__in=[...]` (what
ModelMultipleChoiceField runs on posted ids) passes the value to the driver: OverflowError on SQLite,
a DataError on PostgreSQL, so a 500 where the form should say "select a valid choice". Registered on
IntegerField (and so on every auto and big integer field) by SmartregionConfig.ready().
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerRangeIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerRangeIn)
