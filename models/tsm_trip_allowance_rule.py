from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.policy import Allow
from ..tools.trip_allowance import CONDITIONS, Rule, RuleTable
from ..tools.trip_vocabulary import (
    DAY_COUNTS,
    DESTINATION_CLASSES,
    HR_MANAGER,
    LODGING_CASES,
    TRIP_PURPOSES,
)


class TsmAllowanceRule(models.Model):
    """A row of the trip allowance table: for a case (purpose × destination
    class × employee status × lodging), the rate per day, how days are
    counted and the cap per trip.

    An empty condition means "any". When several rules match a day, the most
    specific one applies (``tools/trip_allowance.py`` applies the table): a
    rule naming the lodging beats one that does not, then one naming the
    employee status, then the purpose, then the destination class. Two rules
    with the same conditions would match the same cases and are refused.
    """

    _name = "tsm.allowance.rule"
    _description = "Trip Allowance Rule"
    _inherit = ["tsm.guard.mixin"]
    _order = "sequence, id"
    _check_company_auto = True
    # The rule table is configured by HR Managers.
    _tsm_policy = (
        Allow("*", groups=HR_MANAGER),
        Allow(on="unlink", groups=HR_MANAGER),
    )

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the rule applies to every company."
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    purpose = fields.Selection(TRIP_PURPOSES, help="Empty: any purpose.")
    destination_class = fields.Selection(DESTINATION_CLASSES, help="Empty: any destination.")
    employee_status = fields.Selection(
        [("regular", "Regular employee"), ("new", "New employee (in probation)")],
        help="Empty: any employee. An employee in probation on the departure date is new.",
    )
    lodging = fields.Selection(
        LODGING_CASES,
        help="Empty: any lodging. Client provides food and lodging and regional-office stays "
        "are set on the trip.",
    )
    rate = fields.Monetary(string="Rate per Day", currency_field="currency_id")
    day_count = fields.Selection(
        DAY_COUNTS,
        string="Days Counted",
        required=True,
        default="nights",
    )
    max_days = fields.Integer(
        string="Maximum Days per Trip", help="0: no maximum. Days beyond it are not paid."
    )
    condition_summary = fields.Char(string="Applies To", compute="_compute_condition_summary")
    note = fields.Text(string="Source", help="The rule as the source document states it.")

    _sql_constraints = [
        ("rate_positive", "CHECK(rate >= 0)", "An allowance rate cannot be negative."),
        ("max_days_positive", "CHECK(max_days >= 0)", "The maximum days cannot be negative."),
    ]

    @api.depends("company_id")
    def _compute_currency_id(self):
        for rule in self:
            rule.currency_id = rule.company_id.currency_id or self.env.company.currency_id

    @api.depends(*CONDITIONS)
    def _compute_condition_summary(self):
        for rule in self:
            parts = []
            for fname in CONDITIONS:
                field = rule._fields[fname]
                labels = dict(field._description_selection(self.env))
                parts.append(
                    labels[rule[fname]]
                    if rule[fname]
                    else self.env._(
                        "any %(condition)s", condition=field._description_string(self.env).lower()
                    )
                )
            rule.condition_summary = " · ".join(parts)

    @api.constrains("active", "company_id", *CONDITIONS)
    def _check_one_rule_per_case(self):
        for rule in self.filtered("active"):
            domain = [("id", "!=", rule.id)]
            domain += [(fname, "=", rule[fname]) for fname in CONDITIONS]
            if rule.company_id:
                domain.append(("company_id", "in", [False, rule.company_id.id]))
            other = self.sudo().search(domain, limit=1)
            if other:
                raise ValidationError(
                    self.env._(
                        "Allowance rules “%(rule)s” and “%(other)s” apply to the same case "
                        "(%(case)s): keep only one of them.",
                        rule=rule.name,
                        other=other.name,
                        case=rule.condition_summary,
                    )
                )

    # ------------------------------------------------------------------
    # The table as the allowance engine reads it
    # ------------------------------------------------------------------
    @api.model
    def _tsm_rule_table(self):
        """The active rules, in the table's order, as a
        ``tools.trip_allowance.RuleTable`` (one query)."""
        return RuleTable(
            Rule(
                id=rule.id,
                company_id=rule.company_id.id or None,
                purpose=rule.purpose or None,
                destination_class=rule.destination_class or None,
                employee_status=rule.employee_status or None,
                lodging=rule.lodging or None,
                rate=rule.rate,
                day_count=rule.day_count,
                max_days=rule.max_days,
            )
            for rule in self.search([("active", "=", True)])
        )
