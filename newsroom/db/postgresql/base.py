"""Django's PostgreSQL backend, with bulk writes sized for server-side binding.

With ``server_side_binding`` (newsroom.settings.base) every value travels as a protocol parameter,
and one statement may carry at most 65,535 of them: ``bulk_create`` of 3,000 stories (40 columns)
failed. Django sizes batches only for backends with a documented limit, so this backend gives the
limit to it.
"""

from django.db.backends.postgresql import base, operations

MAX_PARAMETERS = 65_535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        if self.connection.settings_dict["OPTIONS"].get("server_side_binding"):
            return max(1, MAX_PARAMETERS // max(1, len(fields)))
        return super().bulk_batch_size(fields, objs)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
