"""Service tickets attacked the way a hostile employee would: over XML-RPC
with their own login, and through the report and rating URLs."""

import re
import xmlrpc.client
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import RPC_ACCESS_ERROR, RPC_USER_ERROR, TsmRpcCommon
from .ticket_common import TicketSetup

DAY = datetime(2026, 11, 10, 9)

# The security model of service tickets: (role, action, scope, allowed).
# Scope: "own" = a ticket (task) the user is sent on (assigned to), "area" =
# of the area they lead, "department" = of the department they manage, "all"
# = any; "worked on" = a ticket the supervisor was sent on themselves.
MATRIX = [
    ("engineer", "register a ticket", "own area", True),
    ("engineer", "assign", "own", False),
    ("leader", "assign", "area", True),
    ("desk", "assign", "all", True),
    ("engineer", "start", "own", True),
    ("engineer2", "start", "colleague's", False),
    ("engineer", "solve", "own", True),
    ("engineer", "log a visit", "own", True),
    ("engineer2", "log a visit", "colleague's", False),
    ("engineer", "log a visit", "own, solved", False),
    ("engineer", "change the priority", "own, assigned", False),
    ("desk", "change the priority", "all, assigned", True),
    ("engineer", "review points", "own", False),
    ("leader", "review points", "area", True),
    ("leader", "review points", "worked on", False),
    ("manager", "confirm points", "department", True),
    ("leader", "confirm points", "area", False),
    ("leader", "mark form quality", "area", True),
    ("engineer", "call back", "own", False),
    ("leader", "call back", "area", False),
    ("desk", "call back", "all", True),
    ("engineer", "close", "own", False),
    ("desk", "close", "all", True),
    ("leader", "cancel", "area", False),
    ("manager", "cancel", "department", True),
    ("engineer", "reopen", "own", False),
    ("leader", "reopen", "area", True),
    ("engineer", "score a task", "own", False),
    ("leader", "score a task", "area", True),
    ("engineer", "record a rating", "own", False),
    ("hr", "save the ticket settings", "all", True),
    ("leader", "save the ticket settings", "all", False),
]


