"""Referral moves here from cases, keeping its table `cases_referral`: a state-only change."""
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("firewall", "0001_initial"),
        ("cases", "0003_referral_moved_to_firewall"),
        ("accounts", "0001_initial"),
        ("intake", "0004_interpreter_language_sealed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="Referral",
                fields=[
                    ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                    ("made_at", models.DateTimeField(auto_now_add=True)),
                    ("package_sealed", models.BinaryField()),
                    ("sender_fingerprint", models.CharField(max_length=40)),
                    ("recipient_fingerprint", models.CharField(max_length=40)),
                    ("crime_reference_for_police", models.BinaryField(null=True)),
                    ("crime_reference_for_sender", models.BinaryField(null=True)),
                    ("crime_reference_recorded_at", models.DateTimeField(null=True)),
                    ("made_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                                  to=settings.AUTH_USER_MODEL)),
                    ("police", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="referrals_received",
                                                 to="accounts.organisation")),
                    ("report", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="referrals",
                                                 to="intake.report")),
                ],
                options={"db_table": "cases_referral", "ordering": ["-made_at"]},
            ),
        ]),
    ]
