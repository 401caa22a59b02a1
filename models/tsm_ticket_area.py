from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.policy import Allow
from ..tools.ticket_vocabulary import HR_MANAGER


class TsmArea(models.Model):
    """A service area (片区): part of the province served by a group of
    engineers, one of whom leads it. Its completion rates are in
    tsm_ticket_area_completion.py."""

    _name = "tsm.area"
    _description = "Service Area"
    _inherit = ["mail.thread", "tsm.guard.mixin"]
    _order = "code, name"
    _check_company_auto = True
    _rec_names_search = ["name", "code"]
    # Configuration: the leader, the engineers and the workload figures (device
    # and screen counts, failure rate, standard workload) score the area's
    # engineers, so only the HR Manager sets them.
    _tsm_policy = (Allow("*", groups=HR_MANAGER), Allow(on="unlink", groups=HR_MANAGER))

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(index=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    leader_id = fields.Many2one(
        "hr.employee",
        string="Area Leader",
        check_company=True,
        tracking=True,
        index=True,
        domain="[('tsm_area_id', '=', id)]",
        help="The engineer who leads this area; must be one of its engineers.",
    )
    member_ids = fields.One2many("hr.employee", "tsm_area_id", string="Engineers")
    member_count = fields.Integer(compute="_compute_member_count", string="Engineer Count")
    screen_count = fields.Integer(
        tracking=True,
        help="Screens (devices) in the area that the technical-support staff maintain.",
    )
    failure_rate = fields.Float(
        string="Monthly Failure Rate",
        digits=(16, 4),
        tracking=True,
        help="Share of the screens failing in a month, e.g. 0.1 for 10%. Screen count × "
        "failure rate is the area's expected monthly workload (appraisal template A).",
    )
    note = fields.Html()

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The area code must be unique per company.",
        ),
    ]

    @api.depends("member_ids")
    def _compute_member_count(self):
        counts = dict(
            self.env["hr.employee"]._read_group(
                [("tsm_area_id", "in", self.ids)], ["tsm_area_id"], ["__count"]
            )
        )
        for area in self:
            area.member_count = counts.get(area, 0)

    @api.depends("code")
    def _compute_display_name(self):
        for area in self:
            area.display_name = f"[{area.code}] {area.name}" if area.code else area.name

    @api.constrains("leader_id", "member_ids")
    def _check_leader_is_member(self):
        for area in self:
            if area.leader_id and area.leader_id.tsm_area_id != area:
                raise ValidationError(
                    self.env._(
                        "The area leader %(leader)s must be one of the engineers of area %(area)s.",
                        leader=area.leader_id.name,
                        area=area.name,
                    )
                )
