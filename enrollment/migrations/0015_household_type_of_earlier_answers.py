"""Earlier answers said urban or rural, a distinction abolished in 2014, which says nothing of the
household type (户别) the question now asks. Almost every child is registered in a family
household, and staff compare the answer with the booklet at the counter: the earlier answers
become "family household", and a draft's parent can change it on the step."""

from django.db import migrations


def to_family_household(apps, schema_editor):
    HouseholdRegister = apps.get_model("enrollment", "HouseholdRegister")
    HouseholdRegister.objects.filter(register_type__in=["urban", "rural"]).update(
        register_type="family"
    )


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0014_household_type")]

    operations = [migrations.RunPython(to_family_household, migrations.RunPython.noop)]
