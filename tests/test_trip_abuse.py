"""Business trips as a hostile employee would try them, over XML-RPC with
their own login: forged context keys, locked and computed fields, records
created already decided, lines moved to another parent, actions of another
role, acting on one's own trip, and reports of a colleague."""

import xmlrpc.client
from datetime import date, timedelta
from functools import partial

from odoo import fields
from odoo.tests import tagged

from .common import RPC_USER_ERROR, TsmRpcCommon
from .trip_common import TripSetup

# The security model of business trips: (role, action, scope, allowed).
# Scopes: own (a trip the user travels on), colleague (another engineer's
# trip), area (an engineer of the leader's area), department (an engineer of
# the manager's department), manager (a trip of the department manager: the
# manager above approves it), other department (a salesman's trip), all.
MATRIX = [
    ("engineer", "read trip", "own", True),
    ("engineer", "read trip", "colleague", False),
    ("leader", "read trip", "area", True),
    ("leader", "edit request", "area", False),
    ("engineer", "edit request", "own", True),
    ("engineer", "submit", "own", True),
    ("engineer", "approve", "own", False),
    ("manager", "approve", "department", True),
    ("manager", "approve", "own", False),
    ("manager", "approve", "other department", False),
    ("deputy", "approve", "manager", True),
    ("engineer", "pre-approve flight", "own", False),
    ("manager", "pre-approve flight", "department", True),
    ("engineer", "accept cost", "own", False),
    ("manager", "accept cost", "department", True),
    ("manager", "grant discretionary amount", "department", True),
    ("engineer", "request extension", "own", True),
    ("engineer", "approve extension", "own", False),
    ("manager", "approve extension", "department", True),
    ("engineer", "write daily report", "own", True),
    ("manager", "review daily report", "department", True),
    ("engineer", "decide absence flag", "own", False),
    ("manager", "decide absence flag", "department", True),
    ("hr", "decide absence flag", "all", True),
    ("engineer", "settle", "own", False),
    ("manager", "settle", "department", True),
    ("hr", "settle", "all", True),
    ("hr", "generate trip pay lines", "all", False),
    ("payroll", "generate trip pay lines", "all", True),
    ("engineer", "print dispatch form", "own", True),
    ("engineer", "print dispatch form", "colleague", False),
    ("engineer", "configure allowance rules", "all", False),
    ("hr", "configure allowance rules", "all", True),
]


