"""Working time of a resource calendar over a span, computed once for a
batch of records: SLA deadlines (plan N working hours from a start) and
elapsed working hours (between two datetimes) for thousands of tickets
without one calendar computation, and its queries, per ticket."""

from bisect import bisect_left, bisect_right
from datetime import timedelta

from pytz import timezone, utc

# Days of calendar beyond the batch's last datetime that a deadline may fall
# in; a deadline further out is planned by the calendar itself.
MARGIN_DAYS = 60


class WorkingTime:
    """The work intervals (global leaves removed) of ``calendar`` between
    ``start`` and ``end`` (naive UTC datetimes, as Odoo stores them), with
    running totals so that each question is a binary search.

    Without a calendar, every hour is a working hour."""

    def __init__(self, calendar, start, end):
        self.calendar = calendar
        self.starts, self.stops, self.before = [], [], []
        if not calendar:
            return
        self.start = start
        self.end = end + timedelta(days=MARGIN_DAYS)
        intervals = calendar._work_intervals_batch(
            utc.localize(self.start), utc.localize(self.end), compute_leaves=True
        )[False]
        total = 0.0
        for begin, stop, _meta in intervals:
            begin = begin.astimezone(utc).replace(tzinfo=None)
            stop = stop.astimezone(utc).replace(tzinfo=None)
            self.starts.append(begin)
            self.stops.append(stop)
            self.before.append(total)
            total += (stop - begin).total_seconds() / 3600

    @classmethod
    def for_records(cls, calendar, datetimes):
        """The working time spanning ``datetimes`` (falsy ones ignored)."""
        values = [value for value in datetimes if value]
        if not (calendar and values):
            return cls(calendar.browse(), None, None)
        return cls(calendar, min(values), max(values))

    def _covers(self, moment):
        return self.start <= moment <= self.end

    def _worked_until(self, moment):
        """Working hours from the span's start to ``moment``."""
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0.0
        inside = min(moment, self.stops[index]) - self.starts[index]
        return self.before[index] + max(inside.total_seconds(), 0.0) / 3600

    def hours_between(self, begin, finish):
        """Working hours between two datetimes (0 if ``finish`` is not after
        ``begin``)."""
        if not (begin and finish) or finish <= begin:
            return 0.0
        if not self.calendar:
            return (finish - begin).total_seconds() / 3600
        if not (self._covers(begin) and self._covers(finish)):
            return self.calendar.get_work_hours_count(
                utc.localize(begin), utc.localize(finish), compute_leaves=True
            )
        return self._worked_until(finish) - self._worked_until(begin)

    def plan(self, begin, hours):
        """The datetime ``hours`` working hours after ``begin``."""
        if not self.calendar:
            return begin + timedelta(hours=hours)
        if hours > 0 and self._covers(begin):
            target = self._worked_until(begin) + hours
            index = bisect_left(self.before, target) - 1
            # the interval in which the target is reached (its running total
            # before it is below the target, and its end reaches it)
            while 0 <= index < len(self.starts):
                length = (self.stops[index] - self.starts[index]).total_seconds() / 3600
                if self.before[index] + length >= target - 1e-9:
                    moment = self.starts[index] + timedelta(
                        hours=max(target - self.before[index], 0.0)
                    )
                    return max(moment, begin)
                index += 1
        # naive in, naive (UTC) out
        return self.calendar.plan_hours(hours, begin, compute_leaves=True)


def local_day(company, moment):
    """The calendar day of ``moment`` (naive UTC) where the company works:
    in the time zone of its working-time calendar, so that a job solved at
    07:30 in Beijing counts on that day, not the day before in UTC."""
    if not moment:
        return False
    tz = timezone(company.resource_calendar_id.tz or company.partner_id.tz or "UTC")
    return utc.localize(moment).astimezone(tz).date()
