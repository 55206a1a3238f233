"""A data key's creation time is the report's submission time: kept to the day, like the report's."""
from django.db import migrations

import safereport.coarse_time
from safereport.coarse_time import to_day


def _to_the_day(apps, schema_editor):
    DataKey = apps.get_model("vault", "DataKey")
    for pk, created_at in list(DataKey.objects.values_list("pk", "created_at")):
        DataKey.objects.filter(pk=pk).update(created_at=to_day(created_at))


class Migration(migrations.Migration):

    dependencies = [
        ('vault', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='datakey',
            name='created_at',
            field=safereport.coarse_time.DayDateTimeField(auto_now_add=True),
        ),
        migrations.RunPython(_to_the_day, migrations.RunPython.noop),
    ]
