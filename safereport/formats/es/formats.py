"""Spanish: "5 de diciembre de 2026", "14:30", "5 de diciembre de 2026, 14:30"."""

DATE_FORMAT = r"j \d\e F \d\e Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
