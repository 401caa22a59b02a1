from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.settings import setting
from ..tools.trip_vocabulary import DEPT_MANAGER, HR_MANAGER, HR_OFFICER, OPEN_STATES

FLAG_KINDS = [
    ("missing_report", "No daily report"),
    ("unreachable", "Phone off or unreachable"),
    ("not_reachable", "Customer or company could not reach"),
]


class TsmTripFlag(models.Model):
    """A day a traveller may have been absent (旷工): no daily
    report (flagged by the daily cron), phone off or unreachable for too long
    without contacting the manager, or not reachable by the customer or the
    company (recorded by the manager). The system flags; people decide:
    the manager excuses or confirms each flag."""

    _name = "tsm.trip.flag"
    _description = "Trip Absence Flag"
    _inherit = ["tsm.guard.mixin"]
    _order = "date desc, employee_id, id"
    _check_company_auto = True
    # The manager approving the traveller (or HR) records a day the traveller
    # could not be reached, and may correct or delete it while it is to
    # decide; the daily check flags missing reports. The decision is a button.
    # Nobody records, changes or decides a flag about themself.
    _tsm_policy = (
        Allow("trip_id employee_id kind", on="create", states=("open",), who="_tsm_who_decider"),
        Allow(
            "date unreachable_from unreachable_to note", states=("open",), who="_tsm_who_decider"
        ),
        Allow(on="unlink", states=("open",), who="_tsm_who_recorder"),
    )

    trip_id = fields.Many2one(
        "tsm.trip",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('state', 'in', ('in_progress', 'returned'))]",
    )
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True)
    company_id = fields.Many2one(
        related="trip_id.company_id", store=True, precompute=True, index=True
    )
    department_id = fields.Many2one(
        "hr.department",
        related="employee_id.department_id",
        store=True,
        precompute=True,
        index=True,
    )
    date = fields.Date(
        required=True,
        index=True,
        compute="_compute_date",
        store=True,
        readonly=False,
        precompute=True,
    )
    kind = fields.Selection(FLAG_KINDS, required=True, default="unreachable", index=True)
    unreachable_from = fields.Datetime()
    unreachable_to = fields.Datetime(string="Reached Again At")
    hours = fields.Float(
        string="Hours Unreachable",
        compute="_compute_hours",
        store=True,
        precompute=True,
        digits=(16, 1),
    )
    note = fields.Text()
    state = fields.Selection(
        [("open", "To Decide"), ("excused", "Excused"), ("confirmed", "Absence Confirmed")],
        default="open",
        required=True,
        index=True,
        copy=False,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decided_date = fields.Datetime(readonly=True, copy=False)
    report_filed_late = fields.Boolean(
        readonly=True, help="The traveller filed the day's report afterwards."
    )

    _sql_constraints = [
        (
            "trip_employee_date_kind_uniq",
            "unique(trip_id, employee_id, date, kind)",
            "This day is already flagged for this traveller.",
        ),
    ]

    @api.depends("unreachable_from", "trip_id.tz")
    def _compute_date(self):
        for flag in self:
            if flag.unreachable_from and flag.trip_id:
                flag.date = flag.trip_id._tsm_local_date(flag.unreachable_from)
            elif not flag.date:
                flag.date = fields.Date.context_today(flag)

    @api.depends("unreachable_from", "unreachable_to")
    def _compute_hours(self):
        for flag in self:
            if flag.unreachable_from and flag.unreachable_to:
                delta = flag.unreachable_to - flag.unreachable_from
                flag.hours = delta.total_seconds() / 3600
            else:
                flag.hours = 0.0

    @api.depends("trip_id", "employee_id", "date", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for flag in self:
            flag.display_name = (
                f"{flag.date or ''} {flag.employee_id.name or ''}: {kinds.get(flag.kind, '')}"
            )

    @api.constrains("kind", "unreachable_from", "unreachable_to", "trip_id", "employee_id", "date")
    def _check_flag(self):
        for flag in self:
            trip = flag.trip_id
            if flag.employee_id not in trip.sudo().traveller_ids.employee_id:
                raise ValidationError(
                    self.env._(
                        "%(employee)s is not a traveller of trip %(trip)s.",
                        employee=flag.employee_id.name,
                        trip=trip.name,
                    )
                )
            if trip.date_from and flag.date < trip.date_from:
                raise ValidationError(
                    self.env._(
                        "%(date)s is before the departure of trip %(trip)s.",
                        date=flag.date,
                        trip=trip.name,
                    )
                )
            if flag.kind == "unreachable":
                if not (flag.unreachable_from and flag.unreachable_to):
                    raise ValidationError(
                        self.env._(
                            "Give the time the traveller became unreachable and the time "
                            "they were reached again."
                        )
                    )
                if flag.unreachable_to <= flag.unreachable_from:
                    raise ValidationError(
                        self.env._(
                            "The traveller must be reached again after becoming unreachable."
                        )
                    )
                threshold = setting(flag.company_id, "trip_unreachable_hours")
                if flag.hours <= threshold:
                    raise ValidationError(
                        self.env._(
                            "%(employee)s was unreachable for %(hours).1f hours: only more than "
                            "%(threshold)g hours without contacting the manager counts.",
                            employee=flag.employee_id.name,
                            hours=flag.hours,
                            threshold=threshold,
                        )
                    )

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------
    def _tsm_who_decider(self):
        """The flags the user decides: HR, or the manager approving the
        flagged traveller on that trip; never one's own."""
        if self.env.su:
            return self
        user = self.env.user
        hr = user.has_group(HR_OFFICER)
        approvable = {
            (traveller.trip_id, traveller.employee_id)
            for traveller in self.trip_id._tsm_approvable_travellers()
        }
        return self.filtered(
            lambda flag: (
                flag.employee_id.sudo().user_id != user
                and (hr or (flag.trip_id, flag.employee_id) in approvable)
            )
        )

    def _tsm_who_recorder(self):
        """Flags recorded by people (not the daily check's) that the user decides."""
        return self.filtered(lambda flag: flag.kind != "missing_report")._tsm_who_decider()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        trips = self.env["tsm.trip"].browse({vals.get("trip_id") for vals in vals_list} - {None})
        for trip in trips:
            if trip.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "Absence flags are recorded on trips under way or just back; trip "
                        "%(trip)s is not.",
                        trip=trip.name,
                    )
                )
        self._tsm_check_not_flagged(vals_list)
        flags = super().create(vals_list)
        flags._tsm_check_absence_runs()
        return flags

    def _tsm_check_not_flagged(self, vals_list):
        """A clear message rather than the database's for a day flagged twice;
        one query for all the flags."""
        Trip = self.env["tsm.trip"]
        keys = set()
        for vals in vals_list:
            day = vals.get("date")
            if not day and vals.get("unreachable_from") and vals.get("trip_id"):
                day = Trip.browse(vals["trip_id"])._tsm_local_date(
                    fields.Datetime.to_datetime(vals["unreachable_from"])
                )
            if vals.get("trip_id") and vals.get("employee_id") and day:
                keys.add(
                    (
                        vals["trip_id"],
                        vals["employee_id"],
                        fields.Date.to_date(day),
                        vals.get("kind", "unreachable"),
                    )
                )
        if not keys:
            return
        existing = self.sudo().search_fetch(
            [
                ("trip_id", "in", list({key[0] for key in keys})),
                ("employee_id", "in", list({key[1] for key in keys})),
                ("date", "in", list({key[2] for key in keys})),
            ],
            ["trip_id", "employee_id", "date", "kind"],
        )
        for flag in existing:
            if (flag.trip_id.id, flag.employee_id.id, flag.date, flag.kind) in keys:
                raise ValidationError(self.env._("This day is already flagged for this traveller."))

    def write(self, vals):
        if self.trip_id.filtered(lambda trip: trip.state in ("settled", "cancel")):
            raise UserError(self.env._("The flags of a settled trip can no longer change."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------
    def _tsm_check_decider(self):
        """HR, or the manager approving the traveller; never the flagged
        traveller themself."""
        self._tsm_require(DEPT_MANAGER, HR_OFFICER, action=self.env._("decide on absence flags"))
        deciders = self._tsm_who_decider()
        for flag in self:
            if flag not in deciders and flag.employee_id.sudo().user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only the traveller's manager or HR can decide on the flag of "
                        "%(employee)s.",
                        employee=flag.employee_id.name,
                    )
                )
            flag.trip_id._tsm_check_other_actor(
                flag.employee_id.sudo().user_id, self.env._("decide on absence flags of")
            )

    def _tsm_decide(self, state):
        self._tsm_check_decider()
        flow(self).write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "decided_date": fields.Datetime.now(),
            }
        )
        return True

    def action_excuse(self):
        if any(flag.state != "open" for flag in self):
            raise UserError(self.env._("Only flags still to decide can be excused."))
        return self._tsm_decide("excused")

    def action_confirm(self):
        if any(flag.state != "open" for flag in self):
            raise UserError(self.env._("Only flags still to decide can be confirmed."))
        return self._tsm_decide("confirmed")

    def action_reopen(self):
        if any(flag.state == "open" for flag in self):
            raise UserError(self.env._("The flag is still to decide."))
        self._tsm_check_decider()
        flow(self).write({"state": "open", "decided_by_id": False, "decided_date": False})
        return True

    # ------------------------------------------------------------------
    # A week of absence: people decide, the system alerts HR
    # ------------------------------------------------------------------
    def _tsm_check_absence_runs(self):
        """Alert HR (an activity on the trip) once per traveller and trip when
        the traveller has the company's number of consecutive flagged days,
        flags not excused. One query for all the flags' travellers."""
        run_lengths = {
            company: setting(company, "trip_absence_alert_days") for company in self.company_id
        }
        flags = self.filtered(lambda flag: run_lengths.get(flag.company_id, 0) > 0)
        if not flags:
            return self.env["mail.activity"]
        days = flags._tsm_flagged_days()
        travellers = (
            self.env["tsm.trip.traveller"]
            .sudo()
            .search(
                [
                    ("trip_id", "in", flags.trip_id.ids),
                    ("employee_id", "in", flags.employee_id.ids),
                    ("absence_alert_date", "=", False),
                ]
            )
        )
        alerts = []
        for traveller in travellers:
            run_length = run_lengths[traveller.company_id]
            flagged = days.get((traveller.trip_id.id, traveller.employee_id.id), set())
            run_end = self._tsm_longest_run_end(flagged, run_length)
            if run_end:
                alerts.append((traveller, run_end, run_length))
        if not alerts:
            return self.env["mail.activity"]
        return self._tsm_alert_hr(alerts)

    def _tsm_flagged_days(self):
        """{(trip id, employee id): the days flagged and not excused} of the
        trips and travellers of these flags, in one query."""
        groups = self.sudo()._read_group(
            [
                ("trip_id", "in", self.trip_id.ids),
                ("employee_id", "in", self.employee_id.ids),
                ("state", "!=", "excused"),
            ],
            ["trip_id", "employee_id", "date:day"],
        )
        days = defaultdict(set)
        for trip, employee, day in groups:
            days[(trip.id, employee.id)].add(day)
        return days

    @staticmethod
    def _tsm_longest_run_end(days, run_length):
        """The last day of the first run of ``run_length`` consecutive days."""
        for day in sorted(days):
            if all(day - timedelta(days=offset) in days for offset in range(run_length)):
                return day
        return None

    def _tsm_alert_hr(self, alerts):
        """An activity for the company's HR contact per (traveller, last day
        of the run, run length) of ``alerts``; with nobody to alert, a note
        on the trip. Each traveller is alerted once per trip."""
        today = fields.Date.context_today(self)
        activity = {
            "res_model_id": self.env["ir.model"]._get_id("tsm.trip"),
            "activity_type_id": self.env.ref("hr_tech_service.mail_activity_type_trip_absence").id,
            "date_deadline": today,
        }
        vals_list = []
        alerted = self.env["tsm.trip.traveller"].sudo()
        for traveller, run_end, run_length in alerts:
            trip = traveller.trip_id
            user = trip.company_id.tsm_trip_alert_user_id or self._tsm_default_hr_user(
                trip.company_id
            )
            alerted |= traveller
            if user:
                vals_list.append(
                    {
                        **activity,
                        "user_id": user.id,
                        **self._tsm_prepare_alert_vals(traveller, run_end, run_length),
                    }
                )
            else:
                trip.sudo().message_post(
                    body=self.env._(
                        "%(employee)s has %(days)s consecutive flagged days up to %(date)s and "
                        "nobody in HR is set to be alerted.",
                        employee=traveller.employee_id.name,
                        days=run_length,
                        date=run_end,
                    )
                )
        alerted.write({"absence_alert_date": today})
        return self.env["mail.activity"].sudo().create(vals_list)

    def _tsm_prepare_alert_vals(self, traveller, run_end, run_length):
        """What HR's activity says about a traveller's run of flagged days."""
        trip = traveller.trip_id
        return {
            "res_id": trip.id,
            "summary": self.env._(
                "%(employee)s: %(days)s consecutive days flagged",
                employee=traveller.employee_id.name,
                days=run_length,
            ),
            "note": self.env._(
                "%(employee)s has %(days)s consecutive days without a daily report or "
                "unreachable, up to %(date)s, on trip %(trip)s. The rules count a week "
                "of absence as resignation: check with the manager and decide.",
                employee=traveller.employee_id.name,
                days=run_length,
                date=run_end,
                trip=trip.name,
            ),
        }

    @api.model
    def _tsm_default_hr_user(self, company):
        group = self.env.ref(HR_MANAGER)
        users = group.sudo().users.filtered(
            lambda user: company in user.company_ids and not user.share and user.active
        )
        return users.sorted("id")[:1]

    # ------------------------------------------------------------------
    # Metrics (the metrics registry, tsm.metric)
    # ------------------------------------------------------------------
    def _tsm_metric_flag_days(self, employees, date_from, date_to, kinds=None):
        domain = [
            ("employee_id", "in", employees.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            ("state", "!=", "excused"),
        ]
        if kinds:
            domain.append(("kind", "in", kinds))
        groups = self._read_group(domain, ["employee_id", "date:day"])
        result = defaultdict(float)
        for employee, _day in groups:
            result[employee.id] += 1.0
        return dict(result)

    @api.model
    def _tsm_metric_missing_report_days(self, metric, employees, date_from, date_to):
        """missing_report_days: days away without a daily report, not excused."""
        return self._tsm_metric_flag_days(employees, date_from, date_to, ["missing_report"])

    @api.model
    def _tsm_metric_trip_absence_days(self, metric, employees, date_from, date_to):
        """trip_absence_days: days with any absence flag (no report, unreachable), not excused."""
        return self._tsm_metric_flag_days(employees, date_from, date_to)
