"""Store every email address lower-cased, as sign-in now looks them up.

Accounts made before this (by the admin's add form or createsuperuser) may hold capitals. Two
accounts whose addresses differ only in case cannot both be kept without a person deciding which
one is real, so the migration stops and names them rather than guessing.
"""

from collections import defaultdict

from django.db import migrations


def lowercase_email_addresses(apps, schema_editor):
    User = apps.get_model("portal", "User")
    by_address = defaultdict(list)
    for pk, email in User.objects.values_list("pk", "email"):
        by_address[email.strip().lower()].append((pk, email))
    clashes = {address: rows for address, rows in by_address.items() if len(rows) > 1}
    if clashes:
        listed = "; ".join(
            f"{address}: " + ", ".join(f"#{pk} {email}" for pk, email in rows)
            for address, rows in sorted(clashes.items())
        )
        raise RuntimeError(
            "These accounts differ only in the case of their email address; merge or rename "
            f"them by hand, then migrate again: {listed}"
        )
    for address, [(pk, email)] in by_address.items():
        if email != address:
            User.objects.filter(pk=pk).update(email=address)


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_user_language")]

    operations = [
        migrations.RunPython(lowercase_email_addresses, migrations.RunPython.noop, elidable=False)
    ]