@tagged("post_install", "-at_install")
class TestTicketAbuse(TicketSetup, TsmRpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._ticket_setup()
        # Another department with its own manager, for the department scope.
        cls.user_manager2 = cls._tsm_user(
            "tsm_manager2", "hr_tech_service.group_tsm_dept_manager", "Manager Qian"
        )
        Employee = cls.env["hr.employee"].with_company(cls.company)
        cls.emp_manager2 = Employee.create(
            {"name": "Manager Qian", "user_id": cls.user_manager2.id}
        )
        cls.department2 = cls.env["hr.department"].create(
            {"name": "Engineering", "company_id": cls.company.id, "manager_id": cls.emp_manager2.id}
        )
        # An engineer who reads the addon in Chinese, in the same area.
        cls.user_engineer_zh = new_test_user(
            cls.env,
            login="tsm_engineer_zh",
            name="Engineer Lin",
            groups="hr_tech_service.group_tsm_employee",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            lang="zh_CN",
        )
        cls.emp_engineer_zh = Employee.create(
            {
                "name": "Engineer Lin",
                "user_id": cls.user_engineer_zh.id,
                "department_id": cls.department.id,
                "tsm_area_id": cls.area.id,
            }
        )
        cls.roles = {
            "engineer": cls.user_engineer,
            "engineer2": cls.user_engineer2,
            "leader": cls.user_leader,
            "manager": cls.user_manager,
            "desk": cls.user_desk,
            "hr": cls.user_hr,
        }

    # ------------------------------------------------------------------
    # Tickets in each stage (made as superuser)
    # ------------------------------------------------------------------
    def _assigned(self, engineers=None):
        ticket = self._new_ticket(engineers)
        ticket.action_assign()
        return ticket

    def _in_progress(self, engineers=None):
        ticket = self._assigned(engineers)
        ticket.action_start()
        ticket.solution = "Replaced the video board"
        return ticket

    def _solved(self, engineers=None):
        return self._solve(self._new_ticket(engineers))

    def _visit_vals(self, ticket, employee, start=DAY):
        return {
            "ticket_id": ticket.id,
            "employee_id": employee.id,
            "start": start,
            "end": start + timedelta(hours=1),
            "work_done": "Checked the cabling",
        }

    # ------------------------------------------------------------------
    # The security model, row by row
    # ------------------------------------------------------------------
    def _case(self, action, scope):
        """(records that a refusal leaves unchanged, the calls as a
        function of the user, the fault of a refusal, a check of success)."""
        cases = {
            "register a ticket": self._case_register,
            "log a visit": self._case_visit,
            "change the priority": self._case_priority,
            "call back": self._case_callback,
            "reopen": self._case_reopen,
            "score a task": self._case_task,
            "record a rating": self._case_rating,
            "save the ticket settings": self._case_settings,
            **dict.fromkeys(("assign", "start", "solve", "close", "cancel"), self._case_flow),
            **dict.fromkeys(
                ("review points", "confirm points", "mark form quality"), self._case_review
            ),
        }
        if action not in cases:
            raise AssertionError(f"no case for {action}")
        return cases[action](action, scope)

    def _case_register(self, action, scope):
        vals = {"partner_id": self.customer.id, "description": "No picture on screen 9"}
        return (
            self.Ticket.browse(),
            lambda user: self.rpc(user, "tsm.ticket", "create", [vals]),
            RPC_ACCESS_ERROR,
            lambda: self.Ticket.search([("description", "=", "No picture on screen 9")]),
        )

    def _case_flow(self, action, scope):
        ticket = {
            "assign": self._new_ticket,
            "start": self._assigned,
            "solve": self._in_progress,
            "close": self._solved,
            "cancel": self._assigned,
        }[action]()
        state = {
            "assign": "assigned",
            "start": "in_progress",
            "solve": "solved",
            "close": "closed",
            "cancel": "cancelled",
        }[action]
        method = f"action_{action}"
        return (
            ticket,
            lambda user: self.rpc(user, "tsm.ticket", method, [ticket.id]),
            RPC_ACCESS_ERROR,
            lambda: ticket.state == state,
        )

    def _case_visit(self, action, scope):
        ticket = self._solved() if "solved" in scope else self._in_progress()
        fault = RPC_USER_ERROR if "solved" in scope else RPC_ACCESS_ERROR
        count = ticket.visit_count

        def log(user):
            employee = user.employee_ids[:1]
            return self.rpc(
                user, "tsm.ticket.visit", "create", [self._visit_vals(ticket, employee)]
            )

        return ticket, log, fault, lambda: ticket.visit_count == count + 1

    def _case_priority(self, action, scope):
        ticket = self._assigned()
        return (
            ticket,
            lambda user: self.rpc(user, "tsm.ticket", "write", [ticket.id], {"priority": "3"}),
            RPC_USER_ERROR,
            lambda: ticket.priority == "3",
        )

    def _case_review(self, action, scope):
        ticket = self._solved(self.emp_leader if scope == "worked on" else None)
        if action == "confirm points":
            self._review(ticket, 1.5, user=self.user_leader)
        method, done = {
            "review points": ("action_review", lambda: ticket.review_state == "supervisor"),
            "confirm points": ("action_review_head", lambda: ticket.review_state == "head"),
            "mark form quality": ("action_mark_quality", lambda: ticket.quality_checked_by_id),
        }[action]
        fault = RPC_USER_ERROR if scope == "worked on" else RPC_ACCESS_ERROR
        return ticket, lambda user: self.rpc(user, "tsm.ticket", method, [ticket.id]), fault, done

    def _case_callback(self, action, scope):
        ticket = self._solved()
        vals = {"ticket_id": ticket.id, "satisfaction": "satisfied"}
        return (
            ticket,
            lambda user: self.rpc(user, "tsm.ticket.callback", "create", [vals]),
            RPC_ACCESS_ERROR,
            lambda: ticket.state == "callback",
        )

    def _case_reopen(self, action, scope):
        ticket = self._solved()

        def reopen(user):
            wizard = self.rpc(
                user,
                "tsm.ticket.reopen",
                "create",
                [{"ticket_id": ticket.id, "reason": "Dark"}],
            )[0]
            return self.rpc(user, "tsm.ticket.reopen", "action_confirm", [wizard])

        return ticket, reopen, RPC_ACCESS_ERROR, lambda: ticket.state == "in_progress"

    def _case_task(self, action, scope):
        task = self.env["tsm.task"].create(
            {
                "name": "Inspect the East screens",
                "employee_id": self.emp_engineer.id,
                "date_deadline": "2026-11-30",
            }
        )
        return (
            task,
            lambda user: self.rpc(user, "tsm.task", "write", [task.id], {"quality_score": 9}),
            RPC_ACCESS_ERROR,
            lambda: task.quality_score == 9,
        )

    def _case_rating(self, action, scope):
        ticket = self._solved()
        return (
            ticket,
            lambda user: self.rpc(user, "tsm.ticket", "rating_apply", [ticket.id], 5),
            RPC_ACCESS_ERROR,
            lambda: ticket.callback_ids,
        )

    def _case_settings(self, action, scope):
        self.company.tsm_ticket_standard_points = 20

        def save(user):
            settings = self.rpc(
                user, "res.config.settings", "create", [{"tsm_ticket_standard_points": 25}]
            )[0]
            return self.rpc(user, "res.config.settings", "execute", [settings])

        return (
            self.Ticket.browse(),
            save,
            RPC_ACCESS_ERROR,
            lambda: self.company.tsm_ticket_standard_points == 25,
        )

    def test_security_model(self):
        """Each row of the security model, tried over XML-RPC as its role."""
        for role, action, scope, allowed in MATRIX:
            with self.subTest(role=role, action=action, scope=scope):
                user = self.roles[role]
                watched, call, fault, done = self._case(action, scope)
                if allowed:
                    call(user)
                    self.assertTrue(done(), f"{role} could not {action} ({scope})")
                    continue
                before = self._tsm_snapshot(watched)
                with self.assertRaises(xmlrpc.client.Fault) as catcher:
                    call(user)
                self.assertEqual(
                    catcher.exception.faultCode, fault, catcher.exception.faultString[-300:]
                )
                self.assertEqual(self._tsm_snapshot(watched), before)
                self.assertFalse(done(), f"{role} could {action} ({scope})")

    # ------------------------------------------------------------------
    # Forged context, locked and computed fields
    # ------------------------------------------------------------------
    def test_forged_context_opens_nothing(self):
        ticket = self._solved()
        for context in ({"tsm_flow": True}, {"tsm_ticket_action": True}):
            with self.subTest(context=context):
                self.assertRpcRefused(
                    self.user_engineer,
                    "tsm.ticket",
                    "write",
                    [ticket.id],
                    {"state": "closed", "review_state": "head", "reviewed_points": 2},
                    context=context,
                    text="set by its buttons",
                    unchanged=ticket,
                )

    def test_engineer_types_locked_and_computed_ticket_fields(self):
        ticket = self._solved()
        for vals, text in (
            ({"is_valid": False}, "“Valid”"),
            ({"date_solved": "2026-11-01 08:00:00"}, "“Solved On”"),
            ({"reviewed_points": 2}, "“Reviewed Value”"),
            ({"job_completed": True}, "“Job Completed”"),
            ({"solution_rating_id": 1}, "“Rating of the Solution”"),
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_engineer,
                    "tsm.ticket",
                    "write",
                    [ticket.id],
                    vals,
                    text=text,
                    unchanged=ticket,
                )
        # The SLA moves no more once solved, for nobody (the due day counts for the area).
        self.assertRpcRefused(
            self.user_desk,
            "tsm.ticket",
            "write",
            [ticket.id],
            {"date_due": "2026-12-31"},
            fault=RPC_USER_ERROR,
            text="cannot be changed while it is Solved",
            unchanged=ticket,
        )

    def test_engineer_lines_after_review(self):
        ticket = self._solved(self.emp_engineer | self.emp_engineer2)
        self._review(ticket, 1, user=self.user_leader)
        own = ticket.engineer_line_ids.filtered(lambda line: line.employee_id == self.emp_engineer)
        for vals, fault, text in (
            ({"self_rating": 2}, RPC_USER_ERROR, "self-ratings are locked"),
            ({"is_intern": True}, RPC_USER_ERROR, "cannot be changed while it is Solved"),
            ({"points": 1}, RPC_ACCESS_ERROR, "“Points”"),
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_engineer,
                    "tsm.ticket.engineer",
                    "write",
                    own.ids,
                    vals,
                    fault=fault,
                    text=text,
                    unchanged=[ticket, ticket.engineer_line_ids],
                )
        # Taking the colleague off the ticket to keep the whole value.
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.ticket",
            "write",
            [ticket.id],
            {"engineer_line_ids": [(2, (ticket.engineer_line_ids - own).id)]},
            fault=RPC_USER_ERROR,
            text="You cannot delete",
            unchanged=[ticket, ticket.engineer_line_ids],
        )
        self.assertEqual(own.points, 0.5)

    def test_visits_frozen_once_solved(self):
        ticket = self._solved()
        visit = ticket.visit_ids
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.ticket.visit",
            "write",
            visit.ids,
            {"start": "2026-11-10 07:00:00", "end": "2026-11-10 11:00:00"},
            fault=RPC_USER_ERROR,
            text="cannot be changed while it is Solved",
            unchanged=[ticket, visit],
        )
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.ticket.visit",
            "create",
            [self._visit_vals(ticket, self.emp_engineer)],
            fault=RPC_USER_ERROR,
            text="work log of ticket",
            unchanged=ticket,
        )
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.ticket.visit",
            "unlink",
            visit.ids,
            fault=RPC_USER_ERROR,
            text="You cannot delete",
            unchanged=[ticket, visit],
        )
        self.assertEqual(ticket.visit_count, 1)

    def test_tasks_scored_by_someone_else(self):
        Task = self.env["tsm.task"]
        own = Task.create(
            {"name": "Inspect line 3", "employee_id": self.emp_engineer.id, "date_deadline": DAY}
        )
        for vals in ({"quality_score": 10}, {"date_done": "2026-11-01"}, {"state": "done"}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_engineer, "tsm.task", "write", own.ids, vals, unchanged=own
                )
        # The supervisor does not score their own task either.
        leaders = Task.create(
            {"name": "Area report", "employee_id": self.emp_leader.id, "date_deadline": DAY}
        )
        self.assertRpcRefused(
            self.user_leader,
            "tsm.task",
            "write",
            leaders.ids,
            {"quality_score": 10},
            text="“Quality Score”",
            unchanged=leaders,
        )
        # Marking it done sets today, not a day of one's choosing.
        self.rpc(self.user_engineer, "tsm.task", "action_done", own.ids)
        self.assertEqual(own.state, "done")
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.task",
            "write",
            own.ids,
            {"date_done": "2026-11-01"},
            text="“Done On”",
            unchanged=own,
        )

    def test_customer_fields_by_desk_only(self):
        """Employees usually create contacts: they still do not choose a
        customer's responsible engineers or its service tier (the SLA)."""
        contacts = self.env.ref("base.group_partner_manager")
        (self.user_engineer | self.user_desk).groups_id = [Command.link(contacts.id)]
        self.customer.tsm_customer_tier = "key"
        self.assertRpcRefused(
            self.user_engineer,
            "res.partner",
            "write",
            self.customer.ids,
            {"tsm_customer_tier": "standard", "tsm_first_engineer_id": self.emp_engineer2.id},
            unchanged=self.customer,
        )
        self.rpc(
            self.user_desk, "res.partner", "write", self.customer.ids, {"tsm_customer_tier": False}
        )
        self.assertFalse(self.customer.tsm_customer_tier)

    # ------------------------------------------------------------------
    # Created in a later state, re-parented
    # ------------------------------------------------------------------
    def test_created_in_a_later_state(self):
        ticket = self._solved()
        cases = [
            (
                self.user_engineer,
                "tsm.ticket",
                {
                    "partner_id": self.customer.id,
                    "description": "Done already",
                    "state": "closed",
                    "review_state": "head",
                    "reviewed_points": 2,
                },
            ),
            (
                self.user_desk,
                "tsm.ticket.callback",
                {"ticket_id": ticket.id, "satisfaction": "satisfied", "channel": "rating"},
            ),
            (
                self.user_desk,
                "tsm.ticket.callback",
                {
                    "ticket_id": ticket.id,
                    "satisfaction": "satisfied",
                    "user_id": self.user_manager.id,
                },
            ),
            (
                self.user_leader,
                "tsm.task",
                {
                    "name": "Done on time",
                    "employee_id": self.emp_engineer.id,
                    "date_deadline": DAY,
                    "state": "done",
                    "date_done": DAY,
                },
            ),
            (
                self.user_engineer,
                "tsm.ticket.handover",
                {
                    "ticket_id": self._new_ticket().id,
                    "from_employee_id": self.emp_engineer.id,
                    "to_employee_id": self.emp_engineer2.id,
                    "what": "Station 12",
                    "date_until": DAY,
                    "scope": "Display",
                    "state": "done",
                },
            ),
        ]
        for user, model, vals in cases:
            with self.subTest(model=model, vals=vals):
                count = self.env[model].search_count([])
                self.assertRpcRefused(
                    user, model, "create", [vals], text="cannot be created with", unchanged=ticket
                )
                self.assertEqual(self.env[model].search_count([]), count)

    def test_lines_do_not_move_to_another_ticket(self):
        """A visit, a dispatch line or a callback written onto another
        ticket would make that ticket valid, or score it."""
        mine = self._in_progress()
        visit = self.env["tsm.ticket.visit"].create(self._visit_vals(mine, self.emp_engineer))
        other = self._solved(self.emp_engineer2)
        fresh = self._new_ticket(self.emp_engineer)
        for user, records, target in (
            (self.user_engineer, visit, other),
            (self.user_engineer, fresh.engineer_line_ids, other),
            (self.user_desk, other.callback_ids | self._callback(self._solved()), other),
        ):
            with self.subTest(model=records._name):
                self.assertRpcRefused(
                    user,
                    records._name,
                    "write",
                    records.ids,
                    {"ticket_id": target.id},
                    text="“Ticket”",
                    unchanged=[records, other],
                )

    # ------------------------------------------------------------------
    # Actions of another role, twice in one chain
    # ------------------------------------------------------------------
    def test_actions_of_another_role(self):
        ticket = self._solved()
        for user, method, text in (
            (self.user_engineer, "action_close", "close service tickets"),
            (self.user_engineer, "action_review", "review ticket points"),
            (self.user_engineer, "action_mark_quality", "mark ticket forms"),
            (self.user_leader, "action_review_head", "confirm reviewed ticket points"),
            (self.user_engineer, "action_send_rating", "ask customers for a rating"),
            (self.user_engineer, "action_open_reopen", "reopen service tickets"),
        ):
            with self.subTest(user=user.login, method=method):
                self.assertRpcRefused(
                    user, "tsm.ticket", method, ticket.ids, text=text, unchanged=ticket
                )
        new = self._new_ticket()
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.ticket",
            "action_assign",
            new.ids,
            text="assign service tickets",
            unchanged=new,
        )
        self.assertRpcRefused(
            self.user_leader,
            "tsm.ticket",
            "action_cancel",
            new.ids,
            text="cancel service tickets",
            unchanged=new,
        )

    def test_acting_twice_in_one_chain(self):
        """The department manager who reviewed as supervisor does not also
        confirm as department head."""
        ticket = self._solved()
        self.rpc(self.user_manager, "tsm.ticket", "action_review", ticket.ids)
        self.assertEqual(ticket.reviewed_by_id, self.user_manager)
        self.assertRpcRefused(
            self.user_manager,
            "tsm.ticket",
            "action_review_head",
            ticket.ids,
            fault=RPC_USER_ERROR,
            text="someone else must confirm",
            unchanged=ticket,
        )
        self.rpc(self.user_gm, "tsm.ticket", "action_review_head", ticket.ids)
        self.assertEqual(ticket.head_reviewed_by_id, self.user_gm)

    def test_handovers(self):
        ticket = self._in_progress()
        vals = {
            "ticket_id": ticket.id,
            "from_employee_id": self.emp_engineer.id,
            "to_employee_id": self.emp_engineer2.id,
            "what": "Station 12 control room down",
            "date_until": "2026-11-11 18:00:00",
            "scope": "Restore the display only",
        }
        # A colleague does not hand over someone else's incident (and take the ticket).
        self.assertRpcRefused(
            self.user_engineer2,
            "tsm.ticket.handover",
            "create",
            [vals],
            text="Only the engineer who hands the incident over",
            unchanged=ticket,
        )
        handover_id = self.rpc(self.user_engineer, "tsm.ticket.handover", "create", [vals])[0]
        handover = self.env["tsm.ticket.handover"].browse(handover_id)
        self.assertEqual(ticket.owner_id, self.emp_engineer2)
        for user, vals, text in (
            (self.user_engineer, {"to_employee_id": self.emp_leader.id}, "“Handed Over To”"),
            (self.user_engineer, {"result": "All fine"}, "“Result”"),
            (self.user_engineer2, {"state": "done"}, "“State”"),
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    user,
                    "tsm.ticket.handover",
                    "write",
                    [handover_id],
                    vals,
                    text=text,
                    unchanged=[handover, ticket],
                )
        handover.result = "Display restored"
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.ticket.handover",
            "action_report_back",
            [handover_id],
            text="who took the incident over",
            unchanged=[handover, ticket],
        )
        self.rpc(self.user_engineer2, "tsm.ticket.handover", "action_report_back", [handover_id])
        self.assertEqual((handover.state, ticket.owner_id), ("done", self.emp_engineer))

    # ------------------------------------------------------------------
    # Ratings: only the customer's page
    # ------------------------------------------------------------------
    def test_engineer_cannot_rate_own_ticket(self):
        """The hostile path: get the customer's token (a rating request, its
        template rendered, the rating itself), then answer as the customer."""
        ticket = self._solved()
        template = "hr_tech_service.mail_template_tsm_ticket_rating"
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.ticket",
            "rating_send_request",
            ticket.ids,
            template,
            text="ask customers for a rating",
            unchanged=ticket,
        )
        self.assertRpcRefused(
            self.user_engineer,
            "mail.template",
            "send_mail",
            self.env.ref(template).ids,
            ticket.id,
            email_values={"email_to": "zhang@example.com"},
            fault=RPC_USER_ERROR,  # Odoo reports it as the template failing to render
            text="ask customers for a rating",
            unchanged=ticket,
        )
        self.assertFalse(ticket.rating_ids)
        token = ticket._rating_get_access_token()
        tokens = self.rpc(
            self.user_engineer,
            "rating.rating",
            "search_read",
            [("res_model", "=", "tsm.ticket")],
            fields=["access_token"],
        )
        self.assertEqual(tokens, [])
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.ticket",
            "rating_apply",
            ticket.ids,
            5,
            token=token,
            text="Only the customer rates",
            unchanged=[ticket, ticket.rating_ids],
        )
        self.assertFalse(ticket.callback_ids)

    def test_ticket_ratings_read_by_those_who_handle_them(self):
        ticket = self._solved()
        self.rpc(self.user_desk, "tsm.ticket", "action_send_rating", ticket.ids)
        rating = ticket.solution_rating_id
        self.assertTrue(rating.access_token)
        # The request went to the customer only: nothing on the ticket carries the token.
        self.assertNotIn(rating.access_token, "".join(ticket.message_ids.mapped("body")))
        domain = [("res_model", "=", "tsm.ticket")]
        for user in (self.user_engineer, self.user_engineer2, self.user_leader):
            with self.subTest(user=user.login):
                rows = self.rpc(user, "rating.rating", "search_read", domain, fields=["rating"])
                self.assertEqual(rows, [])
                self.assertRpcRefused(
                    user, "rating.rating", "read", rating.ids, ["access_token"], unchanged=rating
                )
                self.assertRpcRefused(
                    user, "rating.rating", "write", rating.ids, {"rating": 5}, unchanged=rating
                )
        for user in (self.user_desk, self.user_manager, self.user_hr):
            with self.subTest(user=user.login):
                rows = self.rpc(user, "rating.rating", "search_read", domain, fields=["res_id"])
                self.assertEqual([row["res_id"] for row in rows], ticket.ids)
        self.assertRpcRefused(
            self.user_manager2, "rating.rating", "read", rating.ids, ["rating"], unchanged=rating
        )
        # Ratings of other apps stay as Odoo has them.
        other = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.customer.id,
                "partner_id": self.customer.id,
            }
        )
        rows = self.rpc(self.user_engineer, "rating.rating", "read", other.ids, ["res_id"])
        self.assertEqual(rows[0]["res_id"], self.customer.id)

    def _rate_on_the_page(self, token, rate, feedback):
        """The customer's answer on Odoo's rating page, as the public user."""
        page = self.url_open(f"/rate/{token}/{rate}")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answer = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": rate, "feedback": feedback, "csrf_token": csrf},
        )
        self.assertEqual(answer.status_code, 200)

    def test_customer_rating_page_updates_one_callback(self):
        ticket = self._solved()
        ticket.with_user(self.user_desk).action_send_rating()
        token = ticket.solution_rating_id.access_token
        self._rate_on_the_page(token, 1, "Came late")
        self.env.invalidate_all()
        callback = ticket.callback_ids
        self.assertEqual(
            (callback.channel, callback.satisfaction, callback.comment),
            ("rating", "dissatisfied", "Came late"),
        )
        self.assertEqual(ticket.state, "callback")
        # A second request about the same solution carries the same link ...
        ticket.with_user(self.user_desk).action_send_rating()
        self.assertEqual(ticket.solution_rating_id.access_token, token)
        # ... and the customer changing their mind updates the callback.
        self._rate_on_the_page(token, 5, "Fixed for good")
        self.env.invalidate_all()
        self.assertEqual(ticket.callback_ids, callback)
        self.assertEqual((callback.satisfaction, callback.comment), ("satisfied", "Fixed for good"))
        self.assertEqual(len(ticket.rating_ids), 1)

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------
    def _open_report(self, user, report, record_id):
        self.env.flush_all()
        self.authenticate(user.login, self.password(user))
        return self.url_open(f"/report/pdf/hr_tech_service.{report}/{record_id}")

    def test_report_urls_of_colleagues(self):
        ticket = self._solved()
        for user, report, record, text in (
            (self.user_engineer, "report_tsm_scorecard", self.emp_engineer2, "not Engineer Zhou"),
            (self.user_manager2, "report_tsm_scorecard", self.emp_engineer, "not Engineer Zhang"),
            (self.user_manager2, "report_tsm_ticket", ticket, "Service Ticket"),
        ):
            with self.subTest(user=user.login, report=report):
                response = self._open_report(user, report, record.id)
                self.assertEqual(response.status_code, 403)
                self.assertIn(text, response.text)
                self.assertNotIn("application/pdf", response.headers.get("Content-Type"))
        # The department manager prints the department's engineer.
        self.authenticate(self.user_manager.login, self.password(self.user_manager))
        response = self.url_open(
            f"/report/html/hr_tech_service.report_tsm_scorecard/{self.emp_engineer.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Engineer Zhang", response.text)

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    def test_settings_page_saves_only_the_ticket_figures(self):
        settings = self.rpc(
            self.user_hr,
            "res.config.settings",
            "create",
            [{"tsm_ticket_form_deduction": 2, "tsm_trip_unreachable_hours": 1}],
        )[0]
        self.rpc(self.user_hr, "res.config.settings", "execute", [settings])
        self.assertEqual(self.company.tsm_ticket_form_deduction, 2)
        # What the page holds for another wing is left as it was.
        self.assertNotEqual(
            self.env["res.config.settings"].create({}).tsm_trip_unreachable_hours, 1
        )
        for method in ("set_values", "get_values"):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    self.user_hr, "res.config.settings", method, [settings], text="administrator"
                )

    def test_settings_page_keeps_the_hr_manager_to_their_figures(self):
        # The company's other settings, sent with the page, stay as they are.
        self.rpc(
            self.user_hr,
            "res.config.settings",
            "create",
            [{"tsm_ticket_repeat_days": 14, "tsm_allow_dual_role": True, "tsm_eom_amount": 999}],
        )
        self.assertEqual(self.company.tsm_ticket_repeat_days, 14)
        self.assertFalse(self.company.tsm_allow_dual_role)
        self.assertNotEqual(self.company.tsm_eom_amount, 999)
        # A garbled list of self-ratings is refused when saved.
        self.assertRpcRefused(
            self.user_hr,
            "res.config.settings",
            "create",
            [{"tsm_ticket_rating_values": "1;x"}],
            fault=RPC_USER_ERROR,
            text="Allowed Self-ratings",
            unchanged=self.company,
        )
        # Another company's figures are not theirs to save.
        other = self.env["res.company"].create({"name": "TSM Other Co"})
        self.assertRpcRefused(
            self.user_hr,
            "res.config.settings",
            "create",
            [{"company_id": other.id, "tsm_ticket_repeat_days": 1}],
            unchanged=other,
        )

    # ------------------------------------------------------------------
    # In the user's language
    # ------------------------------------------------------------------
    def test_refusal_in_chinese(self):
        ticket = self._in_progress()
        self.assertRpcRefused(
            self.user_engineer_zh,
            "tsm.ticket.visit",
            "create",
            [self._visit_vals(ticket, self.emp_engineer_zh)],
            context={"lang": "zh_CN"},
            text="只能为自己登记上门记录",
            unchanged=ticket,
        )
