"""Cut region and script subtags off language codes already stored in the clear ("ti-er" → "ti").

Before, any code with a known base language was kept as typed; a region names a country, which a
seized copy should not hold. The interface's own languages are kept as they are.
"""
from django.conf import settings
from django.db import migrations


def cut_to_base_language(apps, schema_editor):
    kept = {code for code, _name in settings.LANGUAGES}
    for model, field in (("Report", "language"), ("Consent", "wording_language")):
        rows = apps.get_model("intake", model).objects
        for code in rows.filter(**{f"{field}__contains": "-"}).values_list(field, flat=True).order_by().distinct():
            if code not in kept:
                rows.filter(**{field: code}).update(**{field: code.split("-")[0]})


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0006_times_to_the_day'),
    ]

    # Not reversible in content (the subtag is gone, which is the point); reversing leaves the base codes.
    operations = [
        migrations.RunPython(cut_to_base_language, migrations.RunPython.noop),
    ]