@tagged("post_install", "-at_install")
class TestTripAbuse(TripSetup, TsmRpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._tsm_trip_setup()
        cls.user_manager2 = cls._tsm_user(
            "tsm_manager2", "hr_tech_service.group_tsm_dept_manager", "Manager Sun"
        )
        Employee = cls.env["hr.employee"].with_company(cls.company)
        cls.emp_manager2 = Employee.create(
            {"name": "Manager Sun", "user_id": cls.user_manager2.id, "tz": "UTC"}
        )
        cls.sales = cls.env["hr.department"].create(
            {"name": "Sales", "company_id": cls.company.id, "manager_id": cls.emp_manager2.id}
        )
        cls.emp_manager2.department_id = cls.sales
        cls.user_seller = cls._tsm_user(
            "tsm_seller", "hr_tech_service.group_tsm_employee", "Seller Wu"
        )
        cls.emp_seller = Employee.create(
            {
                "name": "Seller Wu",
                "user_id": cls.user_seller.id,
                "department_id": cls.sales.id,
                "parent_id": cls.emp_manager2.id,
                "tz": "UTC",
            }
        )
        cls.company.tsm_trip_alert_user_id = cls.user_hr

    def setUp(self):
        super().setUp()
        self._start = date(2024, 1, 1)

    # ------------------------------------------------------------------
    # Fixtures, made as superuser
    # ------------------------------------------------------------------
    def _next_start(self):
        """A fresh fortnight for each trip, so that no two trips overlap."""
        self._start += timedelta(days=14)
        return self._start

    def _draft(self, **kw):
        kw.setdefault("start", self._next_start())
        return self._trip(**kw)

    def _submitted(self, **kw):
        trip = self._draft(**kw)
        trip.action_submit()
        return trip

    def _approved(self, **kw):
        trip = self._submitted(**kw)
        trip.action_approve()
        return trip

    def _under_way(self, **kw):
        trip = self._approved(**kw)
        trip.action_start()
        return trip

    def _returned(self, **kw):
        trip = self._under_way(**kw)
        trip.write({"actual_return": trip.planned_return})
        trip.action_return()
        return trip

    def _expense(self, trip, employee=None, **vals):
        employee = employee or trip.traveller_ids.employee_id[:1]
        traveller = trip.traveller_ids.filtered(lambda t: t.employee_id == employee)
        return self.env["tsm.trip.expense"].create(
            {
                "trip_id": trip.id,
                "traveller_id": traveller.id,
                "date": trip.date_from,
                "kind": "lodging",
                "name": "Hotel",
                "amount": 300.0,
                **vals,
            }
        )

    def _flag(self, trip, employee, day=None, kind="missing_report"):
        return self.env["tsm.trip.flag"].create(
            {
                "trip_id": trip.id,
                "employee_id": employee.id,
                "date": day or trip.date_from,
                "kind": kind,
                **(
                    {
                        "unreachable_from": fields.Datetime.to_datetime(day or trip.date_from),
                        "unreachable_to": fields.Datetime.to_datetime(day or trip.date_from)
                        + timedelta(hours=20),
                    }
                    if kind == "unreachable"
                    else {}
                ),
            }
        )

    # ------------------------------------------------------------------
    # Forged context keys
    # ------------------------------------------------------------------
    def test_forged_context_extension_approves_own_extension(self):
        trip = self._under_way()
        extension = self.env["tsm.trip.extension"].create(
            {
                "trip_id": trip.id,
                "requested_return": trip.planned_return + timedelta(days=3),
                "reason": "More work",
            }
        )
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.extension",
            "write",
            extension.ids,
            {"state": "approved", "decided_by_id": self.user_manager.id},
            context={"tsm_extension_action": True},
            text="it is set by its buttons",
            unchanged=[extension, trip],
        )
        self.assertEqual(trip.days_beyond_itinerary, 0)
        self.assertEqual(extension.state, "submitted")

    def test_forged_context_expense_accepts_own_cost(self):
        trip = self._under_way()
        expense = self._expense(trip)
        self.assertEqual(expense.reimburse_status, "not_approved")
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.expense",
            "write",
            expense.ids,
            {"manager_approved": True, "manager_approved_by_id": self.user_manager.id},
            context={"tsm_expense_action": True},
            text="it is set by its buttons",
            unchanged=[expense, trip.traveller_ids],
        )

    def test_forged_context_leg_preapproves_own_flight(self):
        trip = self._submitted(leg_vals={"transport_mode": "flight"})
        leg = trip.leg_ids[0]
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.leg",
            "write",
            leg.ids,
            {"preapproved": True, "preapproved_by_id": self.user_manager.id},
            context={"tsm_leg_reset": True},
            text="it is set by its buttons",
            unchanged=leg,
        )

    def test_forged_context_skip_absence_check_still_alerts_hr(self):
        """A manager recording the seventh day in a row of a traveller being
        unreachable cannot keep HR from being alerted."""
        trip = self._under_way(nights=10)
        for offset in range(6):
            self._flag(trip, self.emp_engineer, trip.date_from + timedelta(days=offset))
        self.assertFalse(trip.traveller_ids.absence_alert_date)
        seventh = fields.Datetime.to_datetime(trip.date_from + timedelta(days=6))
        self.rpc(
            self.user_manager,
            "tsm.trip.flag",
            "create",
            {
                "trip_id": trip.id,
                "employee_id": self.emp_engineer.id,
                "kind": "unreachable",
                "unreachable_from": fields.Datetime.to_string(seventh),
                "unreachable_to": fields.Datetime.to_string(seventh + timedelta(hours=20)),
            },
            context={"tsm_skip_absence_check": True},
        )
        self.assertTrue(trip.traveller_ids.absence_alert_date, "HR was alerted")
        absence = self.env.ref("hr_tech_service.mail_activity_type_trip_absence")
        self.assertEqual(
            trip.activity_ids.filtered(lambda a: a.activity_type_id == absence).user_id,
            self.user_hr,
        )

    def test_forged_context_skip_allowance_still_recomputes(self):
        trip = self._draft()
        self.assertEqual(trip.allowance_amount, 480.0)
        self.rpc(
            self.user_engineer,
            "tsm.trip.leg",
            "write",
            trip.leg_ids[:1].ids,
            {"destination_class": "same_city"},
            context={"tsm_skip_allowance": True},
        )
        self.assertEqual(trip.allowance_amount, 0.0, "the estimate follows the itinerary")

    # ------------------------------------------------------------------
    # Locked and computed fields
    # ------------------------------------------------------------------
    def test_traveller_amounts_are_computed(self):
        trip = self._returned()
        traveller = trip.traveller_ids
        for name, value in (
            ("allowance_amount", 9999.0),
            ("reimbursable_amount", 9999.0),
            ("allowance_days", 30),
            ("approved_by_id", self.user_manager.id),
            ("is_new_employee", True),
        ):
            with self.subTest(field=name):
                self.assertRpcRefused(
                    self.user_engineer,
                    "tsm.trip.traveller",
                    "write",
                    traveller.ids,
                    {name: value},
                    text="it is set by its buttons",
                    unchanged=[traveller, trip],
                )

    def test_expense_reimbursement_is_computed(self):
        trip = self._under_way()
        expense = self._expense(trip)
        for name, value in (("reimburse_status", "ok"), ("reimbursed_amount", 300.0)):
            with self.subTest(field=name):
                self.assertRpcRefused(
                    self.user_engineer,
                    "tsm.trip.expense",
                    "write",
                    expense.ids,
                    {name: value},
                    text="it is set by its buttons",
                    unchanged=[expense, trip.traveller_ids],
                )

    def test_trip_dates_feeding_the_allowance_are_locked(self):
        trip = self._approved()
        for name, value in (
            ("date_to", "2030-01-01"),
            ("allowed_date_to", "2030-01-01"),
            ("days_beyond_itinerary", 3),
            ("planned_return", "2030-01-01 18:00:00"),
        ):
            with self.subTest(field=name):
                self.assertRpcRefused(
                    self.user_engineer,
                    "tsm.trip",
                    "write",
                    trip.ids,
                    {name: value},
                    text="it is set by its buttons",
                    unchanged=[trip, trip.day_ids],
                )
        # The itinerary of an approved trip is frozen: an extension moves the return.
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.leg",
            "write",
            trip.leg_ids[-1:].ids,
            {"arrival": fields.Datetime.to_string(trip.planned_return + timedelta(days=5))},
            fault=RPC_USER_ERROR,
            text="cannot be changed while it is Approved",
            unchanged=[trip, trip.leg_ids, trip.day_ids],
        )

    def test_time_zone_of_the_days_is_not_typed(self):
        """Counting the days in a time zone 14 hours ahead would add a day."""
        trip = self._draft()
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip",
            "write",
            trip.ids,
            {"tz": "Pacific/Kiritimati"},
            text="it is set by its buttons",
            unchanged=[trip, trip.day_ids],
        )

    def test_requester_cannot_choose_the_approving_department(self):
        trip = self._draft()
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip",
            "write",
            trip.ids,
            {"department_id": self.sales.id},
            text="it is set by its buttons",
            unchanged=trip,
        )
        self.rpc(self.user_engineer, "tsm.trip", "action_submit", trip.ids)
        self.assertRpcRefused(
            self.user_manager2,
            "tsm.trip",
            "action_approve",
            trip.ids,
            unchanged=[trip, trip.traveller_ids],
        )

    def test_each_traveller_approved_by_their_own_manager(self):
        """An engineer takes a salesman along: the engineering manager cannot
        approve the salesman's part; the trip waits for the sales manager."""
        trip = self._submitted(travellers=self.emp_engineer | self.emp_seller)
        engineer = trip.traveller_ids.filtered(lambda t: t.employee_id == self.emp_engineer)
        seller = trip.traveller_ids - engineer
        self.rpc(self.user_manager, "tsm.trip", "action_approve", trip.ids)
        self.assertEqual(trip.state, "submitted")
        self.assertEqual(
            (engineer.approver_id, seller.approver_id), (self.user_manager, self.user_manager2)
        )
        self.assertEqual(
            (engineer.approved_by_id, seller.approved_by_id),
            (self.user_manager, self.env["res.users"]),
        )
        self.assertRpcRefused(
            self.user_manager,
            "tsm.trip",
            "action_approve",
            trip.ids,
            fault=RPC_USER_ERROR,
            text="Manager Sun",
            unchanged=[trip, trip.traveller_ids],
        )
        self.rpc(self.user_manager2, "tsm.trip", "action_approve", trip.ids)
        self.assertEqual((trip.state, trip.approved_by_id), ("approved", self.user_manager2))

    def test_daily_report_day_and_review_are_locked(self):
        trip = self._under_way()
        report = self.env["tsm.trip.report"].create(
            {
                "trip_id": trip.id,
                "employee_id": self.emp_engineer.id,
                "date": trip.date_from,
                "place": "Wuhan",
                "work_done": "Installed pump",
            }
        )
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.report",
            "write",
            report.ids,
            {"date": fields.Date.to_string(trip.date_from + timedelta(days=1))},
            text="it is set by its buttons",
            unchanged=report,
        )
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.report",
            "write",
            report.ids,
            {"reviewed_by_id": self.user_manager.id},
            text="it is set by its buttons",
            unchanged=report,
        )
        self.rpc(self.user_manager, "tsm.trip.report", "action_review", report.ids)
        self.assertEqual(report.reviewed_by_id, self.user_manager)
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.report",
            "write",
            report.ids,
            {"work_done": "Installed two pumps"},
            fault=RPC_USER_ERROR,
            text="cannot be changed while it is Reviewed",
            unchanged=report,
        )

    # ------------------------------------------------------------------
    # Records created already in a later state
    # ------------------------------------------------------------------
    def test_create_in_a_later_state(self):
        start = self._next_start()
        legs = [
            (
                0,
                0,
                {
                    k: fields.Datetime.to_string(v) if k in ("departure", "arrival") else v
                    for k, v in command[2].items()
                },
            )
            for command in self._legs(start, 3)
        ]
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip",
            "create",
            {
                "employee_id": self.emp_engineer.id,
                "state": "approved",
                "approved_by_id": self.user_manager.id,
                "leg_ids": legs,
            },
            text="cannot be created with",
        )
        self.assertFalse(self.Trip.search([("employee_id", "=", self.emp_engineer.id)]))
        trip = self._under_way()
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.extension",
            "create",
            {
                "trip_id": trip.id,
                "requested_return": fields.Datetime.to_string(
                    trip.planned_return + timedelta(days=4)
                ),
                "reason": "Approved by phone",
                "state": "approved",
            },
            text="cannot be created with",
            unchanged=trip,
        )
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.expense",
            "create",
            {
                "trip_id": trip.id,
                "traveller_id": trip.traveller_ids.id,
                "date": fields.Date.to_string(trip.date_from),
                "kind": "lodging",
                "name": "Hotel",
                "amount": 800.0,
                "manager_approved": True,
            },
            text="cannot be created with",
            unchanged=trip.traveller_ids,
        )
        self.assertFalse(trip.extension_ids)
        self.assertFalse(trip.expense_ids)
        draft = self._draft()
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.leg",
            "create",
            {
                "trip_id": draft.id,
                "from_place": "Wuhan site",
                "to_place": "Xiangyang",
                "destination_class": "out_of_province",
                "departure": fields.Datetime.to_string(
                    self._dt(draft.date_from + timedelta(days=1), 8)
                ),
                "arrival": fields.Datetime.to_string(
                    self._dt(draft.date_from + timedelta(days=1), 10)
                ),
                "transport_mode": "taxi",
                "preapproved": True,
                "sequence": 1,
            },
            text="cannot be created with",
            unchanged=draft.leg_ids,
        )

    # ------------------------------------------------------------------
    # Lines moved to another parent
    # ------------------------------------------------------------------
    def test_reparenting_lines(self):
        trip = self._under_way(travellers=self.emp_engineer | self.emp_engineer2)
        mine = trip.traveller_ids.filtered(lambda t: t.employee_id == self.emp_engineer)
        other = trip.traveller_ids - mine
        expense = self._expense(trip, self.emp_engineer)
        # Paid by the colleague instead: reimbursed to them.
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.expense",
            "write",
            expense.ids,
            {"traveller_id": other.id},
            text="it is set by its buttons",
            unchanged=[expense, trip.traveller_ids],
        )
        draft = self._draft()
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.leg",
            "write",
            trip.leg_ids[:1].ids,
            {"trip_id": draft.id},
            text="it is set by its buttons",
            unchanged=[trip.leg_ids, draft.leg_ids],
        )

    def test_joining_a_colleague_trip(self):
        """Listing oneself on a colleague's draft trip does not make it one's own."""
        trip = self._draft(employee=self.emp_engineer2)
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.trip.traveller",
            "create",
            {"trip_id": trip.id, "employee_id": self.emp_engineer.id},
            unchanged=trip,
        )
        self.assertEqual(trip.traveller_ids.employee_id, self.emp_engineer2)

    # ------------------------------------------------------------------
    # Actions of another role
    # ------------------------------------------------------------------
    def test_engineer_calls_the_manager_buttons(self):
        trip = self._submitted(leg_vals={"transport_mode": "flight"})
        for model, method, records in (
            ("tsm.trip", "action_approve", trip),
            ("tsm.trip", "action_refuse_wizard", trip),
            ("tsm.trip.leg", "action_preapprove", trip.leg_ids[0]),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    self.user_engineer,
                    model,
                    method,
                    records.ids,
                    text="Only Department Manager",
                    unchanged=[trip, trip.leg_ids, trip.traveller_ids],
                )
        wizard = self.env["tsm.trip.refuse"].create({"trip_ids": trip.ids, "reason": "No"})
        self.assertRpcRefused(
            self.user_engineer, "tsm.trip.refuse", "action_refuse", wizard.ids, unchanged=trip
        )

    def test_payroll_run_only_by_payroll(self):
        trip = self._returned()
        trip.action_settle()
        self.env["tsm.pay.line"].search([("res_model", "=", "tsm.trip")]).unlink()
        period = self.env["tsm.pay.period"]._tsm_get_period(self.company, trip.date_to)
        for user in (self.user_hr, self.user_manager):
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    user,
                    "tsm.pay.period",
                    "action_tsm_generate_trip_lines",
                    period.ids,
                    text="Only Payroll Officer may generate trip pay lines",
                )
        self.assertFalse(trip.pay_line_count)
        self.rpc(self.user_payroll, "tsm.pay.period", "action_tsm_generate_trip_lines", period.ids)
        self.assertEqual(trip.pay_line_count, 1)

    # ------------------------------------------------------------------
    # Acting on one's own trip
    # ------------------------------------------------------------------
    def test_general_manager_approves_own_trip(self):
        """Nobody is above the GM: general management approves the trip, but
        not the GM who travels on it."""
        trip = self._submitted(employee=self.emp_gm)
        self.assertRpcRefused(
            self.user_gm,
            "tsm.trip",
            "action_approve",
            trip.ids,
            fault=RPC_USER_ERROR,
            text="someone else must approve it",
            unchanged=[trip, trip.traveller_ids],
        )
        self.assertFalse(trip.traveller_ids.approver_id, "general management approves")
        self.rpc(self.user_deputy, "tsm.trip", "action_approve", trip.ids)
        self.assertEqual(trip.state, "approved")

    def test_general_manager_on_own_trip_grants_and_accepts_nothing(self):
        trip = self._under_way(employee=self.emp_gm)
        traveller = trip.traveller_ids
        self.assertRpcRefused(
            self.user_gm,
            "tsm.trip.traveller",
            "write",
            traveller.ids,
            {"discretionary_amount": 500.0},
            unchanged=traveller,
        )
        expense = self._expense(trip)
        self.assertRpcRefused(
            self.user_gm,
            "tsm.trip.expense",
            "action_approve_cost",
            expense.ids,
            fault=RPC_USER_ERROR,
            text="someone else must accept costs on it",
            unchanged=expense,
        )
        extension = self.env["tsm.trip.extension"].create(
            {
                "trip_id": trip.id,
                "requested_return": trip.planned_return + timedelta(days=2),
                "reason": "Golf",
            }
        )
        self.assertRpcRefused(
            self.user_gm,
            "tsm.trip.extension",
            "action_approve",
            extension.ids,
            fault=RPC_USER_ERROR,
            text="someone else must decide on extensions of it",
            unchanged=[extension, trip],
        )
        flag = self._flag(trip, self.emp_gm)
        self.assertRpcRefused(
            self.user_gm,
            "tsm.trip.flag",
            "action_excuse",
            flag.ids,
            fault=RPC_USER_ERROR,
            text="someone else must decide on absence flags of it",
            unchanged=flag,
        )

    def test_travelling_manager_and_own_absence_flags(self):
        """The department manager travels with an engineer: the manager above
        (the deputy) approves both and decides both travellers' flags; the
        manager neither approves, deletes, corrects nor excuses any of them."""
        trip = self._submitted(
            employee=self.emp_manager, travellers=self.emp_manager | self.emp_engineer
        )
        trip.with_user(self.user_deputy).action_approve()
        trip.action_start()
        own = self._flag(trip, self.emp_manager)
        recorded = self._flag(trip, self.emp_manager, kind="unreachable")
        engineers = self._flag(trip, self.emp_engineer)
        for method in ("action_excuse", "action_confirm"):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    self.user_manager,
                    "tsm.trip.flag",
                    method,
                    own.ids,
                    fault=RPC_USER_ERROR,
                    text="someone else must decide on absence flags of it",
                    unchanged=own,
                )
        for flag in own | recorded:
            with self.subTest(flag=flag.kind):
                self.assertRpcRefused(self.user_manager, "tsm.trip.flag", "unlink", flag.ids)
        self.assertEqual((own | recorded).exists(), own | recorded)
        self.assertRpcRefused(
            self.user_manager,
            "tsm.trip.flag",
            "write",
            recorded.ids,
            {"note": "I was in a meeting"},
            unchanged=recorded,
        )
        self.assertRpcRefused(
            self.user_manager,
            "tsm.trip.flag",
            "action_excuse",
            engineers.ids,
            unchanged=engineers,
        )
        self.rpc(self.user_deputy, "tsm.trip.flag", "action_excuse", (own | engineers).ids)
        self.assertEqual(set((own | engineers).mapped("state")), {"excused"})
        self.assertEqual(set(trip.traveller_ids.approver_id), {self.user_deputy})
        draft = self._submitted(employee=self.emp_manager)
        self.assertRpcRefused(
            self.user_manager,
            "tsm.trip",
            "action_approve",
            draft.ids,
            text="Only the manager approving the travellers",
            unchanged=[draft, draft.traveller_ids],
        )

    def test_hr_officer_decides_flags_but_not_own(self):
        hr_officer = self._tsm_user(
            "tsm_hr_officer", "hr_tech_service.group_tsm_hr_officer", "HR Ma"
        )
        employee = self.env["hr.employee"].create(
            {
                "name": "HR Ma",
                "user_id": hr_officer.id,
                "department_id": self.department.id,
                "parent_id": self.emp_manager.id,
                "tz": "UTC",
            }
        )
        trip = self._under_way(employee=employee)
        flag = self._flag(trip, employee)
        self.assertRpcRefused(
            hr_officer,
            "tsm.trip.flag",
            "action_excuse",
            flag.ids,
            fault=RPC_USER_ERROR,
            text="someone else must decide on absence flags of it",
            unchanged=flag,
        )
        colleague = self._flag(self._under_way(), self.emp_engineer)
        self.rpc(hr_officer, "tsm.trip.flag", "action_confirm", colleague.ids)
        self.assertEqual(colleague.state, "confirmed")

    # ------------------------------------------------------------------
    # Reports of a colleague
    # ------------------------------------------------------------------
    def test_colleague_trip_reports_not_printed(self):
        trip = self._returned()
        trip.action_settle()
        self.authenticate("tsm_engineer2", "tsm_engineer2")
        for report in ("report_trip_dispatch", "report_trip_settlement"):
            with self.subTest(report=report):
                response = self.url_open(f"/report/pdf/hr_tech_service.{report}/{trip.id}")
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(trip.name, response.text)
        self.authenticate("tsm_engineer", "tsm_engineer")
        response = self.url_open(f"/report/pdf/hr_tech_service.report_trip_settlement/{trip.id}")
        self.assertEqual(response.status_code, 200)

    # ------------------------------------------------------------------
    # In the user's language
    # ------------------------------------------------------------------
    def test_refusal_in_chinese(self):
        trip = self._under_way()
        expense = self._expense(trip)
        # Over the external API the language is the one of the request's
        # context, as a client sends it (the user's own in the web client).
        self.user_deputy.lang = "zh_CN"
        self.assertRpcRefused(
            self.user_deputy,
            "tsm.trip.expense",
            "action_approve_cost",
            expense.ids,
            context={"lang": self.user_deputy.lang},
            text="才能接受其垫付的费用",
            unchanged=expense,
        )

    # ------------------------------------------------------------------
    # The security model
    # ------------------------------------------------------------------
    def test_security_matrix(self):
        users = {
            "engineer": self.user_engineer,
            "leader": self.user_leader,
            "manager": self.user_manager,
            "deputy": self.user_deputy,
            "hr": self.user_hr,
            "payroll": self.user_payroll,
        }
        for role, action, scope, allowed in MATRIX:
            with self.subTest(role=role, action=action, scope=scope):
                user = users[role]
                method = getattr(self, "_matrix_" + action.replace(" ", "_").replace("-", "_"))
                call = method(user, partial(self._matrix_trip, scope=scope, user=user))
                if allowed:
                    call()
                    continue
                try:
                    call()
                except (xmlrpc.client.Fault, AssertionError):
                    continue
                self.fail(f"{role} may {action} ({scope}): refused in the security model")

    def _matrix_trip(self, state, scope, user, **kw):
        """A trip of ``scope`` for ``user`` in ``state``, made as superuser."""
        employee = {
            "own": user.employee_ids[:1],
            "colleague": self.emp_engineer2,
            "area": self.emp_engineer,
            "department": self.emp_engineer,
            "manager": self.emp_manager,
            "other department": self.emp_seller,
            "all": self.emp_engineer,
        }[scope]
        maker = {
            "draft": self._draft,
            "submitted": self._submitted,
            "in_progress": self._under_way,
            "returned": self._returned,
        }[state]
        return maker(employee=employee, **kw)

    # Each _matrix_<action>(user, trip) prepares its record with trip(state)
    # and returns the call to make over XML-RPC as ``user``; the call raises
    # (a Fault, or a failed check) when refused.
    def _matrix_read_trip(self, user, trip):
        record = trip("submitted")
        return lambda: self.rpc(user, "tsm.trip", "read", record.ids, ["name", "allowance_amount"])

    def _matrix_edit_request(self, user, trip):
        record = trip("draft")
        return lambda: self.rpc(user, "tsm.trip", "write", record.ids, {"description": "Edited"})

    def _matrix_submit(self, user, trip):
        record = trip("draft")
        return lambda: self.rpc(user, "tsm.trip", "action_submit", record.ids)

    def _matrix_approve(self, user, trip):
        record = trip("submitted")
        return lambda: self.rpc(user, "tsm.trip", "action_approve", record.ids)

    def _matrix_pre_approve_flight(self, user, trip):
        record = trip("submitted", leg_vals={"transport_mode": "flight"})
        return lambda: self.rpc(user, "tsm.trip.leg", "action_preapprove", record.leg_ids[:1].ids)

    def _matrix_accept_cost(self, user, trip):
        expense = self._expense(trip("in_progress"))
        return lambda: self.rpc(user, "tsm.trip.expense", "action_approve_cost", expense.ids)

    def _matrix_grant_discretionary_amount(self, user, trip):
        record = trip("submitted")
        return lambda: self.rpc(
            user,
            "tsm.trip.traveller",
            "write",
            record.traveller_ids.ids,
            {"discretionary_amount": 100.0, "discretionary_reason": "Large project"},
        )

    def _matrix_extension_vals(self, trip):
        record = trip("in_progress")
        return {
            "trip_id": record.id,
            "requested_return": fields.Datetime.to_string(
                record.planned_return + timedelta(days=2)
            ),
            "reason": "More work",
        }

    def _matrix_request_extension(self, user, trip):
        vals = self._matrix_extension_vals(trip)
        return lambda: self.rpc(user, "tsm.trip.extension", "create", vals)

    def _matrix_approve_extension(self, user, trip):
        extension = self.env["tsm.trip.extension"].create(self._matrix_extension_vals(trip))
        return lambda: self.rpc(user, "tsm.trip.extension", "action_approve", extension.ids)

    def _matrix_report_vals(self, trip):
        record = trip("in_progress")
        return {
            "trip_id": record.id,
            "employee_id": record.traveller_ids.employee_id.id,
            "date": fields.Date.to_string(record.date_from),
            "place": "Wuhan",
            "work_done": "Commissioning",
        }

    def _matrix_write_daily_report(self, user, trip):
        vals = self._matrix_report_vals(trip)
        return lambda: self.rpc(user, "tsm.trip.report", "create", vals)

    def _matrix_review_daily_report(self, user, trip):
        report = self.env["tsm.trip.report"].create(self._matrix_report_vals(trip))
        return lambda: self.rpc(user, "tsm.trip.report", "action_review", report.ids)

    def _matrix_decide_absence_flag(self, user, trip):
        record = trip("in_progress")
        flag = self._flag(record, record.traveller_ids.employee_id)
        return lambda: self.rpc(user, "tsm.trip.flag", "action_excuse", flag.ids)

    def _matrix_settle(self, user, trip):
        record = trip("returned")
        return lambda: self.rpc(user, "tsm.trip", "action_settle", record.ids)

    def _matrix_generate_trip_pay_lines(self, user, trip):
        record = trip("returned")
        record.action_settle()
        period = self.env["tsm.pay.period"]._tsm_get_period(self.company, record.date_to)
        return lambda: self.rpc(
            user, "tsm.pay.period", "action_tsm_generate_trip_lines", period.ids
        )

    def _matrix_print_dispatch_form(self, user, trip):
        record = trip("submitted")

        def print_form():
            self.authenticate(user.login, user.login.ljust(8, "x"))
            response = self.url_open(
                f"/report/pdf/hr_tech_service.report_trip_dispatch/{record.id}"
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn(record.name, response.text)

        return print_form

    def _matrix_configure_allowance_rules(self, user, trip):
        rule = self.env.ref("hr_tech_service.allowance_rule_guidance_out_of_province")
        return lambda: self.rpc(user, "tsm.allowance.rule", "write", rule.ids, {"max_days": 8})
