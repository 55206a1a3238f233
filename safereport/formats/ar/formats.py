"""Arabic: day, month name, year ("5 ديسمبر 2026") and a 24-hour time; Django's "ar" has a 12-hour time and no date-time format."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"  # the Arabic comma
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
