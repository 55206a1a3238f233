"""Spanish: "5 de diciembre de 2026", "14:30", "5 de diciembre de 2026, 14:30"."""

DATE_FORMAT = r"j \d\e F \d\e Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
# An <input type="date"> holds ISO 8601 whatever the page's language (the browser shows it the local
# way): the first input format is the one Django writes into the field, so it is ISO here; the Spanish
# forms stay accepted.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
