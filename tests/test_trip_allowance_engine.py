"""The allowance engine on its own: day lists and rule tables in, the working
out, with no database (tools/trip_allowance.py)."""

from datetime import date, timedelta

from odoo.tests import BaseCase

from ..tools.trip_allowance import Case, Day, Rule, RuleTable, work_out
from ..tools.trip_vocabulary import DAY_REASONS

COMPANY = 1
OTHER_COMPANY = 2
# The table as shipped (data/tsm_trip_allowance_rule_data.xml), in its order.
GUIDANCE = Rule(
    1, None, "guidance", "out_of_province", "regular", None, 120.0, "excl_travel_days", 7
)
COUNTY = Rule(2, None, "construction", "county", "regular", None, 60.0, "nights")
PREFECTURE = Rule(3, None, "construction", "prefecture", "regular", None, 80.0, "nights")
PREFECTURE_CLIENT = Rule(4, None, "construction", "prefecture", None, "client", 0.0, "nights")
NEW_EMPLOYEE = Rule(5, None, None, None, "new", None, 60.0, "nights")
OFFICE = Rule(6, None, None, None, None, "office", 0.0, "nights")
SHIPPED = (GUIDANCE, COUNTY, PREFECTURE, PREFECTURE_CLIENT, NEW_EMPLOYEE, OFFICE)


def days(start, count, destination_class="out_of_province"):
    return [Day(start + timedelta(days=n), destination_class) for n in range(count)]


def case(purpose="guidance", status="regular", lodging="own", **window):
    return Case(COMPANY, purpose, status, lodging, **window)


