from odoo import api, fields, models

from ..tools.trip_vocabulary import DAY_REASONS, DESTINATION_CLASSES

# Trip states whose days count as days away (metrics, analysis).
AWAY_STATES = ("approved", "in_progress", "returned", "settled")


class TsmTripDay(models.Model):
    """One traveller's day on a trip: the working of the allowance (where they
    were, the rule applied, whether the day is paid and why). Built by the
    trip, never typed; frozen when the trip is settled."""

    _name = "tsm.trip.day"
    _description = "Trip Allowance Day"
    _inherit = ["tsm.guard.mixin"]
    _order = "trip_id, traveller_id, date"
    _check_company_auto = True
    # Only the trip's allowance working writes it (no policy line).
    _tsm_policy = ()

    trip_id = fields.Many2one("tsm.trip", required=True, ondelete="cascade", index=True)
    traveller_id = fields.Many2one(
        "tsm.trip.traveller", required=True, ondelete="cascade", index=True
    )
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    department_id = fields.Many2one("hr.department", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    trip_state = fields.Selection(
        related="trip_id.state", store=True, precompute=True, string="Trip State"
    )
    date = fields.Date(required=True, index=True)
    leg_id = fields.Many2one("tsm.trip.leg", ondelete="set null")
    place = fields.Char()
    destination_class = fields.Selection(DESTINATION_CLASSES)
    employee_status = fields.Selection(
        [("regular", "Regular employee"), ("new", "New employee")], string="Status"
    )
    rule_id = fields.Many2one("tsm.allowance.rule", string="Rule Applied", ondelete="set null")
    counted = fields.Boolean(string="Paid")
    reason = fields.Selection(DAY_REASONS, string="Why")
    rate = fields.Monetary(aggregator="max")
    amount = fields.Monetary(aggregator="sum")

    # ------------------------------------------------------------------
    # Metrics (the metrics registry, tsm.metric)
    # ------------------------------------------------------------------
    @api.model
    def _tsm_metric_trip_days(self, metric, employees, date_from, date_to):
        """trip_days: calendar days away on approved, ongoing or closed trips."""
        return self._tsm_count_days(
            employees, date_from, date_to, [("trip_state", "in", AWAY_STATES)]
        )

    @api.model
    def _tsm_metric_trip_allowance_days(self, metric, employees, date_from, date_to):
        """trip_allowance_days: days with a paid allowance on settled trips."""
        return self._tsm_count_days(
            employees,
            date_from,
            date_to,
            [("trip_state", "=", "settled"), ("counted", "=", True)],
        )

    @api.model
    def _tsm_count_days(self, employees, date_from, date_to, domain):
        """{employee id: number of their days of the period matching ``domain``}, one query."""
        groups = self._read_group(
            [
                ("employee_id", "in", employees.ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                *domain,
            ],
            ["employee_id"],
            ["__count"],
        )
        return {employee.id: float(count) for employee, count in groups}
