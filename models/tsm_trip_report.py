from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

OPEN_TRIP_STATES = ("approved", "in_progress", "returned")


class TsmTripReport(models.Model):
    """The daily trip report (出差记录 / 每天向部门经理汇报, RULES.md §3.2): one
    per traveller and day away, with the place, the work done and the contact
    made. Short enough to type on a phone."""

    _name = "tsm.trip.report"
    _description = "Daily Trip Report"
    _order = "date desc, id desc"
    _check_company_auto = True

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
            [("state", "in", OPEN_TRIP_STATES), ("employee_ids", "in", employee.ids)],
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
            if trip.state not in OPEN_TRIP_STATES:
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
