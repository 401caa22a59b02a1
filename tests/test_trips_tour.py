from datetime import date

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
