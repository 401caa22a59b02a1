from datetime import date

from odoo import Command
from odoo.tests import tagged

from ..tools.flow import flow
from .trip_common import TripCommon


@tagged("is_query_count")
class TestTripBatchQueries(TripCommon):
    """The daily missing-report cron, the allowance working and the monthly
    pay-line run cost a fixed number of queries, not one per trip, traveller
    or day. Measured at a small size, asserted at ten times that size; the
    only difference allowed is the ORM's one INSERT/UPDATE per 100 rows."""

    def _bulk_trips(self, count, prefix, start=date(2026, 3, 2), nights=5):
        employees = self._make_employees(count, prefix)
        employees.write({"tz": "UTC"})
        return self.Trip.create(
            [
                {
                    "employee_id": employee.id,
                    "purpose": "guidance",
                    "leg_ids": self._legs(start, nights),
                }
                for employee in employees
            ]
        )

    def _set_state(self, trips, state):
        flow(trips).write({"state": state})

    def test_missing_report_cron_fixed_queries(self):
        small = self._bulk_trips(5, "Small")
        large = self._bulk_trips(50, "Large", start=date(2026, 4, 6))
        Trip = self.env["tsm.trip"]
        # Warm-up outside the measure (parameters, registry caches).
        Trip._tsm_flag_missing_reports(today=date(2026, 1, 1))

        self._set_state(small, "in_progress")
        self.env.invalidate_all()
        count_small = self._count_queries(
            lambda: Trip._tsm_flag_missing_reports(today=date(2026, 3, 6))
        )
        flags = self.env["tsm.trip.flag"].search([("trip_id", "in", small.ids)])
        self.assertEqual(len(flags), 5 * 4)  # 2 - 5 March, no report

        self._set_state(small, "settled")
        self._set_state(large, "in_progress")
        self.env.invalidate_all()
        # 5 trips x 4 days = 20 flags (one INSERT) vs 50 x 4 = 200 flags (two).
        with self.assertQueryCount(count_small + 1):
            Trip._tsm_flag_missing_reports(today=date(2026, 4, 10))
        self.assertEqual(
            self.env["tsm.trip.flag"].search_count([("trip_id", "in", large.ids)]), 200
        )

    def test_allowance_working_fixed_queries(self):
        small = self._bulk_trips(5, "Small")
        large = self._bulk_trips(50, "Large", start=date(2026, 4, 6))
        self.env.invalidate_all()
        count_small = self._count_queries(small._tsm_compute_allowance_days)
        self.assertEqual(sum(small.mapped("allowance_amount")), 5 * 480.0)
        self.env.invalidate_all()
        # 30 days (one INSERT) vs 300 days (three INSERTs).
        with self.assertQueryCount(count_small + 2):
            large._tsm_compute_allowance_days()
        self.assertEqual(sum(large.mapped("allowance_amount")), 50 * 480.0)
        self.assertEqual(len(large.day_ids), 300)

    def test_monthly_pay_line_run_fixed_queries(self):
        small = self._bulk_trips(10, "Small")
        large = self._bulk_trips(120, "Large", start=date(2026, 4, 6))
        (small | large).traveller_ids.write({"advance_amount": 100.0})
        self._set_state(small | large, "settled")
        Trip = self.env["tsm.trip"]
        # The periods exist and caches are warm before the measure.
        Trip._tsm_generate_pay_lines(self.company, date(2026, 3, 1), date(2026, 3, 1))
        self.env["tsm.pay.period"]._tsm_get_period(self.company, date(2026, 4, 1))
        self.env.invalidate_all()
        count_small = self._count_queries(
            lambda: Trip._tsm_generate_pay_lines(self.company, date(2026, 3, 1), date(2026, 3, 31))
        )
        lines = self.env["tsm.pay.line"].search([("res_model", "=", "tsm.trip")])
        self.assertEqual(len(lines), 20)  # allowance and advance of 10 travellers
        self.env.invalidate_all()
        # 20 lines (one INSERT) vs 240 lines (three INSERTs).
        with self.assertQueryCount(count_small + 2):
            Trip._tsm_generate_pay_lines(self.company, date(2026, 4, 1), date(2026, 4, 30))
        april = self.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.trip"), ("res_id", "in", large.ids)]
        )
        self.assertEqual(len(april), 240)
        self.assertEqual(sum(april.mapped("amount")), 120 * (480.0 - 100.0))
        # A second run changes nothing and costs no more.
        self.env.invalidate_all()
        with self.assertQueryCount(count_small):
            Trip._tsm_generate_pay_lines(self.company, date(2026, 4, 1), date(2026, 4, 30))

    def test_travellers_of_one_trip(self):
        """One trip with many travellers: one line each, one working per traveller."""
        employees = self._make_employees(12, "Crew")
        employees.write({"tz": "UTC"})
        trip = self.Trip.create(
            {
                "employee_id": employees[0].id,
                "traveller_ids": [Command.create({"employee_id": e.id}) for e in employees],
                "leg_ids": self._legs(date(2026, 3, 2), 5),
            }
        )
        self._run_trip(trip, traveller_user=self.env.user, manager=self.env.user)
        self.assertEqual(len(trip.day_ids), 12 * 6)
        self.assertEqual(trip.pay_line_count, 12)
