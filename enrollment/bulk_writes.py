"""Writing many rows at once: by primary key in one executemany, and in chunks that stay under
every database's limit on a query's parameters."""

from django.db import connection

# SQLite allows 32,766 parameters in a query, PostgreSQL 65,535.
CHUNK = 5000


def chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def update_each(model, instances, field_names) -> None:
    """Write the fields of each instance by its primary key, in one executemany. Django's
    bulk_update builds a CASE expression per row and field, which costs about a millisecond a
    row in Python (over 10 s for a list of 10,000); the values go through each field's own
    preparation for the database, as a save would."""
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(model._meta.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [
                    field.get_db_prep_save(getattr(instance, field.attname), connection)
                    for field in fields
                ]
                + [instance.pk]
                for instance in instances
            ],
        )
