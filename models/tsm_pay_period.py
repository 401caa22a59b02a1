import io
from collections import defaultdict
from datetime import timedelta

import xlsxwriter
from dateutil.relativedelta import relativedelta
from xlsxwriter.utility import xl_rowcol_to_cell

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.flow import flow
from ..tools.policy import Allow

PAYROLL = "hr_tech_service.group_tsm_payroll"


class TsmPayPeriod(models.Model):
    """One pay period per company and month; its lines are what payroll pays."""

    _name = "tsm.pay.period"
    _description = "Pay Period"
    _inherit = ["mail.thread", "tsm.guard.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # Payroll sets up open periods; closing is a button, and nothing reopens
    # a closed period (a correction is an adjustment line in an open one).
    _tsm_policy = (
        Allow("name company_id date_start date_end", groups=PAYROLL, states=("open",)),
        Allow(on="unlink", groups=PAYROLL, states=("open",)),
    )

    name = fields.Char(required=True, help="The month the period is paid in, e.g. 2026-11.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date(string="Start", required=True)
    date_end = fields.Date(string="End", required=True)
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        default="open",
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    line_ids = fields.One2many("tsm.pay.line", "period_id", string="Pay Lines")
    line_count = fields.Integer(compute="_compute_totals")
    draft_count = fields.Integer(string="Draft Lines", compute="_compute_totals")
    amount_approved = fields.Monetary(string="Approved Total", compute="_compute_totals")
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "company_start_uniq",
            "unique(company_id, date_start)",
            "There is already a pay period starting on this date for this company.",
        ),
        ("dates_check", "CHECK(date_start <= date_end)", "A period cannot end before it starts."),
    ]

    @api.depends("line_ids.state", "line_ids.amount")
    def _compute_totals(self):
        groups = self.env["tsm.pay.line"]._read_group(
            [("period_id", "in", self.ids), ("state", "!=", "cancel")],
            ["period_id", "state"],
            ["__count", "amount:sum"],
        )
        counts, drafts, approved = defaultdict(int), defaultdict(int), defaultdict(float)
        for period, state, count, amount in groups:
            counts[period] += count
            if state == "draft":
                drafts[period] += count
            else:
                approved[period] += amount
        for period in self:
            period.line_count = counts[period]
            period.draft_count = drafts[period]
            period.amount_approved = approved[period]

    @api.constrains("date_start", "date_end", "company_id")
    def _check_no_overlap(self):
        for period in self:
            overlap = self.search_count(
                [
                    ("id", "!=", period.id),
                    ("company_id", "=", period.company_id.id),
                    ("date_start", "<=", period.date_end),
                    ("date_end", ">=", period.date_start),
                ],
                limit=1,
            )
            if overlap:
                raise ValidationError(
                    self.env._("Pay period %s overlaps another period.", period.name)
                )

    def write(self, vals):
        if set(vals) & {"date_start", "date_end", "company_id"}:
            self._tsm_check_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_lines(self):
        if self.line_ids:
            raise UserError(self.env._("A pay period with pay lines cannot be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_close(self):
        """Close the periods: their approved lines become paid and nothing in
        them can be created, changed or deleted afterwards."""
        self._tsm_require(PAYROLL, action=self.env._("close a pay period"))
        for period in self:
            if period.state != "open":
                raise UserError(self.env._("Pay period %s is already closed.", period.name))
            drafts = self.env["tsm.pay.line"].search_count(
                [("period_id", "=", period.id), ("state", "=", "draft")]
            )
            if drafts:
                raise UserError(
                    self.env._(
                        "Pay period %(period)s still has %(count)s draft lines: approve or "
                        "cancel them before closing.",
                        period=period.name,
                        count=drafts,
                    )
                )
        lines = self.env["tsm.pay.line"].search(
            [("period_id", "in", self.ids), ("state", "=", "approved")]
        )
        flow(lines).with_context(tracking_disable=True).write({"state": "paid"})
        flow(self).write(
            {"state": "closed", "closed_by_id": self.env.uid, "closed_date": fields.Datetime.now()}
        )
        for period in self:
            period.message_post(body=self.env._("Pay period closed; approved lines are paid."))
        return True

    def action_approve_lines(self):
        self.ensure_one()
        self._tsm_require(PAYROLL, action=self.env._("approve pay lines"))
        lines = self.env["tsm.pay.line"].search(
            [("period_id", "=", self.id), ("state", "=", "draft")]
        )
        lines.action_approve()
        return True

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_pay_line_action"
        )
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {"default_period_id": self.id, "search_default_group_employee": 1}
        return action

    def action_export_xlsx(self):
        """Download the period as a spreadsheet: one row per employee, one
        column per pay code, with totals."""
        self.ensure_one()
        self._tsm_require(
            PAYROLL, "hr_tech_service.group_tsm_hr_officer", action=self.env._("export pay periods")
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._("Pay lines %s.xlsx", self.name),
                "raw": self._tsm_export_xlsx(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_print_statements(self):
        self.ensure_one()
        self._tsm_require(
            PAYROLL,
            "hr_tech_service.group_tsm_hr_officer",
            action=self.env._("print pay statements"),
        )
        lines = self.env["tsm.pay.line"].search(
            [("period_id", "=", self.id), ("state", "in", ("approved", "paid"))]
        )
        if not lines:
            raise UserError(self.env._("Pay period %s has no approved lines.", self.name))
        return self.env.ref("hr_tech_service.action_report_pay_statement").report_action(lines)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _tsm_check_open(self):
        closed = self.filtered(lambda period: period.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Pay period %s is closed: its lines can no longer be created, changed or "
                    "deleted. Record a correction in the next open period instead.",
                    ", ".join(closed.mapped("name")),
                )
            )

    @api.model
    def _tsm_period_bounds(self, company, day):
        """(start, end, name) of the pay period of ``company`` containing ``day``."""
        start_day = company.tsm_pay_period_start_day or 1
        if start_day == 1:
            start = day.replace(day=1)
        elif day.day >= start_day:
            start = day.replace(day=start_day)
        else:
            start = (day - relativedelta(months=1)).replace(day=start_day)
        end = start + relativedelta(months=1) - timedelta(days=1)
        return start, end, f"{end.year}-{end.month:02d}"

    @api.model
    def _tsm_get_periods(self, company_days):
        """Map each (company, date) pair to its pay period, creating the missing
        ones; a fixed number of queries whatever the number of pairs."""
        bounds = {
            (company, day): self._tsm_period_bounds(company, day) for company, day in company_days
        }
        wanted = {
            (company, start): (start, end, name)
            for (company, _d), (start, end, name) in bounds.items()
        }
        companies = self.env["res.company"].union(*(c for c, _s in wanted))
        existing = {
            (period.company_id, period.date_start): period
            for period in self.sudo().search(
                [
                    ("company_id", "in", companies.ids),
                    ("date_start", "in", list({start for _c, start in wanted})),
                ]
            )
        }
        missing = [key for key in wanted if key not in existing]
        if missing:
            created = self.sudo().create(
                [
                    {
                        "company_id": company.id,
                        "date_start": wanted[(company, start)][0],
                        "date_end": wanted[(company, start)][1],
                        "name": wanted[(company, start)][2],
                    }
                    for company, start in missing
                ]
            )
            existing.update(zip(missing, created, strict=True))
        return {
            (company, day): existing[(company, start)].with_env(self.env)
            for (company, day), (start, _e, _n) in bounds.items()
        }

    @api.model
    def _tsm_get_period(self, company, day):
        return self._tsm_get_periods([(company, day)])[(company, day)]

    def _tsm_next_open_period(self):
        """The first open period after this one (created if needed)."""
        self.ensure_one()
        day = self.date_end + timedelta(days=1)
        for _i in range(120):
            period = self._tsm_get_period(self.company_id, day)
            if period.state == "open":
                return period
            day = period.date_end + timedelta(days=1)
        raise UserError(self.env._("No open pay period found after %s.", self.name))

    def _tsm_export_totals(self):
        """(codes, employees, {(employee, code): amount}) of the period's
        approved and paid lines, in one grouped query."""
        self.ensure_one()
        groups = self.env["tsm.pay.line"]._read_group(
            [("period_id", "=", self.id), ("state", "in", ("approved", "paid"))],
            ["employee_id", "code_id"],
            ["amount:sum"],
        )
        codes = self.env["tsm.pay.code"].union(*(code for _e, code, _a in groups)).sorted()
        employees = self.env["hr.employee"].union(*(emp for emp, _c, _a in groups))
        employees = employees.sudo().sorted(lambda e: (e.department_id.name or "", e.name or ""))
        return codes, employees, {(emp, code): amount for emp, code, amount in groups}

    def _tsm_export_xlsx(self):
        """The period's approved (and paid) lines as XLSX bytes: one row per
        employee, one column per pay code, totals as formulas."""
        codes, employees, amounts = self._tsm_export_totals()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.name)
        bold = book.add_format({"bold": True})
        head = book.add_format(
            {"bold": True, "bg_color": "#D9EAD3", "border": 1, "text_wrap": True}
        )
        money = book.add_format({"num_format": "#,##0.00"})
        money_bold = book.add_format({"num_format": "#,##0.00", "bold": True, "top": 1})
        sheet.write(
            0,
            0,
            self.env._(
                "Pay period %(period)s (%(start)s - %(end)s), %(company)s",
                period=self.name,
                start=self.date_start,
                end=self.date_end,
                company=self.company_id.name,
            ),
            bold,
        )
        header = [self.env._("Employee ID"), self.env._("Employee"), self.env._("Department")]
        header += [f"{code.code}\n{code.name}" for code in codes] + [self.env._("Total")]
        for col, title in enumerate(header):
            sheet.write(2, col, title, head)
        row = 3
        for employee in employees:
            sheet.write(row, 0, employee.id)
            sheet.write(row, 1, employee.name)
            sheet.write(row, 2, employee.department_id.name or "")
            for col, code in enumerate(codes, start=3):
                sheet.write_number(row, col, amounts.get((employee, code), 0.0), money)
            sheet.write_formula(
                row,
                len(codes) + 3,
                f"=SUM({xl_rowcol_to_cell(row, 3)}:{xl_rowcol_to_cell(row, len(codes) + 2)})",
                money,
                sum(amounts.get((employee, code), 0.0) for code in codes),
            )
            row += 1
        sheet.write(row, 1, self.env._("Total"), bold)
        for col in range(3, len(codes) + 4):
            first = xl_rowcol_to_cell(3, col)
            last = xl_rowcol_to_cell(row - 1, col)
            value = (
                sum(amounts.get((e, codes[col - 3]), 0.0) for e in employees)
                if col < len(codes) + 3
                else sum(amounts.values())
            )
            sheet.write_formula(row, col, f"=SUM({first}:{last})", money_bold, value)
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 2, 22)
        sheet.set_column(3, len(codes) + 3, 14)
        sheet.freeze_panes(3, 2)
        book.close()
        return output.getvalue()
