from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.flow import flow
from ..tools.policy import Allow
from .tsm_appraisal_template import CONFIG_POLICY

HR_OFFICER = "hr_tech_service.group_tsm_hr_officer"


class TsmAppraisalYearlyRule(models.Model):
    """'N grades of X in a calendar year → flag the case for HR' (RULES.md §1.6).
    The system flags; people decide: nothing changes a contract by itself."""

    _name = "tsm.appraisal.yearly.rule"
    _description = "Appraisal Yearly Rule"
    _inherit = ["tsm.guard.mixin"]
    _tsm_policy = CONFIG_POLICY
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    scale_id = fields.Many2one("tsm.grade.scale", string="Grade Scale", required=True)
    band_id = fields.Many2one(
        "tsm.grade.band", string="Grade", required=True, domain="[('scale_id', '=', scale_id)]"
    )
    count = fields.Integer(string="Times in a Year", required=True, default=6)
    outcome = fields.Selection(
        [
            ("promotion", "Promotion and raise review"),
            ("demotion", "Demotion or termination review"),
            ("other", "Other review"),
        ],
        required=True,
        default="other",
    )
    note = fields.Text(string="What HR should do", translate=True)

    @api.constrains("count", "band_id", "scale_id")
    def _check_rule(self):
        for rule in self:
            if rule.count < 1:
                raise ValidationError(self.env._("A yearly rule needs a count of at least 1."))
            if rule.band_id.scale_id != rule.scale_id:
                raise ValidationError(
                    self.env._("The grade of rule %s is not on its scale.", rule.name)
                )

    @api.model
    def _tsm_check(self, employees, years):
        """Flag every (employee, rule, year) that reaches the rule's count;
        grouped queries, whatever the number of employees.

        :return: the flags created
        """
        rules = self.sudo().search([("active", "=", True)])
        Sheet = self.env["tsm.appraisal.sheet"].sudo()
        Flag = (
            self.env["tsm.appraisal.flag"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True)
        )
        created = Flag.browse()
        for year in years:
            start, end = fields.Date.to_date(f"{year}-01-01"), fields.Date.to_date(f"{year}-12-31")
            if not rules:
                break
            groups = Sheet._read_group(
                [
                    ("state", "=", "approved"),
                    ("employee_id", "in", employees.ids),
                    ("band_id", "in", rules.band_id.ids),
                    ("date_start", ">=", start),
                    ("date_start", "<=", end),
                ],
                ["employee_id", "band_id"],
                ["id:array_agg"],
            )
            sheets_by = {(emp.id, band.id): ids for emp, band, ids in groups}
            existing = {
                (flag.employee_id.id, flag.rule_id.id): flag
                for flag in Flag.search(
                    [
                        ("employee_id", "in", employees.ids),
                        ("rule_id", "in", rules.ids),
                        ("year", "=", year),
                    ]
                )
            }
            new_vals, updates = [], defaultdict(list)
            for (employee_id, band_id), sheet_ids in sheets_by.items():
                for rule in rules.filtered(lambda r, b=band_id: r.band_id.id == b):
                    if len(sheet_ids) < rule.count:
                        continue
                    flag = existing.get((employee_id, rule.id))
                    if flag:
                        if set(sheet_ids) - set(flag.sheet_ids.ids):
                            updates[flag].extend(sheet_ids)
                        continue
                    new_vals.append(
                        {
                            "employee_id": employee_id,
                            "rule_id": rule.id,
                            "year": year,
                            "sheet_ids": [fields.Command.set(sheet_ids)],
                        }
                    )
            for flag, sheet_ids in updates.items():
                flag.sheet_ids = [fields.Command.set(sheet_ids)]
            if new_vals:
                flags = Flag.create(new_vals)
                flags._tsm_notify_hr()
                created |= flags
        return created


class TsmAppraisalFlag(models.Model):
    """A case a yearly rule raised for HR, with the sheets that caused it."""

    _name = "tsm.appraisal.flag"
    _description = "Appraisal Yearly Case"
    _inherit = ["mail.thread", "mail.activity.mixin", "tsm.guard.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True
    # Raised by the yearly rules only; HR writes the decision of a colleague's
    # case and closes it with its buttons. Nothing deletes a case.
    _tsm_policy = (Allow("decision", groups=HR_OFFICER, states=("new",), who="_tsm_is_colleague"),)

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True)
    company_id = fields.Many2one(related="employee_id.company_id", store=True, index=True)
    department_id = fields.Many2one(related="employee_id.department_id", store=True)
    rule_id = fields.Many2one("tsm.appraisal.yearly.rule", required=True, ondelete="restrict")
    outcome = fields.Selection(related="rule_id.outcome", store=True)
    year = fields.Integer(required=True, index=True)
    sheet_ids = fields.Many2many("tsm.appraisal.sheet", string="Sheets")
    sheet_count = fields.Integer(compute="_compute_sheet_count")
    state = fields.Selection(
        [("new", "To Review"), ("done", "Decided"), ("dismissed", "Dismissed")],
        default="new",
        required=True,
        tracking=True,
    )
    decision = fields.Text(tracking=True)

    _sql_constraints = [
        (
            "employee_rule_year_uniq",
            "unique(employee_id, rule_id, year)",
            "This case is already flagged for the employee and year.",
        ),
    ]

    @api.depends("employee_id.name", "rule_id.name", "year")
    def _compute_name(self):
        for flag in self:
            flag.name = f"{flag.year} {flag.employee_id.name}: {flag.rule_id.name}"

    @api.depends("sheet_ids")
    def _compute_sheet_count(self):
        for flag in self:
            flag.sheet_count = len(flag.sheet_ids)

    def _tsm_notify_hr(self):
        """A to-do for HR on each new case (one batch)."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        hr_group = self.env.ref("hr_tech_service.group_tsm_hr_manager")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for flag in self:
            users = hr_group.sudo().users.filtered(
                lambda user, f=flag: (
                    user.active and f.company_id in user.company_ids and not user.share
                )
            )
            if not users:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": flag.id,
                    "activity_type_id": activity_type.id,
                    "user_id": users.sorted("id")[0].id,
                    "summary": flag.rule_id.name,
                    "note": flag.rule_id.note,
                }
            )
        if vals_list:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                vals_list
            )

    def _tsm_is_colleague(self):
        return self.filtered(lambda flag: flag.employee_id.user_id != self.env.user)

    def action_done(self):
        self._tsm_decide("done")
        return True

    def action_dismiss(self):
        self._tsm_decide("dismissed")
        return True

    def _tsm_decide(self, state):
        self._tsm_require(HR_OFFICER, action=self.env._("decide yearly appraisal cases"))
        if self - self._tsm_is_colleague():
            raise AccessError(self.env._("Nobody decides their own yearly appraisal case."))
        if any(flag.state != "new" for flag in self):
            raise UserError(self.env._("Only cases still to review can be decided or dismissed."))
        flow(self).write({"state": state})

    def action_view_sheets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_appraisal_sheet_action"
        )
        action["domain"] = [("id", "in", self.sheet_ids.ids)]
        action["context"] = {}
        return action
