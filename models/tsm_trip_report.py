from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.policy import Allow
from ..tools.trip_vocabulary import DEPT_MANAGER, OPEN_STATES


class TsmTripReport(models.Model):
    """The daily trip report (出差记录 / 每天向部门经理汇报): one per traveller
    and day away, with the place, the work done and the contact
    made. Short enough to type on a phone."""

    _name = "tsm.trip.report"
    _description = "Daily Trip Report"
    _inherit = ["tsm.guard.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # Written by its author only, for a day of their trip; it can be
    # corrected until the manager approving the traveller has reviewed it
    # (a button). The day, the trip and the author do not change.
    _tsm_policy = (
        Allow(
            "trip_id employee_id date", on="create", states=("to_review",), who="_tsm_who_author"
        ),
        Allow(
            "place work_done contact_made attachment_ids",
            states=("to_review",),
            who="_tsm_who_author",
        ),
        Allow(on="unlink", states=("to_review",), who="_tsm_who_author"),
    )

    trip_id = fields.Many2one(
        "tsm.trip",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        default=lambda self: self._default_trip_id(),
        domain="[('state', 'in', ('approved', 'in_progress', 'returned'))]",
    )
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    company_id = fields.Many2one(
        related="trip_id.company_id", store=True, precompute=True, index=True
    )
    department_id = fields.Many2one(
        "hr.department", related="employee_id.department_id", store=True, precompute=True
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    place = fields.Char(string="Where", required=True)
    work_done = fields.Text(required=True)
    contact_made = fields.Char(
        help="Whom you reported to or met today: the department manager, the customer's contact..."
    )
    customer_id = fields.Many2one(related="trip_id.customer_id")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "tsm_trip_report_attachment_rel",
        "report_id",
        "attachment_id",
        string="Photos and Files",
    )
    late = fields.Boolean(
        string="Filed Late",
        compute="_compute_late",
        store=True,
        help="Filed after the day it reports on.",
    )
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    reviewed_date = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection(
        [("to_review", "To Review"), ("reviewed", "Reviewed")],
        compute="_compute_state",
        store=True,
        index=True,
    )

    _sql_constraints = [
        (
            "trip_employee_date_uniq",
            "unique(trip_id, employee_id, date)",
            "There is already a daily report of this traveller for this day.",
        ),
    ]

    def _default_trip_id(self):
        employee = self.env.user.employee_id
        if not employee:
            return False
        return self.env["tsm.trip"].search(
            [("state", "in", OPEN_STATES), ("employee_ids", "in", employee.ids)],
            order="date_from desc",
            limit=1,
        )

    @api.depends("date", "create_date")
    def _compute_late(self):
        for report in self:
            filed = report.create_date or fields.Datetime.now()
            report.late = bool(
                report.date
                and report.trip_id
                and report.trip_id._tsm_local_date(filed) > report.date
            )

    @api.depends("reviewed_by_id")
    def _compute_state(self):
        for report in self:
            report.state = "reviewed" if report.reviewed_by_id else "to_review"

    @api.depends("trip_id", "date", "employee_id")
    def _compute_display_name(self):
        for report in self:
            report.display_name = f"{report.date or ''} {report.employee_id.name or ''}".strip()

    @api.constrains("trip_id", "employee_id", "date")
    def _check_day(self):
        today = fields.Date.context_today(self)
        duplicates = self.sudo()._read_group(
            [
                ("trip_id", "in", self.trip_id.ids),
                ("employee_id", "in", self.employee_id.ids),
                ("date", "in", self.mapped("date")),
            ],
            ["trip_id", "employee_id", "date:day"],
            ["__count"],
        )
        twice = {(trip, employee, day) for trip, employee, day, count in duplicates if count > 1}
        for report in self:
            trip = report.trip_id
            if report.employee_id not in trip.sudo().traveller_ids.employee_id:
                raise ValidationError(
                    self.env._(
                        "%(employee)s is not a traveller of trip %(trip)s.",
                        employee=report.employee_id.name,
                        trip=trip.name,
                    )
                )
            if report.date > today:
                raise ValidationError(
                    self.env._("A daily report cannot be for a day to come (%s).", report.date)
                )
            last = trip.date_to if trip.state == "returned" else max(trip.date_to, today)
            if report.date < trip.date_from or report.date > last:
                raise ValidationError(
                    self.env._(
                        "%(date)s is not a day of trip %(trip)s (%(start)s - %(end)s).",
                        date=report.date,
                        trip=trip.name,
                        start=trip.date_from,
                        end=trip.date_to,
                    )
                )
            if (trip, report.employee_id, report.date) in twice:
                raise ValidationError(
                    self.env._(
                        "%(employee)s already filed the daily report of %(date)s for trip "
                        "%(trip)s.",
                        employee=report.employee_id.name,
                        date=report.date,
                        trip=trip.name,
                    )
                )

    def _tsm_check_trip_open(self, trips):
        for trip in trips:
            if trip.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "Daily reports are filed for approved trips under way or just back; "
                        "trip %(trip)s is not.",
                        trip=trip.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._tsm_check_trip_open(
            self.env["tsm.trip"].browse({vals.get("trip_id") for vals in vals_list} - {None})
        )
        for vals in vals_list:
            employee_id = vals.get("employee_id") or self.env.user.employee_id.id
            day = vals.get("date") or fields.Date.context_today(self)
            if vals.get("trip_id") and self.sudo().search_count(
                [
                    ("trip_id", "=", vals["trip_id"]),
                    ("employee_id", "=", employee_id),
                    ("date", "=", day),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "%(employee)s already filed the daily report of %(date)s for this trip.",
                        employee=self.env["hr.employee"].browse(employee_id).name,
                        date=day,
                    )
                )
        reports = super().create(vals_list)
        reports._tsm_mark_late_flags()
        return reports

    def write(self, vals):
        self._tsm_check_trip_open(self.trip_id)
        res = super().write(vals)
        if {"trip_id", "employee_id", "date"} & set(vals):
            self._tsm_check_trip_open(self.trip_id)
            self._tsm_mark_late_flags()
        return res

    # ------------------------------------------------------------------
    # Rights and review
    # ------------------------------------------------------------------
    def _tsm_who_author(self):
        if self.env.su:
            return self
        user = self.env.user
        return self.filtered(lambda report: report.employee_id.sudo().user_id == user)

    def _tsm_who_reviewer(self):
        """The reports the user reviews: those of the travellers the user
        approves on that trip; never one's own."""
        if self.env.su:
            return self
        user = self.env.user
        approvable = {
            (traveller.trip_id, traveller.employee_id)
            for traveller in self.trip_id._tsm_approvable_travellers()
        }
        return self.filtered(
            lambda report: (
                report.employee_id.sudo().user_id != user
                and (report.trip_id, report.employee_id) in approvable
            )
        )

    def action_review(self):
        """The manager approving the traveller has read the reports; they can
        no longer be changed."""
        self._tsm_require(DEPT_MANAGER, action=self.env._("review daily reports"))
        if self.filtered("reviewed_by_id"):
            raise UserError(self.env._("These daily reports have already been reviewed."))
        reviewers = self._tsm_who_reviewer()
        for report in self:
            if report not in reviewers and report.employee_id.sudo().user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only the manager approving %(employee)s on trip %(trip)s reviews their "
                        "daily reports.",
                        employee=report.employee_id.sudo().name,
                        trip=report.trip_id.name,
                    )
                )
            report.trip_id._tsm_check_other_actor(
                report.employee_id.sudo().user_id, self.env._("review daily reports of")
            )
        # Managers read reports only: written as superuser once checked.
        self.sudo().write({"reviewed_by_id": self.env.uid, "reviewed_date": fields.Datetime.now()})
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_open_trip(self):
        self._tsm_check_trip_open(self.trip_id)

    def _tsm_mark_late_flags(self):
        """A report filed for a day already flagged: the flag stays (it was
        not reported that day) and shows the late report to the manager."""
        flags = (
            self.env["tsm.trip.flag"]
            .sudo()
            .search(
                [
                    ("trip_id", "in", self.trip_id.ids),
                    ("employee_id", "in", self.employee_id.ids),
                    ("date", "in", self.mapped("date")),
                    ("kind", "=", "missing_report"),
                    ("report_filed_late", "=", False),
                ]
            )
        )
        keys = {(report.trip_id, report.employee_id, report.date) for report in self}
        flags.filtered(lambda flag: (flag.trip_id, flag.employee_id, flag.date) in keys).write(
            {"report_filed_late": True}
        )
