"""Referral now belongs to the firewall (the one door out); its table stays where it is."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_immigration_advice_no_timestamp")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Referral")]),
    ]
