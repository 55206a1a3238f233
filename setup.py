"""The one compiled part: the learned detector's clause scorer (safereport/redaction/_scorer.c).

Optional: where it cannot be built (no C compiler), the detector scores in pure Python with the same results.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("safereport.redaction._scorer", ["safereport/redaction/_scorer.c"], optional=True)])
