from datetime import date

from odoo.exceptions import ValidationError

from .trips_common import TripCommon


class TestTripAllowance(TripCommon):
    """RULES.md §3.4 with the numbers of the document."""

    def test_guidance_out_of_province_six_days(self):
        trip = self._run_trip(self._trip(nights=5))  # 2 March - 7 March: 6 calendar days
        traveller = trip.traveller_ids
        self.assertEqual((trip.date_from, trip.date_to), (date(2026, 3, 2), date(2026, 3, 7)))
        self.assertEqual(traveller.allowance_days, 4)
        self.assertEqual(traveller.allowance_amount, 480.0)
        days = self._days(trip)
        self.assertEqual(len(days), 6)
        self.assertEqual(
            days.mapped("reason"),
            ["departure_day", "day_away", "day_away", "day_away", "day_away", "return_day"],
        )
        rule = self.env.ref("hr_tech_service.allowance_rule_guidance_out_of_province")
        self.assertEqual(days.filtered("counted").rule_id, rule)
        line = trip.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.trip"), ("res_id", "=", trip.id)]
        )
        self.assertEqual(line.code, "TRIP_ALLOW")
        self.assertEqual((line.quantity, line.rate, line.amount), (4, 120.0, 480.0))
        self.assertEqual(line.date, date(2026, 3, 7))
        self.assertEqual(line.period_id.name, "2026-03")

    def test_guidance_ten_days_capped_at_seven(self):
        trip = self._run_trip(self._trip(nights=9))  # 10 calendar days, 8 between
        self.assertEqual(trip.traveller_ids.allowance_days, 7)
        self.assertEqual(trip.traveller_ids.allowance_amount, 840.0)
        self.assertEqual(
            self._days(trip).filtered(lambda d: d.reason == "cap_reached").mapped("date"),
            [date(2026, 3, 10)],
        )

    def test_construction_county_five_nights(self):
        trip = self._run_trip(
            self._trip(nights=5, purpose="construction", destination_class="county")
        )
        self.assertEqual(trip.traveller_ids.allowance_days, 5)
        self.assertEqual(trip.traveller_ids.allowance_amount, 300.0)
        self.assertEqual(self._days(trip)[-1].reason, "return_day")

    def test_construction_prefecture_client_lodging_pays_nothing(self):
        trip = self._run_trip(
            self._trip(
                nights=5,
                purpose="construction",
                destination_class="prefecture",
                client_lodging="yes",
            )
        )
        self.assertEqual(trip.traveller_ids.allowance_amount, 0.0)
        days = self._days(trip)
        self.assertEqual(set(days[:-1].mapped("reason")), {"zero_rate"})
        self.assertEqual(
            days[0].rule_id,
            self.env.ref("hr_tech_service.allowance_rule_construction_prefecture_client"),
        )
        self.assertFalse(trip.pay_line_count)
        # Without client lodging the same trip pays 5 × 80.
        trip2 = self._run_trip(
            self._trip(
                start=date(2026, 4, 6),
                nights=5,
                purpose="construction",
                destination_class="prefecture",
            )
        )
        self.assertEqual(trip2.traveller_ids.allowance_amount, 400.0)

    def test_new_employee_five_nights_and_no_commission(self):
        self.emp_engineer.tsm_probation_end = date(2026, 5, 31)
        trip = self._run_trip(
            self._trip(nights=5, purpose="construction", destination_class="county")
        )
        traveller = trip.traveller_ids
        self.assertTrue(traveller.is_new_employee)
        self.assertTrue(traveller.no_commission)
        self.assertEqual(traveller.allowance_amount, 300.0)
        self.assertEqual(
            self._days(trip)[0].rule_id, self.env.ref("hr_tech_service.allowance_rule_new_county")
        )
        # A guidance trip of a new employee also pays 60 a night, not 120 a day.
        trip2 = self._run_trip(self._trip(start=date(2026, 4, 6), nights=5))
        self.assertEqual(trip2.traveller_ids.allowance_amount, 300.0)
        # After probation: a regular employee again.
        trip3 = self._run_trip(self._trip(start=date(2026, 6, 1), nights=5))
        self.assertFalse(trip3.traveller_ids.is_new_employee)
        self.assertEqual(trip3.traveller_ids.allowance_amount, 480.0)

    def test_duplicate_rule_refused(self):
        Rule = self.env["tsm.allowance.rule"].with_user(self.user_hr)
        with self.assertRaises(ValidationError):
            Rule.create(
                {
                    "name": "Another guidance rate",
                    "purpose": "guidance",
                    "destination_class": "out_of_province",
                    "employee_status": "regular",
                    "rate": 150,
                    "day_count": "nights",
                }
            )
        self.assertEqual(Rule.search_count([("purpose", "=", "guidance")]), 1)
