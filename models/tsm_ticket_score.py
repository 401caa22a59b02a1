from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.settings import setting
from ..tools.ticket_vocabulary import SOLVED_STATES

# The metrics this wing publishes (data/tsm_ticket_metric_data.xml).
TICKET_METRIC_CODES = (
    "ticket_points",
    "standard_points",
    "efficiency",
    "workload_score",
    "valid_tickets",
    "invalid_tickets",
    "dissatisfied_callbacks",
    "customer_score",
    "unqualified_worklogs",
    "worklog_score",
    "unqualified_forms",
    "form_score",
    "area_completion_rate",
    "area_score",
    "task_score",
)


class TsmTicketScore(models.Model):
    """What a ticket scores: whether it is valid at all, and the engineer's
    monthly score from tickets (points, efficiency, workload, customer, work
    log and form scores), published as metrics. Every provider works on all
    the employees at once with a fixed number of grouped queries."""

    _inherit = "tsm.ticket"

    # A ticket scores only when its visits match the dispatch and the work log.
    is_valid = fields.Boolean(string="Valid", compute="_compute_validity", store=True, index=True)
    invalid_reason = fields.Text(compute="_compute_validity", store=True)

    @api.depends(
        "engineer_line_ids.employee_id",
        "engineer_line_ids.is_intern",
        "visit_ids.employee_id",
        "visit_ids.work_done",
        "date_assigned",
    )
    def _compute_validity(self):
        for ticket in self:
            reasons = []
            dispatched = ticket.engineer_line_ids.employee_id
            if not dispatched or not ticket.date_assigned:
                reasons.append(self.env._("No dispatch: no engineer was assigned to the ticket."))
            if not ticket.visit_ids:
                reasons.append(self.env._("No visit in the work log."))
            strangers = ticket.visit_ids.employee_id - dispatched
            if dispatched and strangers:
                reasons.append(
                    self.env._(
                        "Visits by engineers not dispatched to the ticket: %s.",
                        ", ".join(strangers.mapped("name")),
                    )
                )
            idle = (dispatched - ticket.engineer_line_ids.filtered("is_intern").employee_id) - (
                ticket.visit_ids.employee_id
            )
            if ticket.visit_ids and idle:
                reasons.append(
                    self.env._(
                        "Dispatched engineers with no visit in the work log: %s.",
                        ", ".join(idle.mapped("name")),
                    )
                )
            if ticket.visit_ids.filtered(lambda visit: not (visit.work_done or "").strip()):
                reasons.append(self.env._("A visit has no work done in the work log."))
            ticket.is_valid = not reasons
            ticket.invalid_reason = "\n".join(reasons) or False

    @api.model
    def _tsm_line_figures(self, employees, date_from, date_to):
        """{employee id: {points, valid, invalid, worklogs, forms}} over the
        tickets solved in the period, for engineers who are not interns."""
        groups = (
            self.env["tsm.ticket.engineer"]
            .sudo()
            ._read_group(
                [
                    ("employee_id", "in", employees.ids),
                    ("date_solved", ">=", date_from),
                    ("date_solved", "<=", date_to),
                    ("state", "in", SOLVED_STATES),
                    ("is_intern", "=", False),
                ],
                ["employee_id", "is_valid", "worklog_unqualified", "form_unqualified"],
                ["points:sum", "__count"],
            )
        )
        figures = defaultdict(lambda: defaultdict(float))
        for employee, valid, worklog_bad, form_bad, points, count in groups:
            row = figures[employee.id]
            if valid:
                row["points"] += points
                row["valid"] += count
            else:
                row["invalid"] += count
            if worklog_bad:
                row["worklogs"] += count
            if form_bad:
                row["forms"] += count
        return figures

    @api.model
    def _tsm_metric_ticket_points(self, metric, employees, date_from, date_to):
        figures = self._tsm_line_figures(employees, date_from, date_to)
        key = {
            "ticket_points": "points",
            "valid_tickets": "valid",
            "invalid_tickets": "invalid",
            "unqualified_worklogs": "worklogs",
            "unqualified_forms": "forms",
        }[metric.code]
        return {employee_id: row[key] for employee_id, row in figures.items()}

    @api.model
    def _tsm_metric_standard_points(self, metric, employees, date_from, date_to):
        return {
            employee.id: setting(employee.company_id, "ticket_standard_points")
            for employee in employees
        }

    @api.model
    def _tsm_efficiency(self, employees, date_from, date_to):
        figures = self._tsm_line_figures(employees, date_from, date_to)
        result = {}
        for employee in employees:
            standard = setting(employee.company_id, "ticket_standard_points")
            cap = setting(employee.company_id, "ticket_efficiency_cap")
            value = figures[employee.id]["points"] / standard if standard else 0.0
            result[employee.id] = min(value, cap) if cap else value
        return result

    @api.model
    def _tsm_metric_efficiency(self, metric, employees, date_from, date_to):
        return self._tsm_efficiency(employees, date_from, date_to)

    @api.model
    def _tsm_metric_workload_score(self, metric, employees, date_from, date_to):
        efficiency = self._tsm_efficiency(employees, date_from, date_to)
        return {
            employee.id: setting(employee.company_id, "ticket_workload_weight")
            * efficiency[employee.id]
            for employee in employees
        }

    @api.model
    def _tsm_dissatisfied(self, employees, date_from, date_to):
        """Dissatisfied callbacks in the period (by phone or e-mail rating),
        counted for each engineer of the ticket who is not an intern."""
        self.env["tsm.ticket.callback"].flush_model(["ticket_id", "satisfaction", "reached", "day"])
        self.env["tsm.ticket.engineer"].flush_model(["ticket_id", "employee_id", "is_intern"])
        self.env.cr.execute(
            SQL(
                """
                SELECT line.employee_id, count(*)
                  FROM tsm_ticket_callback callback
                  JOIN tsm_ticket_engineer line ON line.ticket_id = callback.ticket_id
                 WHERE callback.satisfaction = 'dissatisfied'
                   AND callback.reached
                   AND callback.day BETWEEN %s AND %s
                   AND NOT coalesce(line.is_intern, FALSE)
                   AND line.employee_id = ANY(%s)
              GROUP BY line.employee_id
                """,
                date_from,
                date_to,
                employees.ids,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _tsm_metric_dissatisfied_callbacks(self, metric, employees, date_from, date_to):
        return {
            employee_id: float(count)
            for employee_id, count in self._tsm_dissatisfied(employees, date_from, date_to).items()
        }

    @api.model
    def _tsm_metric_deduction_score(self, metric, employees, date_from, date_to):
        """customer_score, worklog_score, form_score: the weight minus a
        deduction per dissatisfied callback / unqualified log / form, not
        below 0."""
        weight_key, deduction_key = {
            "customer_score": ("ticket_customer_weight", "ticket_dissatisfied_deduction"),
            "worklog_score": ("ticket_worklog_weight", "ticket_worklog_deduction"),
            "form_score": ("ticket_form_weight", "ticket_form_deduction"),
        }[metric.code]
        if metric.code == "customer_score":
            counts = self._tsm_dissatisfied(employees, date_from, date_to)
        else:
            key = "worklogs" if metric.code == "worklog_score" else "forms"
            figures = self._tsm_line_figures(employees, date_from, date_to)
            counts = {employee_id: row[key] for employee_id, row in figures.items()}
        return {
            employee.id: max(
                0.0,
                setting(employee.company_id, weight_key)
                - setting(employee.company_id, deduction_key) * counts.get(employee.id, 0),
            )
            for employee in employees
        }

    @api.model
    def _tsm_metric_area_completion(self, metric, employees, date_from, date_to):
        """area_completion_rate (%) and area_score of the employee's area."""
        areas = employees.tsm_area_id
        rates = areas._tsm_completion_rates(date_from, date_to) if areas else {}
        key = "rate" if metric.code == "area_completion_rate" else "score"
        return {
            employee.id: rates[employee.tsm_area_id.id][key]
            for employee in employees
            if employee.tsm_area_id.id in rates
        }
