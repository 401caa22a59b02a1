from datetime import date, datetime, time, timedelta

from odoo import Command
from odoo.tests import tagged

from .common import TsmHttpCommon


@tagged("post_install", "-at_install")
class TestTripTour(TsmHttpCommon):
    def test_file_approve_settle(self):
        """In the browser: the engineer files and submits a trip, the
        department manager approves and settles it; 4 × 120 in pay."""
        users = self.user_engineer | self.user_manager
        users.write({"lang": "en_US", "tz": "UTC"})
        (self.emp_engineer | self.emp_manager).write({"tz": "UTC"})
        self.start_tour("/odoo", "tsm_trip_file", login="tsm_engineer")
        trip = self.env["tsm.trip"].search([("employee_id", "=", self.emp_engineer.id)])
        self.assertEqual(trip.state, "submitted")
        self.assertEqual(trip.traveller_ids.employee_id, self.emp_engineer)
        self.assertEqual(len(trip.leg_ids), 2)

        self.start_tour("/odoo", "tsm_trip_approve_settle", login="tsm_manager")
        trip.invalidate_recordset()
        self.assertEqual(trip.state, "settled")
        self.assertEqual(trip.approved_by_id, self.user_manager)
        self.assertEqual((trip.date_from, trip.date_to), (date(2026, 3, 2), date(2026, 3, 7)))
        line = self.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.trip"), ("res_id", "=", trip.id)]
        )
        self.assertEqual((line.code, line.quantity, line.amount), ("TRIP_ALLOW", 4, 480.0))


@tagged("post_install", "-at_install")
class TestTripMobileTour(TsmHttpCommon):
    browser_size = "375x667"
    touch_enabled = True

    def test_daily_report_on_a_phone(self):
        self.user_engineer.write({"lang": "en_US", "tz": "UTC"})
        self.emp_engineer.tz = "UTC"
        today = date.today()
        trip = self.env["tsm.trip"].create(
            {
                "employee_id": self.emp_engineer.id,
                "leg_ids": [
                    Command.create(
                        {
                            "from_place": "Hefei",
                            "to_place": "Xiaogan site",
                            "destination_class": "county",
                            "departure": datetime.combine(today - timedelta(days=1), time(8)),
                            "arrival": datetime.combine(today - timedelta(days=1), time(12)),
                            "sequence": 1,
                        }
                    ),
                    Command.create(
                        {
                            "from_place": "Xiaogan site",
                            "to_place": "Hefei",
                            "is_return": True,
                            "departure": datetime.combine(today + timedelta(days=2), time(8)),
                            "arrival": datetime.combine(today + timedelta(days=2), time(12)),
                            "sequence": 2,
                        }
                    ),
                ],
            }
        )
        trip.action_submit()
        trip.action_approve()
        trip.action_start()
        self.env["tsm.trip.report"].create(
            {
                "trip_id": trip.id,
                "employee_id": self.emp_engineer.id,
                "date": today - timedelta(days=1),
                "place": "Xiaogan site",
                "work_done": "Arrived on site",
            }
        )
        self.start_tour("/odoo", "tsm_trip_daily_report_mobile", login="tsm_engineer")
        report = self.env["tsm.trip.report"].search(
            [("trip_id", "=", trip.id), ("date", "=", today)]
        )
        self.assertEqual(report.employee_id, self.emp_engineer)
        self.assertEqual(report.place, "Xiaogan county site")
        self.assertEqual(report.work_done, "Welded 40 m of pipe")
