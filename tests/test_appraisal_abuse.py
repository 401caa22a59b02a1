"""Appraisals as a hostile employee tries them over XML-RPC, with their own
login: forged context keys, fields set by buttons or computed, records
created already approved, lines moved to another sheet, actions of another
role, one person on two stages of a chain, their own records, and report
URLs of sheets they may not read."""

import xmlrpc.client
from datetime import date

from odoo import fields
from odoo.tests import tagged

from .appraisal_common import A_SCORES, AppraisalSetup
from .common import RPC_ACCESS_ERROR, RPC_USER_ERROR, TsmRpcCommon

# The security model of appraisals and the employee of the month: who may do
# what on which records (own: their own sheet, case or figures; department:
# a sheet or round of the department they manage or belong to; all: any
# employee's). test_security_matrix tries every row as that role.
MATRIX = [
    ("employee", "read_sheet_in_review", "own", False),
    ("employee", "read_sheet_approved", "own", True),
    ("employee", "read_sheet_approved", "department", False),
    ("employee", "type_score", "own", False),
    ("dept_manager", "type_score", "department", True),
    ("deputy_gm", "type_score", "department", False),
    ("dept_manager", "approve_stage", "department", True),
    ("gm", "approve_stage", "department", False),
    ("gm", "approve_second_stage", "all", False),
    ("dept_manager", "write_total", "department", False),
    ("hr_manager", "generate_sheets", "all", True),
    ("hr_officer", "generate_sheets", "all", False),
    ("hr_manager", "cancel_sheet", "all", True),
    ("hr_officer", "cancel_sheet", "all", False),
    ("employee", "appeal", "own", True),
    ("employee", "appeal", "department", False),
    ("employee", "write_plan", "own", True),
    ("employee", "write_follow_up", "own", False),
    ("dept_manager", "write_follow_up", "department", True),
    ("hr_officer", "enter_metric_value", "all", True),
    ("hr_officer", "enter_metric_value", "own", False),
    ("hr_officer", "decide_case", "all", True),
    ("hr_officer", "decide_case", "own", False),
    ("employee", "read_veto_reasons", "department", False),
    ("dept_manager", "check_round", "department", True),
    ("deputy_gm", "check_round", "all", True),
    ("gm", "confirm_round_after_checking", "all", False),
    ("gm", "confirm_round", "all", True),
    ("employee", "print_sheet", "own", True),
    ("employee", "print_sheet", "department", False),
]
ROLES = {
    "employee": "user_engineer",
    "dept_manager": "user_manager",
    "deputy_gm": "user_deputy",
    "gm": "user_gm",
    "hr_officer": "user_officer",
    "hr_manager": "user_hr",
}


class Refused(Exception):
    """A refusal: an AccessError or UserError over RPC, or a 403 page."""


