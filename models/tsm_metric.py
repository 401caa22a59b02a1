from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.policy import Allow

HR_MANAGER = "hr_tech_service.group_tsm_hr_manager"

METRIC_CODE_HELP = (
    "Stable identifier used in appraisal formulas: lower-case letters, digits and "
    "underscores, starting with a letter."
)


class TsmMetric(models.Model):
    """The metrics registry: named per-employee, per-period numbers that
    appraisal formulas use (DESIGN.md, interface 1).

    A metric is either *computed* by a provider method that another part of
    the addon publishes, or *entered*: its values are typed or imported per
    employee and period (tsm.metric.value), e.g. figures from an outside
    system.

    To publish a computed metric, a wing adds a data record::

        <record id="metric_ticket_points" model="tsm.metric">
            <field name="code">ticket_points</field>
            <field name="name">Reviewed ticket points</field>
            <field name="description">Sum of the reviewed points of valid tickets.</field>
            <field name="provider_model">tsm.ticket</field>
            <field name="provider_method">_tsm_metric_ticket_points</field>
        </record>

    and implements, on ``provider_model``::

        def _tsm_metric_ticket_points(self, metric, employees, date_from, date_to):
            return {employee_id: value, ...}   # grouped queries, not one per employee

    Employees missing from the result count as 0.
    """

    _name = "tsm.metric"
    _description = "Metric"
    _inherit = ["tsm.guard.mixin"]
    _tsm_policy = (Allow("*", groups=HR_MANAGER), Allow(on="unlink", groups=HR_MANAGER))
    _order = "sequence, code"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True, help=METRIC_CODE_HELP)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(string="Meaning", translate=True)
    kind = fields.Selection(
        [("computed", "Computed"), ("entered", "Entered per employee")],
        required=True,
        default="entered",
        help="Computed: published by a part of the addon. Entered: values are typed or "
        "imported per employee and period.",
    )
    provider_model = fields.Char(help="Model that publishes the metric.")
    provider_method = fields.Char(help="Method of the provider model, starting with _tsm_metric_.")
    unit = fields.Char(translate=True, help="e.g. points, %, screens")
    value_ids = fields.One2many("tsm.metric.value", "metric_id", string="Values")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The metric code must be unique."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for metric in self:
            code = metric.code or ""
            if not (code[:1].isalpha() and code.isascii() and code.replace("_", "a").isalnum()) or (
                code != code.lower()
            ):
                raise ValidationError(
                    self.env._(
                        "The metric code “%s” must use lower-case letters, digits and "
                        "underscores and start with a letter.",
                        code,
                    )
                )

    @api.constrains("kind", "provider_model", "provider_method")
    def _check_provider(self):
        for metric in self.filtered(lambda m: m.kind == "computed"):
            method = metric.provider_method or ""
            model = self.env.get(metric.provider_model or "")
            if (
                model is None
                or not method.startswith("_tsm_metric_")
                or not callable(getattr(model, method, None))
            ):
                raise ValidationError(
                    self.env._(
                        "Metric %(metric)s: %(model)s has no provider method %(method)s "
                        "(provider methods start with _tsm_metric_).",
                        metric=metric.code,
                        model=metric.provider_model or "-",
                        method=method or "-",
                    )
                )

    @api.depends("code")
    def _compute_display_name(self):
        for metric in self:
            metric.display_name = f"{metric.name} ({metric.code})"

    # ------------------------------------------------------------------
    # The one way out
    # ------------------------------------------------------------------
    @api.model
    def _tsm_compute(self, codes, employees, date_from, date_to):
        """Values of the metrics ``codes`` for ``employees`` over the period.

        :return: {code: {employee id: float}}; a fixed number of queries per
            metric, whatever the number of employees.
        """
        metrics = self.sudo().with_context(active_test=False).search([("code", "in", list(codes))])
        unknown = set(codes) - set(metrics.mapped("code"))
        if unknown:
            raise ValidationError(self.env._("Unknown metric: %s.", ", ".join(sorted(unknown))))
        result = {}
        entered = metrics.filtered(lambda metric: metric.kind == "entered")
        if entered:
            values = defaultdict(lambda: defaultdict(float))
            groups = (
                self.env["tsm.metric.value"]
                .sudo()
                ._read_group(
                    [
                        ("metric_id", "in", entered.ids),
                        ("employee_id", "in", employees.ids),
                        ("date", ">=", date_from),
                        ("date", "<=", date_to),
                    ],
                    ["metric_id", "employee_id"],
                    ["value:sum"],
                )
            )
            for metric, employee, value in groups:
                values[metric.code][employee.id] = value
            for metric in entered:
                result[metric.code] = dict(values[metric.code])
        for metric in metrics - entered:
            provider = self.env[metric.provider_model].sudo()
            result[metric.code] = getattr(provider, metric.provider_method)(
                metric, employees.sudo(), date_from, date_to
            )
        return result

    # ------------------------------------------------------------------
    # Metrics published here (need no tickets)
    # ------------------------------------------------------------------
    @api.model
    def _tsm_metric_days_in_period(self, metric, employees, date_from, date_to):
        days = (date_to - date_from).days + 1
        return dict.fromkeys(employees.ids, float(days))

    @api.model
    def _tsm_metric_working_days(self, metric, employees, date_from, date_to):
        """Planned working days of the employee's working schedule (leaves
        not deducted); one computation per schedule, not per employee."""
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        result = {}
        by_calendar = defaultdict(list)
        for employee in employees:
            by_calendar[employee.resource_calendar_id].append(employee.id)
        for calendar, employee_ids in by_calendar.items():
            days = (
                calendar.get_work_duration_data(start, end, compute_leaves=False)["days"]
                if calendar
                else 0.0
            )
            result.update(dict.fromkeys(employee_ids, float(days)))
        return result

    @api.model
    def _tsm_metric_tenure_months(self, metric, employees, date_from, date_to):
        result = {}
        for employee in employees:
            hired = employee.tsm_hire_date
            if hired and hired <= date_to:
                delta = relativedelta(date_to, hired)
                result[employee.id] = float(delta.years * 12 + delta.months)
        return result

    @api.model
    def _tsm_metric_area(self, metric, employees, date_from, date_to):
        """area_screen_count, area_failure_rate, area_screens_x_failure_rate:
        figures of the employee's service area."""
        field = {
            "area_screen_count": lambda area: area.screen_count,
            "area_failure_rate": lambda area: area.failure_rate,
            "area_screens_x_failure_rate": lambda area: area.screen_count * area.failure_rate,
        }[metric.code]
        return {
            employee.id: float(field(employee.tsm_area_id))
            for employee in employees
            if employee.tsm_area_id
        }
