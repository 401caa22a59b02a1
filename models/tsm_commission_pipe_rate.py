from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.commission_vocabulary import HR_MANAGER, PIPE_KINDS
from ..tools.policy import Allow
from ..tools.settings import setting


class TsmPipeRate(models.Model):
    """One row of the commission rate table: per pipe kind,
    diameter band (both ends included) and job kind, the commission per
    metre as one or more components paid as their sum, and extras such as
    inner welding. Install jobs use their own rows when there are any,
    otherwise the weld-only row times the install multiplier (a setting)."""

    _name = "tsm.pipe.rate"
    _description = "Pipe Commission Rate"
    _inherit = ["tsm.guard.mixin"]
    _order = "pipe_kind, job_kind, diameter_from, id"
    _check_company_auto = True
    # Configuration: the HR manager keeps the rate table.
    _tsm_policy = (Allow("*", groups=HR_MANAGER), Allow(on="unlink", groups=HR_MANAGER))

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the row applies to every company."
    )
    pipe_kind = fields.Selection(PIPE_KINDS, required=True)
    job_kind = fields.Selection(
        [("weld", "Weld only (包焊接)"), ("install", "Install (包安装)")],
        required=True,
        default="weld",
    )
    diameter_from = fields.Integer(string="Diameter From (mm)", required=True)
    diameter_to = fields.Integer(string="Diameter To (mm)", required=True)
    component_ids = fields.One2many(
        "tsm.pipe.rate.component", "rate_id", string="Components", copy=True
    )
    rate = fields.Float(
        string="Rate per Metre", compute="_compute_rates", digits=(16, 4), store=True
    )
    inner_welding_rate = fields.Float(
        string="Inner Welding per Metre", compute="_compute_rates", digits=(16, 4), store=True
    )
    note = fields.Char()

    @api.depends("pipe_kind", "diameter_from", "diameter_to", "job_kind")
    def _compute_name(self):
        kinds = dict(self._fields["pipe_kind"]._description_selection(self.env))
        for rate in self:
            rate.name = f"{kinds.get(rate.pipe_kind, '')} Φ{rate.diameter_from}-{rate.diameter_to}"

    @api.depends("component_ids.amount", "component_ids.kind")
    def _compute_rates(self):
        for rate in self:
            rate.rate = sum(
                rate.component_ids.filtered(lambda c: c.kind == "base").mapped("amount")
            )
            rate.inner_welding_rate = sum(
                rate.component_ids.filtered(lambda c: c.kind == "inner_welding").mapped("amount")
            )

    @api.constrains("diameter_from", "diameter_to", "pipe_kind", "job_kind", "company_id", "active")
    def _check_band(self):
        for rate in self:
            if rate.diameter_from < 0 or rate.diameter_to < rate.diameter_from:
                raise ValidationError(
                    self.env._(
                        "The diameter band Φ%(start)s-%(end)s is not valid.",
                        start=rate.diameter_from,
                        end=rate.diameter_to,
                    )
                )
            overlap = self.search_count(
                [
                    ("id", "!=", rate.id),
                    ("pipe_kind", "=", rate.pipe_kind),
                    ("job_kind", "=", rate.job_kind),
                    ("company_id", "=", rate.company_id.id),
                    ("diameter_from", "<=", rate.diameter_to),
                    ("diameter_to", ">=", rate.diameter_from),
                ],
                limit=1,
            )
            if overlap:
                raise ValidationError(
                    self.env._("The rate row %s overlaps another row of the table.", rate.name)
                )

    @api.model
    def _tsm_matcher(self):
        """A function ``(company, pipe_kind, job_kind, diameter)`` → ``(row,
        rate per metre, inner welding per metre)`` over the whole table, read
        in one query; raises a ValidationError for a diameter no row covers."""
        rows = self.sudo().search([("active", "=", True)])
        rows.fetch(["company_id", "pipe_kind", "job_kind", "diameter_from", "diameter_to"])
        kinds = dict(self._fields["pipe_kind"]._description_selection(self.env))

        def find(company, pipe_kind, job_kind, diameter):
            candidates = [
                row
                for row in rows
                if row.pipe_kind == pipe_kind
                and row.diameter_from <= diameter <= row.diameter_to
                and row.company_id in (company, company.browse())
            ]
            # A company's own row wins over a shared one.
            candidates.sort(key=lambda row: not row.company_id)
            own = [row for row in candidates if row.job_kind == job_kind]
            if own:
                return own[0], own[0].rate, own[0].inner_welding_rate
            weld = [row for row in candidates if row.job_kind == "weld"]
            if weld and job_kind == "install":
                row = weld[0]
                multiplier = setting(company, "commission_install_multiplier")
                return row, row.rate * multiplier, row.inner_welding_rate * multiplier
            raise ValidationError(
                self.env._(
                    "No commission rate covers %(pipe)s of diameter Φ%(diameter)s: add a row to "
                    "the rate table (Configuration > Commission > Pipe Rates) or correct the "
                    "diameter.",
                    pipe=kinds.get(pipe_kind, pipe_kind),
                    diameter=diameter,
                )
            )

        return find
