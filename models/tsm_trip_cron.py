from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from ..tools.batch import bulk
from ..tools.flow import flow
from ..tools.trip_vocabulary import daterange


class TsmTrip(models.Model):
    """The trips' daily cron: approved trips whose departure passed start, and
    every past day of a trip under way without a traveller's daily report is
    flagged (``tsm.trip.flag``), which alerts HR of a run of absence."""

    _inherit = "tsm.trip"

    @api.model
    def _cron_daily(self):
        self._tsm_start_due_trips()
        self._tsm_flag_missing_reports()

    @api.model
    def _tsm_start_due_trips(self):
        """Approved trips whose departure has passed are under way; a
        departure not recorded is the planned one. Writes grouped by value."""
        now = fields.Datetime.now()
        trips = self.sudo().search([("state", "=", "approved"), ("planned_departure", "<=", now)])
        by_departure = defaultdict(lambda: self.sudo().browse())
        for trip in trips:
            by_departure[trip.actual_departure or trip.planned_departure] |= trip
        for departure, group in by_departure.items():
            flow(group).write({"state": "in_progress", "actual_departure": departure})
        return trips

    @api.model
    @bulk
    def _tsm_flag_missing_reports(self, today=None):
        """The daily cron: flag every past day of the trips under way or back
        (not yet settled) on which a traveller filed no daily report.

        Days are due from the departure date to the day before ``today`` (in
        the trip's time zone) and, once the trip is back, up to its return
        date. Catches up on days a missed run did not flag; a day is flagged
        once. Then raises an HR activity for travellers with a run of
        consecutive flagged days (a week by default, per company).
        One query each for trips, travellers, reports and flags, whatever
        their number, plus one INSERT per 100 new flags.

        :param today: date the run is for (default: today)
        :return: the flags created
        """
        Flag = self.env["tsm.trip.flag"].sudo()
        trips = self.sudo().search(
            [("state", "in", ("in_progress", "returned")), ("date_from", "!=", False)]
        )
        if not trips:
            return Flag
        trips.fetch(["date_from", "date_to", "state", "tz", "company_id"])
        travellers = trips.traveller_ids
        travellers.fetch(["trip_id", "employee_id"])
        due = trips._tsm_report_due_days(today)
        if not due:
            return Flag
        done = self._tsm_reported_or_flagged_days(due)
        vals_list = []
        for traveller in travellers:
            trip_id = traveller.trip_id.id
            if trip_id not in due:
                continue
            start, last = due[trip_id]
            employee_id = traveller.employee_id.id
            vals_list.extend(
                {
                    "trip_id": trip_id,
                    "employee_id": employee_id,
                    "date": day,
                    "kind": "missing_report",
                }
                for day in daterange(start, last)
                if (trip_id, employee_id, day) not in done
            )
        # Created as superuser; the creation alerts HR of runs of absence.
        return Flag.create(vals_list)

    def _tsm_report_due_days(self, today=None):
        """{trip id: (first, last day a daily report is due by now)} of the
        trips that have such days: from the departure to the day before
        ``today`` (in the trip's time zone), at most to the return."""
        now = fields.Datetime.now()
        due = {}
        for trip in self:
            last = (today or trip._tsm_local_date(now)) - timedelta(days=1)
            if trip.state == "returned" and trip.date_to:
                last = min(last, trip.date_to)
            if last >= trip.date_from:
                due[trip.id] = (trip.date_from, last)
        return due

    @api.model
    def _tsm_reported_or_flagged_days(self, due):
        """The (trip id, employee id, day) of the ``due`` trips that have a
        daily report or a missing-report flag already: two queries."""
        first = min(start for start, _last in due.values())
        domain = [("trip_id", "in", list(due)), ("date", ">=", first)]
        reported = (
            self.env["tsm.trip.report"]
            .sudo()
            ._read_group(domain, ["trip_id", "employee_id", "date:day"])
        )
        flagged = (
            self.env["tsm.trip.flag"]
            .sudo()
            ._read_group(
                [*domain, ("kind", "=", "missing_report")], ["trip_id", "employee_id", "date:day"]
            )
        )
        return {(trip.id, employee.id, day) for trip, employee, day in (*reported, *flagged)}
