from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError

from .trip_common import TripCommon


class TestTripAllowance(TripCommon):
    """The allowance rules with the numbers of the company's rules."""

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


class TestTripAllowanceRules(TripCommon):
    """How the rule table is read: most specific rule, company rules, time zones."""

    def test_regional_office_stay_rate_is_configurable(self):
        trip = self._trip(nights=5, office_stay=True)
        office = self.env.ref("hr_tech_service.allowance_rule_office")
        self.assertEqual(self._days(trip)[1].rule_id, office, "lodging beats purpose and class")
        self.assertEqual(trip.allowance_amount, 0.0, "the document leaves the rate open: 0")
        office.with_user(self.user_hr).rate = 30
        trip.action_recompute_allowance()
        self.assertEqual(trip.allowance_amount, 5 * 30.0, "nights at the office")

    def test_partly_provided_lodging_keeps_the_allowance(self):
        trip = self._trip(
            nights=5, purpose="construction", destination_class="county", client_lodging="partly"
        )
        self.assertEqual(trip.allowance_amount, 300.0)

    def test_no_rule_same_city_or_repair(self):
        trip = self._trip(nights=2, purpose="repair")
        self.assertEqual(trip.allowance_amount, 0.0)
        self.assertEqual(set(self._days(trip).mapped("reason")), {"no_rule"})
        # HR adds a rule: repairs out of province 50 a night.
        self.env["tsm.allowance.rule"].with_user(self.user_hr).create(
            {
                "name": "Repair out of province",
                "purpose": "repair",
                "destination_class": "out_of_province",
                "rate": 50,
                "day_count": "nights",
            }
        )
        trip.action_recompute_allowance()
        self.assertEqual(trip.allowance_amount, 100.0)

    def test_company_rule_overrides_shared_rule_only_when_more_specific(self):
        Rule = self.env["tsm.allowance.rule"].with_user(self.user_hr)
        with self.assertRaisesText(ValidationError, "apply to the same case"):
            Rule.create(
                {
                    "name": "Our guidance rate",
                    "company_id": self.company.id,
                    "purpose": "guidance",
                    "destination_class": "out_of_province",
                    "employee_status": "regular",
                    "rate": 150,
                    "day_count": "excl_travel_days",
                }
            )
        # Archiving the shared rule frees the case for a company rule.
        self.env.ref("hr_tech_service.allowance_rule_guidance_out_of_province").with_user(
            self.user_hr
        ).active = False
        Rule.create(
            {
                "name": "Our guidance rate",
                "company_id": self.company.id,
                "purpose": "guidance",
                "destination_class": "out_of_province",
                "employee_status": "regular",
                "rate": 150,
                "day_count": "excl_travel_days",
                "max_days": 7,
            }
        )
        self.assertEqual(self._trip(nights=5).allowance_amount, 4 * 150.0)

    def test_days_counted_in_the_trip_time_zone(self):
        # Leaves 8 March 20:00 UTC = 9 March 04:00 in Shanghai.
        self.emp_engineer.tz = "Asia/Shanghai"
        trip = self._trip(start=date(2026, 3, 8), nights=5)
        trip.leg_ids[0].write(
            {"departure": self._dt(date(2026, 3, 8), 20), "arrival": self._dt(date(2026, 3, 8), 23)}
        )
        self.assertEqual(trip.tz, "Asia/Shanghai")
        self.assertEqual((trip.date_from, trip.date_to), (date(2026, 3, 9), date(2026, 3, 14)))
        self.assertEqual(trip.allowance_amount, 480.0)

    def test_mixed_destinations_use_each_day_rule(self):
        """Out of province for two nights, then a county site in the home
        province: each day is paid by the rule of where the traveller is."""
        trip = self._trip(nights=5, purpose="construction", destination_class="prefecture")
        trip.write(
            {
                "leg_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "from_place": "Wuhan site",
                            "to_place": "Lu'an county site",
                            "city": "Jinzhai",
                            "destination_class": "county",
                            "departure": self._dt(date(2026, 3, 4), 9),
                            "arrival": self._dt(date(2026, 3, 4), 15),
                        }
                    )
                ]
            }
        )
        trip.leg_ids.filtered(lambda leg: leg.city == "Jinzhai").sequence = 1
        trip.leg_ids.filtered("is_return").sequence = 3
        days = self._days(trip)
        self.assertEqual(days.mapped("destination_class")[:5], ["prefecture"] * 2 + ["county"] * 3)
        self.assertEqual(trip.allowance_amount, 2 * 80.0 + 3 * 60.0)
        self.assertEqual(trip.traveller_ids.allowance_rate, 0.0, "no single rate")
