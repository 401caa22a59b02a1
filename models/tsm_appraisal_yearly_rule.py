from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.appraisal_vocabulary import CONFIG_POLICY


class TsmAppraisalYearlyRule(models.Model):
    """'N grades of X in a calendar year → flag the case for HR' (six A grades:
    a promotion and raise review; six C grades: a demotion or termination review).
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
        Flag = (
            self.env["tsm.appraisal.flag"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True)
        )
        created = Flag.browse()
        for year in years:
            if not rules:
                break
            sheets_by = rules._tsm_sheets_by_grade(employees, year)
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
            new_vals, updates = rules._tsm_flag_changes(year, sheets_by, existing)
            for flag, sheet_ids in updates.items():
                flag.sheet_ids = [fields.Command.set(sheet_ids)]
            if new_vals:
                flags = Flag.create(new_vals)
                flags._tsm_notify_hr()
                created |= flags
        return created

    def _tsm_sheets_by_grade(self, employees, year):
        """{(employee id, band id): ids of the approved sheets of ``year``
        graded in one of the bands of these rules} in one grouped query."""
        start, end = fields.Date.to_date(f"{year}-01-01"), fields.Date.to_date(f"{year}-12-31")
        groups = (
            self.env["tsm.appraisal.sheet"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "approved"),
                    ("employee_id", "in", employees.ids),
                    ("band_id", "in", self.band_id.ids),
                    ("date_start", ">=", start),
                    ("date_start", "<=", end),
                ],
                ["employee_id", "band_id"],
                ["id:array_agg"],
            )
        )
        return {(emp.id, band.id): ids for emp, band, ids in groups}

    def _tsm_flag_changes(self, year, sheets_by, existing):
        """What reaching these rules changes: the values of the new flags,
        and {existing flag: sheet ids} for the flags that gained sheets."""
        new_vals, updates = [], defaultdict(list)
        for (employee_id, band_id), sheet_ids in sheets_by.items():
            for rule in self.filtered(lambda r, b=band_id: r.band_id.id == b):
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
        return new_vals, updates
