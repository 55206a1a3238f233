"""Store every staff email in its one normal form (accounts.emails), which sign-in now matches exactly."""
from django.db import migrations

from safereport.accounts.emails import normalise_email


def normalise(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    seen = {}
    for user in User.objects.order_by("pk"):
        spelling = normalise_email(user.username)
        if spelling in seen:
            raise RuntimeError(
                f"Staff accounts {seen[spelling]} and {user.pk} are the same email once normalised ({spelling!r}). "
                "Remove or rename one (safereport remove_staff) and migrate again."
            )
        seen[spelling] = user.pk
        User.objects.filter(pk=user.pk).update(username=spelling, email=normalise_email(user.email))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
