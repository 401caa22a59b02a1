from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from ..tools.commission_vocabulary import ENG_MANAGER, PIPE_KINDS, RATE_JOB_KINDS
from ..tools.flow import flow, in_flow
from ..tools.policy import Allow
from ..tools.settings import setting

LINE_FIELDS = "sequence pipe_kind diameter metres inner_welding"


class TsmQuantityReportLine(models.Model):
    """A line of a quantity report: pipe kind, diameter, metres and whether
    it was welded inside; its commission comes from the rate table (or the
    contract's unit price for individual contracting)."""

    _name = "tsm.quantity.report.line"
    _description = "Quantity Report Line"
    _inherit = ["tsm.guard.mixin", "tsm.quantity.report.party"]
    _order = "report_id, sequence, id"
    _check_company_auto = True
    # Lines follow their report: the job lead (or an engineering manager)
    # enters them while it is a draft; once submitted only an engineering
    # manager who is not paid from the job corrects them (each change is
    # noted on the report); verified, nobody. A line is created in its
    # report and never moves to another one.
    _tsm_state_field = "state"
    _tsm_policy = (
        Allow(f"report_id {LINE_FIELDS}", states=("draft",), who="_tsm_is_job_lead", on="create"),
        Allow(f"report_id {LINE_FIELDS}", groups=ENG_MANAGER, states=("draft",), on="create"),
        Allow(
            f"report_id {LINE_FIELDS}",
            groups=ENG_MANAGER,
            states=("submitted",),
            who="_tsm_is_uninvolved",
            on="create",
        ),
        Allow(LINE_FIELDS, states=("draft",), who="_tsm_is_job_lead", on="write"),
        Allow(LINE_FIELDS, groups=ENG_MANAGER, states=("draft",), on="write"),
        Allow(
            LINE_FIELDS,
            groups=ENG_MANAGER,
            states=("submitted",),
            who="_tsm_is_uninvolved",
            on="write",
        ),
        Allow(on="unlink", states=("draft",), who="_tsm_is_job_lead"),
        Allow(on="unlink", groups=ENG_MANAGER, states=("draft",)),
        Allow(on="unlink", groups=ENG_MANAGER, states=("submitted",), who="_tsm_is_uninvolved"),
    )

    report_id = fields.Many2one(
        "tsm.quantity.report", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    job_id = fields.Many2one(related="report_id.job_id", store=True, index=True)
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="report_id.currency_id")
    date_month = fields.Date(related="report_id.date_month", store=True, string="Month")
    state = fields.Selection(related="report_id.state", string="Report State")
    pipe_kind = fields.Selection(PIPE_KINDS, required=True, default="water_supply")
    diameter = fields.Integer(string="Diameter (mm)", required=True)
    metres = fields.Float(required=True, digits=(16, 2))
    inner_welding = fields.Boolean()
    rate_id = fields.Many2one(
        "tsm.pipe.rate",
        string="Rate Row",
        compute="_compute_figures",
        store=True,
        precompute=True,
    )
    rate = fields.Float(
        string="Rate per Metre",
        digits=(16, 4),
        compute="_compute_figures",
        store=True,
        precompute=True,
    )
    amount = fields.Monetary(
        string="Commission", compute="_compute_figures", store=True, precompute=True
    )

    @api.depends("report_id", "pipe_kind", "diameter")
    def _compute_display_name(self):
        kinds = dict(self._fields["pipe_kind"]._description_selection(self.env))
        for line in self:
            line.display_name = (
                f"{line.report_id.display_name} {kinds.get(line.pipe_kind, '')} Φ{line.diameter}"
            )

    @api.depends("report_id.job_id", "pipe_kind", "diameter", "inner_welding", "metres")
    def _compute_figures(self):
        """Rate row, rate per metre and commission from the rate table (an
        error for a diameter no row covers) or the contract's unit price.
        Verification computes them again from the table of its day."""
        matcher = self.env["tsm.pipe.rate"]._tsm_matcher()
        for line in self:
            if not (line.report_id and line.diameter and line.metres):
                line.rate_id, line.rate, line.amount = False, 0.0, 0.0
                continue
            line.rate_id, line.rate, line.amount = line._tsm_figures(matcher)

    @api.constrains("metres")
    def _check_metres(self):
        for line in self:
            maximum = setting(line.company_id, "quantity_max_metres")
            if line.metres <= 0 or line.metres > maximum:
                raise ValidationError(
                    self.env._(
                        "%(metres)s m is not a valid quantity: a line has more than 0 and at "
                        "most %(max)s metres.",
                        metres=line.metres,
                        max=maximum,
                    )
                )

    @api.constrains("diameter")
    def _check_diameter(self):
        for line in self:
            if line.diameter <= 0:
                raise ValidationError(self.env._("The diameter must be positive."))

    def write(self, vals):
        if in_flow(self.env):
            return super().write(vals)
        tracked = ("pipe_kind", "diameter", "metres", "inner_welding")
        submitted = self.filtered(lambda line: line.report_id.state == "submitted")
        before = {line.id: {f: line[f] for f in tracked} for line in submitted}
        res = super().write(vals)
        if set(tracked) & set(vals):
            # The figures now, so that a diameter no rate covers is refused here.
            self.flush_recordset(["rate_id", "rate", "amount"])
            for line in submitted:
                changes = [
                    f"{self._fields[f].get_description(self.env)['string']}: "
                    f"{before[line.id][f]} → {line[f]}"
                    for f in tracked
                    if before[line.id][f] != line[f]
                ]
                if changes:
                    line.report_id.message_post(
                        body=Markup("%s<br/>%s")
                        % (
                            self.env._("Corrected by %s:", self.env.user.name),
                            "; ".join(changes),
                        ),
                        subtype_xmlid="mail.mt_note",
                    )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_note_correction(self):
        """Lines removed from a submitted report are noted on it."""
        for report in self.report_id.filtered(lambda r: r.state == "submitted"):
            removed = self.filtered(lambda line, r=report: line.report_id == r)
            report.message_post(
                body=self.env._(
                    "Lines removed by %(user)s: %(lines)s",
                    user=self.env.user.name,
                    lines="; ".join(
                        f"{line.pipe_kind} Φ{line.diameter} {line.metres} m" for line in removed
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _tsm_report(self):
        return self.report_id

    def _tsm_guard_refuse(self, operation, name):
        """A line added to a report past the state its role may add lines in
        is refused as such (a UserError naming the state), not as a value
        nobody may set."""
        if operation == "create" and self._tsm_guard_could("create", name):
            report = self.report_id
            raise UserError(
                self.env._(
                    "No lines can be added to quantity report %(report)s while it is %(state)s.",
                    report=report.display_name,
                    state=dict(report._fields["state"]._description_selection(self.env)).get(
                        report.state
                    ),
                )
            )
        return super()._tsm_guard_refuse(operation, name)

    def _tsm_figures(self, matcher):
        """(rate row, rate per metre, commission) of the line, from the rate
        table through ``matcher`` (tsm.pipe.rate._tsm_matcher) or the
        contract's unit price."""
        self.ensure_one()
        job = self.report_id.job_id.sudo()
        if job.kind in RATE_JOB_KINDS:
            row, rate, inner = matcher(job.company_id, self.pipe_kind, job.kind, self.diameter)
            if self.inner_welding and not inner:
                raise ValidationError(
                    self.env._(
                        "The rate row %s has no inner-welding rate: untick inner welding or "
                        "add an inner-welding component to the row.",
                        row.name,
                    )
                )
            per_metre = rate + (inner if self.inner_welding else 0.0)
        else:
            row, per_metre = self.env["tsm.pipe.rate"], job.contract_unit_price
        per_metre = float_round(per_metre, precision_digits=4)
        return row, per_metre, job.currency_id.round(self.metres * per_metre)

    def _tsm_compute_amounts(self):
        """Rate and commission of the lines from the rate table (raises for a
        diameter no row covers) or the contract's unit price; writes only the
        lines whose figures changed."""
        matcher = self.env["tsm.pipe.rate"]._tsm_matcher()
        updates = defaultdict(lambda: self.browse())
        for line in self:
            row, per_metre, amount = line._tsm_figures(matcher)
            if (line.rate_id, line.rate, line.amount) != (row, per_metre, amount):
                updates[(row.id, per_metre, amount)] |= line
        for (row_id, rate, amount), lines in updates.items():
            flow(lines).write({"rate_id": row_id, "rate": rate, "amount": amount})
        return True
