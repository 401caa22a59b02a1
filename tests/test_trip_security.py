from datetime import date

from odoo import Command
from odoo.exceptions import AccessError

from .trip_common import TripCommon


class TestTripSecurity(TripCommon):
    """Employees file and see their own trips and reports; department
    managers approve their department's; HR configures the rules and reads
    all; payroll sees settled amounts (issue item 8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager2 = cls._tsm_user(
            "tsm_manager2", "hr_tech_service.group_tsm_dept_manager", "Manager Sun"
        )
        Employee = cls.env["hr.employee"].with_company(cls.company)
        cls.emp_manager2 = Employee.create(
            {"name": "Manager Sun", "user_id": cls.user_manager2.id, "tz": "UTC"}
        )
        cls.department2 = cls.env["hr.department"].create(
            {"name": "Sales", "company_id": cls.company.id, "manager_id": cls.emp_manager2.id}
        )
        cls.trip = cls._trip_cls(cls.emp_engineer)
        cls.trip2 = cls._trip_cls(cls.emp_engineer2)

    @classmethod
    def _trip_cls(cls, employee):
        return cls.env["tsm.trip"].create(
            {"employee_id": employee.id, "leg_ids": cls._legs(date(2026, 3, 2), 5)}
        )

    def test_employee_sees_own_trips_only(self):
        Trip = self.Trip.with_user(self.user_engineer)
        self.assertEqual(Trip.search([]), self.trip)
        with self.assertRaises(AccessError):
            self.trip2.with_user(self.user_engineer).read(["name"])
        with self.assertRaises(AccessError):
            self.trip2.with_user(self.user_engineer).write({"description": "mine now"})
        with self.assertRaises(AccessError):
            self.trip2.traveller_ids.with_user(self.user_engineer).read(["allowance_amount"])
        # Cannot file a trip for a colleague alone.
        with self.assertRaises(AccessError):
            Trip.create(
                {
                    "employee_id": self.emp_engineer2.id,
                    "leg_ids": self._legs(date(2026, 4, 6), 2),
                }
            )

    def test_fellow_traveller_sees_the_trip(self):
        trip = self.Trip.with_user(self.user_engineer).create(
            {
                "employee_id": self.emp_engineer.id,
                "traveller_ids": [
                    Command.create({"employee_id": self.emp_engineer.id}),
                    Command.create({"employee_id": self.emp_leader.id}),
                ],
                "leg_ids": self._legs(date(2026, 5, 4), 2),
            }
        )
        self.assertIn(trip, self.Trip.with_user(self.user_leader).search([]))

    def test_leader_reads_area_trips(self):
        trip = self.trip.with_user(self.user_leader)
        self.assertEqual(trip.name, self.trip.name)
        with self.assertRaises(AccessError):
            trip.write({"description": "changed by the leader"})

    def test_manager_approves_own_department_only(self):
        self.trip.with_user(self.user_engineer).action_submit()
        self.assertTrue(self.trip.with_user(self.user_manager).can_approve)
        with self.assertRaises(AccessError):
            self.trip.with_user(self.user_manager2).action_approve()
        self.assertFalse(self.Trip.with_user(self.user_manager2).search([]))
        self.trip.with_user(self.user_manager).action_approve()
        self.assertEqual(self.trip.state, "approved")

    def test_nobody_approves_own_trip(self):
        trip = self.Trip.with_user(self.user_manager).create(
            {
                "employee_id": self.emp_manager.id,
                "leg_ids": self._legs(date(2026, 4, 6), 2),
            }
        )
        trip.with_user(self.user_manager).action_submit()
        self.assertFalse(trip.with_user(self.user_manager).can_approve)
        with self.assertRaises(AccessError):
            trip.with_user(self.user_manager).action_approve()
        trip.with_user(self.user_deputy).action_approve()
        self.assertEqual(trip.approved_by_id, self.user_deputy)

    def test_hr_reads_all_and_configures_rules(self):
        self.assertEqual(self.Trip.with_user(self.user_hr).search([]), self.trip | self.trip2)
        with self.assertRaises(AccessError):
            self.trip.with_user(self.user_hr).write({"description": "HR edit"})
        rule = self.env.ref("hr_tech_service.allowance_rule_guidance_out_of_province")
        with self.assertRaises(AccessError):
            rule.with_user(self.user_engineer).write({"rate": 500})
        with self.assertRaises(AccessError):
            rule.with_user(self.user_manager).write({"rate": 500})
        rule.with_user(self.user_hr).write({"rate": 150})
        self.assertEqual(rule.rate, 150)
        # The new rate applies to the next computation.
        self.trip.action_recompute_allowance()
        self.assertEqual(self.trip.allowance_amount, 600.0)

    def test_payroll_sees_settled_trips(self):
        Trip = self.Trip.with_user(self.user_payroll)
        self.assertFalse(Trip.search([]))
        self._run_trip(self.trip)
        self.assertEqual(Trip.search([]), self.trip)
        self.assertEqual(self.trip.with_user(self.user_payroll).allowance_amount, 480.0)
        self.assertEqual(self.env["tsm.trip.day"].with_user(self.user_payroll).search_count([]), 6)
        with self.assertRaises(AccessError):
            self.trip.with_user(self.user_payroll).write({"note": "paid"})

    def test_employee_cannot_write_allowance_working(self):
        day = self.trip.day_ids[:1].with_user(self.user_engineer)
        self.assertTrue(day.reason)
        with self.assertRaises(AccessError):
            day.write({"amount": 1000})

    def test_other_company_trips_invisible(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        employee = self.env["hr.employee"].create(
            {"name": "Other engineer", "company_id": other.id, "tz": "UTC"}
        )
        trip = (
            self.env["tsm.trip"]
            .with_company(other)
            .create(
                {
                    "employee_id": employee.id,
                    "company_id": other.id,
                    "leg_ids": self._legs(date(2026, 3, 2), 5),
                }
            )
        )
        self.assertEqual(trip.allowance_amount, 480.0, "shared rules apply to every company")
        self.assertNotIn(trip, self.Trip.with_user(self.user_deputy).search([]))
