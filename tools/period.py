"""Appraisal periods: month, quarter, half-year, year."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


def period_bounds(kind, day):
    """(start, end, label) of the appraisal period of ``kind`` containing ``day``."""
    if kind == "monthly":
        start = day.replace(day=1)
        months, label = 1, f"{start.year}-{start.month:02d}"
    elif kind == "quarterly":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        months, label = 3, f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    elif kind == "half_year":
        start = date(day.year, 1 if day.month <= 6 else 7, 1)
        months, label = 6, f"{start.year}-H{1 if start.month == 1 else 2}"
    elif kind == "annual":
        start = date(day.year, 1, 1)
        months, label = 12, f"{start.year}"
    else:
        raise ValueError(kind)
    return start, start + relativedelta(months=months) - timedelta(days=1), label