class TestAllowanceEngine(BaseCase):
    start = date(2026, 3, 2)

    def work(self, day_list, rules=SHIPPED, **case_values):
        return work_out(day_list, RuleTable(rules), case(**case_values))

    def test_guidance_out_of_province_not_counting_travel_days(self):
        working = self.work(days(self.start, 6))
        self.assertEqual(
            [day.reason for day in working],
            ["departure_day", "day_away", "day_away", "day_away", "day_away", "return_day"],
        )
        self.assertEqual(sum(day.amount for day in working), 4 * 120.0)
        self.assertEqual({day.rule for day in working}, {GUIDANCE}, "the rule shows on every day")

    def test_guidance_capped_at_seven_days(self):
        working = self.work(days(self.start, 10))
        self.assertEqual(sum(day.counted for day in working), 7)
        self.assertEqual(
            [day.date for day in working if day.reason == "cap_reached"], [date(2026, 3, 10)]
        )
        self.assertEqual(working[-1].reason, "return_day", "the return day is not a capped day")

    def test_construction_pays_nights_away(self):
        working = self.work(days(self.start, 6, "county"), purpose="construction")
        self.assertEqual([day.reason for day in working], ["night_away"] * 5 + ["return_day"])
        self.assertEqual(sum(day.amount for day in working), 5 * 60.0)
        working = self.work(days(self.start, 6, "prefecture"), purpose="construction")
        self.assertEqual(sum(day.amount for day in working), 5 * 80.0)

    def test_calendar_days_pay_departure_and_return(self):
        rule = Rule(9, None, "repair", None, None, None, 50.0, "calendar_days")
        working = self.work(days(self.start, 3), rules=(rule,), purpose="repair")
        self.assertEqual([day.reason for day in working], ["day_away"] * 3)
        self.assertEqual(sum(day.amount for day in working), 150.0)

    def test_client_lodging_rule_pays_nothing(self):
        working = self.work(
            days(self.start, 6, "prefecture"), purpose="construction", lodging="client"
        )
        self.assertEqual({day.rule for day in working}, {PREFECTURE_CLIENT})
        self.assertEqual([day.reason for day in working], ["zero_rate"] * 5 + ["return_day"])
        self.assertFalse(any(day.counted for day in working))
        # "Partly" names no rule: the regular rate stays.
        working = self.work(
            days(self.start, 6, "prefecture"), purpose="construction", lodging="client_partial"
        )
        self.assertEqual(sum(day.amount for day in working), 5 * 80.0)

    def test_new_employee_rule_beats_the_purpose(self):
        working = self.work(days(self.start, 6), status="new")
        self.assertEqual({day.rule for day in working}, {NEW_EMPLOYEE})
        self.assertEqual(sum(day.amount for day in working), 5 * 60.0)

    def test_lodging_beats_status_purpose_and_class(self):
        working = self.work(days(self.start, 6), status="new", lodging="office")
        self.assertEqual({day.rule for day in working}, {OFFICE})

    def test_no_rule(self):
        working = self.work(days(self.start, 3, "same_city"))
        self.assertEqual([day.reason for day in working], ["no_rule"] * 3)
        self.assertEqual({day.rule for day in working}, {None})
        working = self.work(days(self.start, 3), purpose="repair")
        self.assertEqual({day.reason for day in working}, {"no_rule"})

    def test_each_day_by_the_rule_of_where_the_traveller_is(self):
        day_list = days(self.start, 2, "prefecture") + days(self.start + timedelta(2), 4, "county")
        working = self.work(day_list, purpose="construction")
        self.assertEqual([day.rule for day in working], [PREFECTURE] * 2 + [COUNTY] * 4)
        self.assertEqual(sum(day.amount for day in working), 2 * 80.0 + 3 * 60.0)

    def test_days_beyond_the_itinerary_are_not_paid(self):
        """Back three days after the itinerary without an extension: the
        window ends on the itinerary's last day, which is the return day."""
        working = self.work(days(self.start, 9), allowed_to=self.start + timedelta(5))
        self.assertEqual(
            [day.reason for day in working],
            ["departure_day"] + ["day_away"] * 4 + ["return_day"] + ["beyond_itinerary"] * 3,
        )
        self.assertEqual(sum(day.amount for day in working), 4 * 120.0)

    def test_days_before_the_itinerary_are_not_paid(self):
        working = self.work(days(self.start, 6), allowed_from=self.start + timedelta(1))
        self.assertEqual(
            [day.reason for day in working],
            ["before_itinerary", "departure_day", "day_away", "day_away", "day_away", "return_day"],
        )

    def test_one_day_trip(self):
        self.assertEqual([day.reason for day in self.work(days(self.start, 1))], ["departure_day"])
        working = self.work(days(self.start, 1, "county"), purpose="construction")
        self.assertEqual([day.reason for day in working], ["return_day"])
        self.assertEqual(self.work([]), [])

    def test_company_rules(self):
        ours = Rule(10, COMPANY, "guidance", "out_of_province", "regular", None, 150.0, "nights")
        theirs = Rule(11, OTHER_COMPANY, "guidance", None, None, None, 99.0, "nights")
        # Same conditions: the company's own rule beats the shared one.
        working = self.work(days(self.start, 3), rules=(GUIDANCE, ours))
        self.assertEqual({day.rule for day in working}, {ours})
        # Another company's rule never applies, however specific.
        working = self.work(days(self.start, 3), rules=(theirs,))
        self.assertEqual({day.rule for day in working}, {None})
        # A company rule less specific than the shared one does not win.
        broad = Rule(12, COMPANY, "guidance", None, None, None, 10.0, "nights")
        working = self.work(days(self.start, 3), rules=(broad, GUIDANCE))
        self.assertEqual({day.rule for day in working}, {GUIDANCE})

    def test_status_beats_purpose_beats_destination_class(self):
        by_purpose = Rule(20, None, "guidance", None, None, None, 10.0, "nights")
        by_status = Rule(21, None, None, None, "regular", None, 20.0, "nights")
        by_class = Rule(22, None, None, "out_of_province", None, None, 30.0, "nights")
        the_case = (COMPANY, "guidance", "out_of_province", "regular", "own")
        self.assertIs(RuleTable((by_class, by_purpose, by_status)).match(*the_case), by_status)
        self.assertIs(RuleTable((by_class, by_purpose)).match(*the_case), by_purpose)
        self.assertIs(RuleTable((by_class,)).match(*the_case), by_class)

    def test_equally_specific_rules_keep_the_table_order(self):
        """Two rules for the same case (the model refuses that for active
        rules): the first of the table applies."""
        first = Rule(25, None, "guidance", None, None, None, 10.0, "nights")
        second = first._replace(id=26, rate=20.0)
        the_case = (COMPANY, "guidance", "county", "regular", "own")
        self.assertIs(RuleTable((first, second)).match(*the_case), first)
        self.assertIs(RuleTable((second, first)).match(*the_case), second)

    def test_the_cap_counts_per_rule(self):
        """Two rules with a cap each: each counts its own paid days."""
        capped_out = Rule(
            30, None, "guidance", "out_of_province", None, None, 100.0, "calendar_days", 2
        )
        capped_county = Rule(31, None, "guidance", "county", None, None, 50.0, "calendar_days", 2)
        day_list = days(self.start, 3) + days(self.start + timedelta(3), 3, "county")
        working = self.work(day_list, rules=(capped_out, capped_county))
        self.assertEqual(
            [day.reason for day in working],
            ["day_away", "day_away", "cap_reached"] * 2,
        )
        self.assertEqual(sum(day.amount for day in working), 2 * 100.0 + 2 * 50.0)

    def test_every_reason_is_in_the_vocabulary(self):
        reasons = {code for code, _label in DAY_REASONS}
        rules = (*SHIPPED, Rule(40, None, "repair", None, None, None, 5.0, "calendar_days", 1))
        seen = set()
        for purpose, lodging, destination in (
            ("guidance", "own", "out_of_province"),
            ("construction", "own", "county"),
            ("construction", "client", "prefecture"),
            ("repair", "own", "county"),
            ("other", "own", "county"),
        ):
            working = self.work(
                days(self.start, 12, destination),
                rules=rules,
                purpose=purpose,
                lodging=lodging,
                allowed_from=self.start + timedelta(1),
                allowed_to=self.start + timedelta(10),
            )
            seen |= {day.reason for day in working}
        self.assertEqual(seen, reasons)
