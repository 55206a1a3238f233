"""Clear times of reports and consents kept to the day; the queue keeps its order by `received_order`.

Messages keep their clear time until someone holding the report's key next reads the thread: the
exact time is then sealed into `sent_at_sealed` and the clear one cut to the day (no key here).
"""
from django.db import migrations, models

import safereport.coarse_time
from safereport.coarse_time import to_day


def _to_the_day(apps, schema_editor):
    Report = apps.get_model("intake", "Report")
    Consent = apps.get_model("intake", "Consent")
    rows = list(Report.objects.order_by("created_at", "pk").values_list("pk", "created_at", "updated_at"))
    for place, (pk, created_at, updated_at) in enumerate(rows, start=1):
        Report.objects.filter(pk=pk).update(received_order=place, created_at=to_day(created_at),
                                            updated_at=to_day(updated_at))
    for pk, given_at, superseded_at in list(Consent.objects.values_list("pk", "given_at", "superseded_at")):
        Consent.objects.filter(pk=pk).update(given_at=to_day(given_at),
                                             superseded_at=to_day(superseded_at) if superseded_at else None)


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0005_crime_type_choices'),
    ]

    operations = [
        migrations.AlterField(
            model_name='report',
            name='created_at',
            field=safereport.coarse_time.DayDateTimeField(auto_now_add=True),
        ),
        migrations.AlterField(
            model_name='report',
            name='updated_at',
            field=safereport.coarse_time.DayDateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name='report',
            name='received_order',
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AlterField(
            model_name='message',
            name='sent_at',
            field=safereport.coarse_time.DayDateTimeField(auto_now_add=True),
        ),
        migrations.AddField(
            model_name='message',
            name='sent_at_sealed',
            field=models.BinaryField(null=True),
        ),
        migrations.AlterField(
            model_name='consent',
            name='given_at',
            field=safereport.coarse_time.DayDateTimeField(auto_now_add=True),
        ),
        migrations.AlterField(
            model_name='consent',
            name='superseded_at',
            field=safereport.coarse_time.DayDateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(_to_the_day, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='report',
            name='received_order',
            field=models.PositiveBigIntegerField(editable=False, unique=True),
        ),
        migrations.AlterModelOptions(
            name='report',
            options={'ordering': ['-created_at', '-received_order']},
        ),
    ]
