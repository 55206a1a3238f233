import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """After 0003 wrapped every existing key, no wrap is ever stored outside an epoch."""

    dependencies = [
        ("vault", "0003_key_epochs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="codenamewrap",
            name="epoch",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="vault.keyepoch"),
        ),
        migrations.AlterField(
            model_name="sealeddatakey",
            name="epoch",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="vault.keyepoch"),
        ),
    ]
