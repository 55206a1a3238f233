from django.db import migrations

SEQUENCE = "intake_report_received_order"


def create_sequence(apps, schema_editor):
    """PostgreSQL only: a sequence for the order of arrival, starting past every report already stored."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} MINVALUE 1")
        cursor.execute(
            f"SELECT setval('{SEQUENCE}', COALESCE((SELECT MAX(received_order) FROM intake_report), 0) + 1, false)"
        )


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("intake", "0015_erased_report_reason")]

    operations = [migrations.RunPython(create_sequence, drop_sequence)]