@tagged("post_install", "-at_install")
class TestAppraisalAbuse(AppraisalSetup, TsmRpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._appraisal_setup()
        cls.area.write({"screen_count": 300, "failure_rate": 0.1})
        cls.user_officer = cls._tsm_user(
            "tsm_hr_officer", "hr_tech_service.group_tsm_hr_officer", "HR Officer Ma"
        )
        Employee = cls.env["hr.employee"].with_company(cls.company)
        common = {"department_id": cls.department.id, "parent_id": cls.emp_manager.id}
        cls.emp_hr = Employee.create({"name": "HR Liu", "user_id": cls.user_hr.id, **common})
        cls.emp_officer = Employee.create(
            {"name": "HR Officer Ma", "user_id": cls.user_officer.id, **common}
        )
        cls.metric = cls.env["tsm.metric"].create(
            {"code": "abuse_client_score", "name": "Client score", "kind": "entered"}
        )
        cls.rule_c = cls.env.ref("hr_tech_service.yearly_rule_demotion")
        cls.counter = 0

    # ------------------------------------------------------------------
    # Fixtures: each call makes fresh records (a new period, month or year)
    # ------------------------------------------------------------------
    def _next(self):
        type(self).counter += 1
        return type(self).counter

    def _sheet(self, employee=None, stages=0):
        """A template A sheet of a new period for ``employee`` (the engineer),
        reviewed through ``stages`` stages by the manager, deputy GM and GM."""
        number = self._next()
        start = date(2000 + number // 12, number % 12 + 1, 1)
        end = fields.Date.end_of(start, "month")
        sheet = self._generate(self.tpl_a, employee or self.emp_engineer, (start, end, str(start)))
        users = (sheet.first_reviewer_user_id, self.user_deputy, self.user_gm)
        for index in range(stages):
            self._score(sheet, users[index], A_SCORES if index == 0 else {})
        return sheet

    def _line(self, sheet, name="Initiative"):
        return sheet.line_ids.filtered(lambda line: line.name == name)

    def _appealed(self):
        """An approved sheet of the engineer, appealed: the final stage re-checks."""
        sheet = self._sheet(stages=3)
        sheet.with_user(self.user_engineer)._tsm_appeal("Uptime not counted")
        self._score(sheet, self.user_gm, {"Initiative": 15}, approve=False)
        return sheet

    def _round(self, checked_by=(), votes=None):
        """An employee-of-the-month round of a new month, ``votes`` ((voter,
        employee) pairs; by default Engineer Zhou and Leader Zhao become the
        nominees) counted, checked by ``checked_by``."""
        number = self._next()
        award = (
            self.env["tsm.eom.round"]
            .with_user(self.user_manager)
            .create(
                {
                    "department_id": self.department.id,
                    "month": date(2000 + number // 12, number % 12 + 1, 1),
                    "company_id": self.company.id,
                }
            )
        )
        for voter, employee in votes or [
            (self.user_engineer, self.emp_engineer2),
            (self.user_leader, self.emp_engineer2),
            (self.user_engineer2, self.emp_leader),
        ]:
            award.with_user(voter)._tsm_vote(employee)
        award.with_user(self.user_manager).action_close_voting()
        for user in checked_by:
            method = "action_manager_check" if user == self.user_manager else "action_deputy_check"
            getattr(award.with_user(user), method)()
        return award

    def _flag(self, employee):
        return self.env["tsm.appraisal.flag"].create(
            {"employee_id": employee.id, "rule_id": self.rule_c.id, "year": 1900 + self._next()}
        )

    def _item(self, sheet):
        return (
            self.env["tsm.appraisal.improvement"]
            .with_user(self.user_engineer)
            .create({"sheet_id": sheet.id, "goal": "Fewer repeat faults", "action": "Checklists"})
        )

    def _call(self, user, model, method, *args, **kwargs):
        """``self.rpc``, a refusal raised as :class:`Refused`."""
        try:
            return self.rpc(user, model, method, *args, **kwargs)
        except xmlrpc.client.Fault as error:
            if error.faultCode in (RPC_ACCESS_ERROR, RPC_USER_ERROR):
                raise Refused(error.faultString) from None
            raise

    def _print(self, user, sheet):
        """The sheet's PDF URL opened as ``user``: its page, or Refused."""
        self.env.flush_all()
        self.authenticate(user.login, self.password(user))
        response = self.url_open(f"/report/pdf/hr_tech_service.report_appraisal_sheet/{sheet.id}")
        if response.status_code == 403:
            raise Refused(response.text[:200])
        self.assertEqual(response.status_code, 200)
        return response.text

    # ------------------------------------------------------------------
    # Abuse, one class of forgery at a time
    # ------------------------------------------------------------------
    def test_forged_context_keys_unlock_nothing(self):
        sheet = self._sheet()
        line, workload = (
            self._line(sheet),
            sheet.line_ids.filtered(lambda line: line.kind == "computed"),
        )
        forged = {"tsm_appraisal_system": True, "tsm_appraisal_sheet_action": True}
        # The first reviewer types a later stage's column...
        self.assertRpcRefused(
            self.user_manager,
            "tsm.appraisal.sheet.line",
            "write",
            line.ids,
            {"score_3": 15},
            context=forged,
            fault=RPC_USER_ERROR,
            text="only the First Score column",
            unchanged=sheet.line_ids,
        )
        # ...or a computed criterion...
        self.assertRpcRefused(
            self.user_manager,
            "tsm.appraisal.sheet.line",
            "write",
            workload.ids,
            {"score_1": 5},
            context=forged,
            text="Computed criteria come from the metrics",
            unchanged=sheet.line_ids,
        )
        # ...or approves the sheet by writing its state.
        self.assertRpcRefused(
            self.user_manager,
            "tsm.appraisal.sheet",
            "write",
            sheet.ids,
            {"state": "approved"},
            context=forged,
            text="You cannot change",
            unchanged=sheet,
        )

    def test_sheet_fields_set_by_the_buttons(self):
        """The current reviewer may write the sheet (remarks), not what the
        generation and the buttons set, nor the computed totals."""
        sheet = self._sheet()
        scale = self.env.ref("hr_tech_service.grade_scale_dispatched")
        values = {
            "state": "approved",
            "scale_id": scale.id,
            "max_total": 50,
            "approved_date": "2026-11-30",
            "total": 100,
            "total_1": 100,
            "band_id": scale.band_ids.sorted("min_score")[-1].id,
            "grade_amount": 500,
            "first_reviewer_user_id": self.user_engineer2.id,
            "stage_id": self.tpl_a.stage_ids[-1].id,
            "is_appeal": True,
            "deadline": "2030-01-01",
            "employee_id": self.emp_engineer2.id,
            "template_id": self.tpl_b.id,
        }
        for name, value in values.items():
            with self.subTest(field=name):
                self.assertRpcRefused(
                    self.user_manager,
                    "tsm.appraisal.sheet",
                    "write",
                    sheet.ids,
                    {name: value},
                    text="You cannot change",
                    unchanged=sheet,
                )
        # Through the sheet, the lines and the history keep their own policy.
        line = self._line(sheet)
        self.assertRpcRefused(
            self.user_manager,
            "tsm.appraisal.sheet",
            "write",
            sheet.ids,
            {"line_ids": [(1, line.id, {"score_2": 15})]},
            fault=RPC_USER_ERROR,
            text="only the First Score column",
            unchanged=sheet.line_ids,
        )
        self.assertRpcRefused(
            self.user_manager,
            "tsm.appraisal.sheet",
            "write",
            sheet.ids,
            {"line_ids": [(2, line.id)]},
            unchanged=sheet.line_ids,
        )
        # What the reviewer may write goes through.
        self.rpc(self.user_manager, "tsm.appraisal.sheet", "write", sheet.ids, {"remark": "Good"})
        self.assertEqual(sheet.remark, "Good")

    def test_nothing_created_already_approved(self):
        Sheet = self.env["tsm.appraisal.sheet"]
        count = Sheet.search_count([])
        self.assertRpcRefused(
            self.user_hr,
            "tsm.appraisal.sheet",
            "create",
            {
                "employee_id": self.emp_engineer2.id,
                "template_id": self.tpl_a.id,
                "date_start": "2026-10-01",
                "date_end": "2026-10-31",
                "state": "approved",
                "stage_id": self.tpl_a.stage_ids[-1].id,
                "approved_date": "2026-10-31",
                "scale_id": self.tpl_a.scale_id.id,
                "max_total": 100,
            },
            text="cannot be created with",
        )
        self.assertEqual(Sheet.search_count([]), count)
        # An improvement item already followed up by the manager.
        sheet = self._sheet(stages=3)
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.appraisal.improvement",
            "create",
            {"sheet_id": sheet.id, "goal": "x", "state": "done", "follow_up": "Achieved"},
            text="cannot be created with",
        )
        self.assertFalse(sheet.improvement_ids)
        # A round already confirmed, with its checks signed.
        self.assertRpcRefused(
            self.user_manager,
            "tsm.eom.round",
            "create",
            {
                "department_id": self.department.id,
                "month": "2026-06-01",
                "company_id": self.company.id,
                "state": "done",
                "confirmed_by_id": self.user_gm.id,
            },
            text="cannot be created with",
        )
        self.assertFalse(
            self.env["tsm.eom.round"].search([("month", "=", "2026-06-01")]),
        )

    def test_lines_and_plan_items_stay_on_their_sheet(self):
        own, colleague = self._sheet(stages=3), self._sheet(self.emp_engineer2, stages=3)
        item = self._item(own)
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.appraisal.improvement",
            "write",
            item.ids,
            {"sheet_id": colleague.id},
            text="You cannot change",
            unchanged=item,
        )
        first, second = self._sheet(), self._sheet()
        self.assertRpcRefused(
            self.user_manager,
            "tsm.appraisal.sheet.line",
            "write",
            self._line(first).ids,
            {"sheet_id": second.id},
            text="You cannot change",
            unchanged=[first.line_ids, second.line_ids],
        )

    def test_actions_of_another_role(self):
        """An HR Officer reads every sheet; generating them is the HR Manager's."""
        self.tpl_c.department_ids = self.department
        count = self.Sheet.search_count([("template_id", "=", self.tpl_c.id)])
        self.assertRpcRefused(
            self.user_officer,
            "tsm.appraisal.template",
            "action_generate_current_period",
            self.tpl_c.ids,
            text="generate appraisal sheets",
        )
        self.assertRpcRefused(
            self.user_officer,
            "tsm.appraisal.sheet.generate",
            "create",
            {"template_id": self.tpl_c.id, "scope": "template"},
        )
        self.assertEqual(self.Sheet.search_count([("template_id", "=", self.tpl_c.id)]), count)
        # An HR Officer does not close a yearly case by writing its state.
        flag = self._flag(self.emp_engineer)
        self.assertRpcRefused(
            self.user_officer,
            "tsm.appraisal.flag",
            "write",
            flag.ids,
            {"state": "dismissed"},
            text="You cannot change",
            unchanged=flag,
        )
        # Nor does an HR Manager delete one.
        self.assertRpcRefused(
            self.user_hr, "tsm.appraisal.flag", "unlink", flag.ids, unchanged=flag
        )

    def test_one_person_on_two_stages(self):
        """The GM, first reviewer of the deputy GM's sheet, cannot pass it
        through the deputy stage too; the company setting allows it, noted."""
        sheet = self._sheet(self.emp_deputy)
        self.assertEqual(sheet.first_reviewer_user_id, self.user_gm)
        self._score(sheet, self.user_gm, A_SCORES)
        self.assertRpcRefused(
            self.user_gm,
            "tsm.appraisal.sheet",
            "action_approve_stage",
            sheet.ids,
            fault=RPC_USER_ERROR,
            text="You already acted on",
            unchanged=[sheet, sheet.line_ids],
        )
        self.assertRpcRefused(
            self.user_gm,
            "tsm.appraisal.sheet.line",
            "write",
            self._line(sheet).ids,
            {"score_2": 15},
            fault=RPC_USER_ERROR,
            text="You already acted on",
            unchanged=sheet.line_ids,
        )
        self.company.tsm_allow_dual_role = True
        self.rpc(self.user_gm, "tsm.appraisal.sheet", "action_approve_stage", sheet.ids)
        self.assertEqual(sheet.stage_id.name, "Final approval")
        self.assertTrue(
            any("acted in two roles" in body for body in sheet.message_ids.mapped("body"))
        )
        self.company.tsm_allow_dual_role = False
        # The GM who checked as deputy does not also confirm the round.
        award = self._round(checked_by=(self.user_manager, self.user_gm))
        self.assertEqual(award.state, "confirm")
        self.assertRpcRefused(
            self.user_gm,
            "tsm.eom.round",
            "action_confirm",
            award.ids,
            fault=RPC_USER_ERROR,
            text="You already acted on",
            unchanged=[award, award.nominee_ids],
        )

    def test_own_records(self):
        """Nobody vetoes a rival in a round they stand in, decides their own
        yearly case or enters their own appraisal figures."""
        award = self._round(
            votes=[(self.user_engineer, self.emp_manager), (self.user_leader, self.emp_engineer2)]
        )
        rival = award.nominee_ids.filtered(lambda n: n.employee_id == self.emp_engineer2)
        veto = self.rpc(
            self.user_manager,
            "tsm.eom.veto.wizard",
            "create",
            {"nominee_id": rival.id, "reason": "Slack this month"},
        )
        self.assertRpcRefused(
            self.user_manager,
            "tsm.eom.veto.wizard",
            "action_veto",
            [veto],
            fault=RPC_USER_ERROR,
            text="You are a candidate",
            unchanged=award.nominee_ids,
        )
        self.assertRpcRefused(
            self.user_manager,
            "tsm.eom.round",
            "action_manager_check",
            award.ids,
            fault=RPC_USER_ERROR,
            text="You are a candidate",
            unchanged=award,
        )
        flag = self._flag(self.emp_officer)
        self.assertRpcRefused(
            self.user_officer,
            "tsm.appraisal.flag",
            "action_dismiss",
            flag.ids,
            text="their own yearly appraisal case",
            unchanged=flag,
        )
        Value = self.env["tsm.metric.value"]
        self.assertRpcRefused(
            self.user_officer,
            "tsm.metric.value",
            "create",
            {"metric_id": self.metric.id, "employee_id": self.emp_officer.id, "value": 99},
            text="their own metric values",
        )
        self.assertFalse(Value.search([("employee_id", "=", self.emp_officer.id)]))
        # A colleague's figure cannot be moved onto oneself either.
        value = Value.create(
            {"metric_id": self.metric.id, "employee_id": self.emp_engineer.id, "value": 3}
        )
        self.assertRpcRefused(
            self.user_officer,
            "tsm.metric.value",
            "write",
            value.ids,
            {"employee_id": self.emp_officer.id},
            unchanged=value,
        )

    def test_employee_never_sees_draft_scores(self):
        """Under appeal the final stage scores again: the employee reads
        nothing of the sheet until it is approved again, neither over RPC
        nor through the PDF URL; a colleague never."""
        sheet = self._appealed()
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.appraisal.sheet.line",
            "read",
            sheet.line_ids.ids,
            ["score_3"],
            text="Appraisal Sheet Line",
        )
        self.assertFalse(
            self.rpc(
                self.user_engineer,
                "tsm.appraisal.sheet.line",
                "search_read",
                [("sheet_id", "=", sheet.id)],
                ["score_3"],
            )
        )
        self.assertFalse(
            self.rpc(
                self.user_engineer,
                "tsm.appraisal.sheet",
                "search_read",
                [("id", "=", sheet.id)],
                ["total", "band_id"],
            )
        )
        with self.assertRaises(Refused):
            self._print(self.user_engineer, sheet)
        self._score(sheet, self.user_gm, {})
        self.assertIn("Work quality", self._print(self.user_engineer, sheet))
        with self.assertRaises(Refused):
            self._print(self.user_engineer2, sheet)

    def test_votes_and_veto_reasons_hidden_from_the_staff(self):
        award = self._round()
        nominee = award.nominee_ids.filtered(lambda n: n.employee_id == self.emp_leader)
        nominee.with_user(self.user_deputy)._tsm_veto("Customer complaint on 12 November")
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.eom.nominee",
            "read",
            nominee.ids,
            ["votes", "veto_reason"],
            text="veto_reason",
        )
        # While the round is checked, the staff see none of the candidates.
        self.assertFalse(
            self.rpc(
                self.user_engineer,
                "tsm.eom.nominee",
                "search_read",
                [("round_id", "=", award.id)],
                ["employee_id", "state"],
            )
        )
        self.assertRpcRefused(
            self.user_engineer, "tsm.eom.vote", "search_read", [], ["employee_id"]
        )
        # The checkers read them.
        rows = self.rpc(
            self.user_manager, "tsm.eom.nominee", "read", nominee.ids, ["votes", "veto_reason"]
        )
        self.assertEqual(rows[0]["veto_reason"], "Customer complaint on 12 November")

    def test_round_fields_set_by_the_buttons(self):
        award = self._round()
        for name, value in [
            ("state", "done"),
            ("manager_checked_by_id", self.user_manager.id),
            ("confirmed_by_id", self.user_gm.id),
            ("amount", 5000),
        ]:
            with self.subTest(field=name):
                self.assertRpcRefused(
                    self.user_manager,
                    "tsm.eom.round",
                    "write",
                    award.ids,
                    {name: value},
                    text="You cannot change",
                    unchanged=award,
                )
        # HR sets the award while the staff vote, not once the winners are known.
        self.assertRpcRefused(
            self.user_officer,
            "tsm.eom.round",
            "write",
            award.ids,
            {"amount": 5000},
            fault=RPC_USER_ERROR,
            text="cannot be changed while",
            unchanged=award,
        )

    def test_improvement_plan_roles(self):
        """The employee writes the plan, the manager follows it up."""
        sheet = self._sheet(stages=3)
        item = self._item(sheet)
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.appraisal.improvement",
            "write",
            item.ids,
            {"state": "done", "follow_up": "Achieved"},
            text="You cannot change",
            unchanged=item,
        )
        self.assertRpcRefused(
            self.user_manager,
            "tsm.appraisal.improvement",
            "write",
            item.ids,
            {"goal": "Something easier"},
            text="You cannot change",
            unchanged=item,
        )
        # Through the sheet form, each writes their part.
        self.rpc(
            self.user_engineer,
            "tsm.appraisal.sheet",
            "write",
            sheet.ids,
            {"improvement_ids": [(0, 0, {"goal": "Weekly log review"})]},
        )
        self.rpc(
            self.user_manager,
            "tsm.appraisal.sheet",
            "write",
            sheet.ids,
            {"improvement_ids": [(1, item.id, {"follow_up": "On track", "state": "done"})]},
        )
        self.assertEqual(
            sheet.improvement_ids.mapped("goal"), ["Fewer repeat faults", "Weekly log review"]
        )
        self.assertEqual((item.state, item.follow_up), ("done", "On track"))

    def test_configuration_totals_are_computed(self):
        template = self.tpl_a.copy({"name": "A for abuse"})
        self.assertRpcRefused(
            self.user_hr,
            "tsm.appraisal.template",
            "write",
            template.ids,
            {"total_max": 50},
            text="Sum of Max Points",
            unchanged=template,
        )
        self.rpc(self.user_hr, "tsm.appraisal.template", "write", template.ids, {"appeal_days": 3})
        self.assertEqual(template.appeal_days, 3)

    def test_appeal_once_in_chinese(self):
        """Appealing again and again would reopen the sheet forever."""
        self.user_engineer.lang = "zh_CN"
        sheet = self._sheet(stages=3)
        appeal = self.rpc(
            self.user_engineer,
            "tsm.appraisal.sheet.appeal",
            "create",
            {"sheet_id": sheet.id, "reason": "Uptime not counted"},
        )
        self.rpc(self.user_engineer, "tsm.appraisal.sheet.appeal", "action_confirm", [appeal])
        self.assertTrue(sheet.is_appeal)
        self._score(sheet, self.user_gm, {})
        self.assertEqual(sheet.state, "approved")
        again = self.rpc(
            self.user_engineer,
            "tsm.appraisal.sheet.appeal",
            "create",
            {"sheet_id": sheet.id, "reason": "Still not counted"},
        )
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.appraisal.sheet.appeal",
            "action_confirm",
            [again],
            context={"lang": "zh_CN"},
            fault=RPC_USER_ERROR,
            text="只能申诉一次",
            unchanged=sheet,
        )

    # ------------------------------------------------------------------
    # The security model, row by row
    # ------------------------------------------------------------------
    def test_security_matrix(self):
        for role, action, scope, allowed in MATRIX:
            with self.subTest(role=role, action=action, scope=scope):
                user = getattr(self, ROLES[role])
                run = getattr(self, f"_matrix_{action}")
                if allowed:
                    run(user, scope)
                else:
                    with self.assertRaises(Refused):
                        run(user, scope)

    def _employee(self, user, scope):
        """The employee whose record a row acts on."""
        if scope == "own":
            return user.employee_id
        return self.emp_engineer2 if user == self.user_engineer else self.emp_engineer

    def _matrix_read_sheet_in_review(self, user, scope):
        sheet = self._sheet(self._employee(user, scope))
        self._call(user, "tsm.appraisal.sheet", "read", sheet.ids, ["total"])

    def _matrix_read_sheet_approved(self, user, scope):
        sheet = self._sheet(self._employee(user, scope), stages=3)
        self._call(user, "tsm.appraisal.sheet.line", "read", sheet.line_ids.ids, ["score_3"])

    def _matrix_type_score(self, user, scope):
        sheet = self._sheet(self._employee(user, scope))
        column = "score_1" if user != self.user_deputy else "score_2"
        self._call(user, "tsm.appraisal.sheet.line", "write", self._line(sheet).ids, {column: 10})

    def _matrix_approve_stage(self, user, scope):
        sheet = self._sheet(self._employee(user, scope))
        self._score(sheet, self.user_manager, A_SCORES, approve=False)
        self._call(user, "tsm.appraisal.sheet", "action_approve_stage", sheet.ids)

    def _matrix_approve_second_stage(self, user, scope):
        sheet = self._sheet(self.emp_deputy, stages=1)  # first review by the GM
        self._call(user, "tsm.appraisal.sheet", "action_approve_stage", sheet.ids)

    def _matrix_write_total(self, user, scope):
        sheet = self._sheet(self._employee(user, scope))
        self._call(user, "tsm.appraisal.sheet", "write", sheet.ids, {"total": 99})

    def _matrix_generate_sheets(self, user, scope):
        number = self._next()
        day = date(2000 + number // 12, number % 12 + 1, 5)
        wizard = self._call(
            user,
            "tsm.appraisal.sheet.generate",
            "create",
            {
                "template_id": self.tpl_c.id,
                "day": fields.Date.to_string(day),
                "scope": "employee",
                "employee_ids": [(6, 0, self.emp_engineer.ids)],
            },
        )
        self._call(user, "tsm.appraisal.sheet.generate", "action_generate", [wizard])

    def _matrix_cancel_sheet(self, user, scope):
        sheet = self._sheet(self._employee(user, scope))
        self._call(user, "tsm.appraisal.sheet", "action_cancel", sheet.ids)

    def _matrix_appeal(self, user, scope):
        sheet = self._sheet(self._employee(user, scope), stages=3)
        self._call(user, "tsm.appraisal.sheet", "action_appeal", sheet.ids)

    def _matrix_write_plan(self, user, scope):
        sheet = self._sheet(self._employee(user, scope), stages=3)
        self._call(
            user, "tsm.appraisal.improvement", "create", {"sheet_id": sheet.id, "goal": "Logs"}
        )

    def _matrix_write_follow_up(self, user, scope):
        item = self._item(self._sheet(stages=3))
        self._call(user, "tsm.appraisal.improvement", "write", item.ids, {"follow_up": "Good"})

    def _matrix_enter_metric_value(self, user, scope):
        self._call(
            user,
            "tsm.metric.value",
            "create",
            {
                "metric_id": self.metric.id,
                "employee_id": self._employee(user, scope).id,
                "value": 4,
            },
        )

    def _matrix_decide_case(self, user, scope):
        flag = self._flag(self._employee(user, scope))
        self._call(user, "tsm.appraisal.flag", "action_done", flag.ids)

    def _matrix_read_veto_reasons(self, user, scope):
        award = self._round()
        self._call(user, "tsm.eom.nominee", "read", award.nominee_ids.ids, ["veto_reason"])

    def _matrix_check_round(self, user, scope):
        award = self._round()
        method = "action_manager_check" if user == self.user_manager else "action_deputy_check"
        self._call(user, "tsm.eom.round", method, award.ids)

    def _matrix_confirm_round_after_checking(self, user, scope):
        award = self._round(checked_by=(self.user_manager, user))
        self._call(user, "tsm.eom.round", "action_confirm", award.ids)

    def _matrix_confirm_round(self, user, scope):
        award = self._round(checked_by=(self.user_manager, self.user_deputy))
        self._call(user, "tsm.eom.round", "action_confirm", award.ids)

    def _matrix_print_sheet(self, user, scope):
        self._print(user, self._sheet(self._employee(user, scope), stages=3))
