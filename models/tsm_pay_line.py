from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from ..tools.batch import bulk
from ..tools.flow import flow
from ..tools.policy import Allow

PAYROLL = "hr_tech_service.group_tsm_payroll"


class TsmPayLine(models.Model):
    """An amount owed to (or deducted from) one employee in one pay period.

    Source documents (appraisal sheets, trips, quantity reports...) create
    and update their lines only through :meth:`_tsm_sync`; payroll reads the
    approved ones through :meth:`hr.employee.tech_service_pay_amount`, the
    XLSX export of the period or the external API.
    """

    _name = "tsm.pay.line"
    _description = "Pay Line"
    _inherit = ["mail.thread", "tsm.guard.mixin"]
    _order = "period_id desc, employee_id, code_id, id"
    _check_company_auto = True
    # A Payroll Officer types manual lines while they are draft; the lines of
    # source documents carry the figures of their source and change only
    # through it. States, sources and corrections are set by the buttons.
    _tsm_policy = (
        Allow(
            "name employee_id company_id period_id date code_id quantity rate amount note",
            groups=PAYROLL,
            states=("draft",),
            who="_tsm_is_manual",
        ),
        Allow("note", groups=PAYROLL, on="write"),
        Allow(on="unlink", groups=PAYROLL, states=("draft", "cancel"), who="_tsm_is_manual"),
    )

    name = fields.Char(string="Description", required=True, tracking=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, check_company=True, tracking=True
    )
    department_id = fields.Many2one(
        "hr.department", related="employee_id.department_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_id = fields.Many2one(
        "tsm.pay.period",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('state', '=', 'open')]",
        tracking=True,
    )
    period_state = fields.Selection(related="period_id.state", string="Period State")
    date = fields.Date(required=True, index=True, tracking=True)
    code_id = fields.Many2one(
        "tsm.pay.code", string="Pay Code", required=True, index=True, tracking=True
    )
    code = fields.Char(related="code_id.code", store=True, index=True, string="Code")
    quantity = fields.Float(default=1.0, digits=(16, 2))
    rate = fields.Monetary(help="Amount per unit; when set, the amount is quantity × rate.")
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        readonly=False,
        tracking=True,
        aggregator="sum",
        help="Signed: negative amounts are deductions.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("paid", "Paid"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    res_model = fields.Char(string="Source Model", index=True, readonly=True, copy=False)
    res_id = fields.Many2oneReference(
        string="Source ID", model_field="res_model", readonly=True, copy=False
    )
    source_ref = fields.Reference(
        selection="_selection_source_ref", string="Source", compute="_compute_source_ref"
    )
    source_name = fields.Char(string="Source Document", readonly=True, copy=False)
    correction_of_id = fields.Many2one(
        "tsm.pay.line",
        string="Corrects",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The line of a closed period this adjustment corrects.",
    )
    correction_ids = fields.One2many("tsm.pay.line", "correction_of_id", string="Corrections")
    note = fields.Text()

    @api.depends("quantity", "rate")
    def _compute_amount(self):
        for line in self:
            if line.rate:
                line.amount = line.currency_id.round(line.quantity * line.rate)
            elif not line.amount:
                line.amount = 0.0

    @api.depends("res_model", "res_id")
    def _compute_source_ref(self):
        for line in self:
            if line.res_model and line.res_model in self.env and line.res_id:
                line.source_ref = f"{line.res_model},{line.res_id}"
            else:
                line.source_ref = False

    @api.model
    def _selection_source_ref(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([])]

    def init(self):
        # One live line per source, pay code, period and employee: a month's
        # generation run twice can never duplicate (cancelled lines excepted).
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS tsm_pay_line_source_uniq
                ON tsm_pay_line (res_model, res_id, code_id, period_id, employee_id)
             WHERE state != 'cancel' AND res_model IS NOT NULL
            """
        )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("quantity", "amount", "code_id")
    def _check_signs(self):
        for line in self:
            if line.quantity < 0:
                raise ValidationError(
                    self.env._("The quantity of pay line “%s” cannot be negative.", line.name)
                )
            if line.amount < 0 and not (line.code_id.allow_negative or line.correction_of_id):
                raise ValidationError(
                    self.env._(
                        "Pay code %(code)s does not allow deductions: the amount of "
                        "“%(line)s” cannot be negative.",
                        code=line.code_id.display_name,
                        line=line.name,
                    )
                )

    @api.constrains("date", "period_id")
    def _check_date_in_period(self):
        for line in self:
            period = line.period_id
            if not period.date_start <= line.date <= period.date_end:
                raise ValidationError(
                    self.env._(
                        "The date %(date)s of pay line “%(line)s” is outside its pay period "
                        "%(period)s (%(start)s - %(end)s).",
                        date=line.date,
                        line=line.name,
                        period=period.name,
                        start=period.date_start,
                        end=period.date_end,
                    )
                )

    @api.constrains("employee_id", "company_id")
    def _check_employee_company(self):
        for line in self:
            if line.employee_id.company_id != line.company_id:
                raise ValidationError(
                    self.env._(
                        "Employee %(employee)s belongs to %(employee_company)s, not to "
                        "%(company)s: a pay line must be in the employee's company.",
                        employee=line.employee_id.name,
                        employee_company=line.employee_id.company_id.name,
                        company=line.company_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        period_ids = {vals.get("period_id") for vals in vals_list}
        self.env["tsm.pay.period"].browse(period_ids - {None, False})._tsm_check_open()
        return super().create(vals_list)

    def write(self, vals):
        self.period_id._tsm_check_open()
        if vals.get("period_id"):
            self.env["tsm.pay.period"].browse(vals["period_id"])._tsm_check_open()
        return super().write(vals)

    def unlink(self):
        # First the clearest reason: nothing in a closed period is ever deleted.
        self.period_id._tsm_check_open()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_in_open_period(self):
        if any(line.state not in ("draft", "cancel") for line in self):
            raise UserError(
                self.env._("Approved or paid pay lines cannot be deleted; cancel them instead.")
            )

    def _tsm_is_manual(self):
        """Lines typed by payroll: neither from a source document nor a correction."""
        return self.filtered(lambda line: not line.res_model and not line.correction_of_id)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _tsm_check_payroll(self):
        if not self.env.user.has_group(PAYROLL):
            raise AccessError(self.env._("Only a Payroll Officer can approve or cancel pay lines."))

    def _tsm_check_not_own(self, action):
        """Nobody approves, pays, cancels or corrects their own pay."""
        for line in self:
            if self.env.user in line.employee_id.user_id:
                line._tsm_check_other_actor(line.employee_id.user_id, action, record=line)

    @bulk
    def action_approve(self):
        """Approve draft lines; a batch is one UPDATE and one chatter note per
        period, not one message per line."""
        self._tsm_check_payroll()
        if any(line.state != "draft" for line in self):
            raise UserError(self.env._("Only draft pay lines can be approved."))
        self._tsm_check_not_own(self.env._("approve"))
        if len(self) == 1:
            flow(self).state = "approved"
            return True
        flow(self).with_context(tracking_disable=True).write({"state": "approved"})
        for period in self.period_id:
            period.message_post(
                body=self.env._(
                    "%(count)s pay lines approved by %(user)s.",
                    count=len(self.filtered(lambda line, p=period: line.period_id == p)),
                    user=self.env.user.name,
                )
            )
        return True

    @bulk
    def action_mark_paid(self):
        self._tsm_check_payroll()
        if any(line.state != "approved" for line in self):
            raise UserError(self.env._("Only approved pay lines can be marked as paid."))
        self._tsm_check_not_own(self.env._("mark as paid"))
        self.period_id._tsm_check_open()
        flow(self).write({"state": "paid"})
        return True

    def action_cancel(self):
        self._tsm_check_payroll()
        if any(line.state == "paid" for line in self):
            raise UserError(
                self.env._("A paid line cannot be cancelled; record a correction instead.")
            )
        self._tsm_check_not_own(self.env._("cancel"))
        self.period_id._tsm_check_open()
        flow(self).write({"state": "cancel"})
        return True

    def action_correct(self):
        self.ensure_one()
        self._tsm_check_payroll()
        return {
            "type": "ir.actions.act_window",
            "res_model": "tsm.pay.line.correct",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_id": self.id},
        }

    def action_open_source(self):
        self.ensure_one()
        if not self.source_ref:
            raise UserError(self.env._("This line has no source document."))
        self.source_ref.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # The one way in
    # ------------------------------------------------------------------
    @api.model
    @bulk
    def _tsm_sync(self, sources, vals_list):
        """Create or update the pay lines of ``sources``; idempotent.

        :param sources: recordset of one model: the documents whose lines are
            (re)generated. Their other live lines in open periods that
            ``vals_list`` no longer contains are deleted when draft; an
            approved one makes the whole call fail.
        :param vals_list: dicts with ``source`` (a record of ``sources``),
            ``employee_id`` (id or record), ``code`` (a pay code, e.g.
            ``"TRIP_ALLOW"``), ``date``, ``amount`` and optionally
            ``quantity``, ``rate``, ``name``.
        :return: the live lines of the sources matching ``vals_list``.

        A line is identified by (source, code, period, employee). Existing
        draft lines are updated; approved or paid ones are left as they are
        when nothing changed and refused with a clear message otherwise; a
        line for a closed period is refused. The caller needs write access on
        the sources; the lines are written with superuser rights. The number
        of queries does not depend on the number of lines.
        """
        if not sources:
            return self.browse()
        sources.check_access("write")
        Line = self.sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        wanted = Line._tsm_sync_wanted(sources, vals_list)
        existing = Line.search(
            [
                ("res_model", "=", sources._name),
                ("res_id", "in", sources.ids),
                ("state", "!=", "cancel"),
            ]
        )
        existing.fetch(["res_id", "code_id", "period_id", "employee_id", "state", "period_state"])
        by_key = {
            (line.res_id, line.code_id.id, line.period_id.id, line.employee_id.id): line
            for line in existing
        }
        to_delete, updates = Line._tsm_sync_plan(sources, by_key, wanted)
        to_delete.unlink()
        for changes, lines in updates.items():
            lines.write(dict(changes))
        new = [vals for key, vals in wanted.items() if key not in by_key]
        created = Line.create(new) if new else Line.browse()
        return (existing - to_delete | created).with_env(self.env)

    @api.model
    def _tsm_sync_codes(self, vals_list):
        """{code: tsm.pay.code} of the codes ``vals_list`` names; an unknown one is an error."""
        wanted = {vals["code"] for vals in vals_list}
        codes = {
            code.code: code
            for code in self.env["tsm.pay.code"]
            .sudo()
            .with_context(active_test=False)
            .search([("code", "in", list(wanted))])
        }
        unknown = wanted - set(codes)
        if unknown:
            raise UserError(self.env._("Unknown pay code: %s.", ", ".join(sorted(unknown))))
        return codes

    @api.model
    def _tsm_sync_wanted(self, sources, vals_list):
        """The lines ``vals_list`` asks for, as create values keyed by
        (source, code, period, employee); the same key twice is an error."""
        codes = self._tsm_sync_codes(vals_list)
        employees = (
            self.env["hr.employee"].sudo().browse({int(vals["employee_id"]) for vals in vals_list})
        )
        employees.fetch(["company_id", "name", "department_id"])
        periods = self.env["tsm.pay.period"]._tsm_get_periods(
            {
                (
                    employees.browse(int(vals["employee_id"])).company_id,
                    fields.Date.to_date(vals["date"]),
                )
                for vals in vals_list
            }
        )
        wanted = {}
        for vals in vals_list:
            employee = employees.browse(int(vals["employee_id"]))
            day = fields.Date.to_date(vals["date"])
            period = periods[(employee.company_id, day)]
            source = vals["source"]
            key = (source.id, codes[vals["code"]].id, period.id, employee.id)
            if key in wanted:
                raise UserError(
                    self.env._(
                        "%(document)s gives employee %(employee)s two %(code)s lines in "
                        "period %(period)s.",
                        document=source.display_name,
                        employee=employee.name,
                        code=vals["code"],
                        period=period.name,
                    )
                )
            wanted[key] = {
                "employee_id": employee.id,
                "company_id": employee.company_id.id,
                # Stored related values given here save an UPDATE per 100 lines.
                "department_id": employee.department_id.id,
                "code": vals["code"],
                "period_id": period.id,
                "code_id": codes[vals["code"]].id,
                "date": day,
                "amount": vals["amount"],
                "quantity": vals.get("quantity", 1.0),
                "rate": vals.get("rate", 0.0),
                "name": vals.get("name") or source.display_name,
                "res_model": sources._name,
                "res_id": source.id,
                "source_name": source.display_name,
            }
        return wanted

    @api.model
    def _tsm_sync_plan(self, sources, by_key, wanted):
        """What a sync does to the existing lines ``by_key``: the draft lines
        to delete and {changes: lines} to update. Lines of closed periods are
        history and never touched; a change to an approved or paid line, or
        to one of a closed period, refuses the whole sync."""
        to_delete = refused = self.browse()
        updates = defaultdict(self.browse)
        for key, line in by_key.items():
            vals = wanted.get(key)
            if vals is None:
                if line.period_state == "closed":
                    continue
                if line.state == "draft":
                    to_delete |= line
                else:
                    refused |= line
                continue
            changes = line._tsm_changes(vals)
            if not changes:
                continue
            if line.state != "draft" or line.period_state == "closed":
                refused |= line
                continue
            updates[tuple(sorted(changes.items()))] |= line
        if refused:
            raise UserError(
                self.env._(
                    "These pay lines are already approved, paid or in a closed period and "
                    "cannot be changed by %(document)s: %(lines)s. Ask a Payroll Officer to "
                    "cancel them (or to record a correction) first.",
                    document=sources[:1].display_name,
                    lines=", ".join(
                        f"{line.employee_id.name} {line.code} {line.period_id.name}"
                        for line in refused[:10]
                    ),
                )
            )
        return to_delete, updates

    def _tsm_changes(self, vals):
        """The values of ``vals`` that differ from this line's."""
        self.ensure_one()
        rounding = self.currency_id.rounding
        changes = {}
        for fname in ("amount", "rate"):
            if float_compare(self[fname], vals[fname], precision_rounding=rounding):
                changes[fname] = vals[fname]
        if not float_is_zero(self.quantity - vals["quantity"], precision_digits=2):
            changes["quantity"] = vals["quantity"]
        if self.date != vals["date"]:
            changes["date"] = vals["date"]
        if self.name != vals["name"]:
            changes["name"] = vals["name"]
        return changes
