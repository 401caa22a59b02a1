from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.ticket_vocabulary import DESK, LEADER

# An incident is handed over while the ticket is not solved.
HANDOVER_STATES = ("new", "assigned", "in_progress")


class TsmTicketHandover(models.Model):
    """The first responsible engineer hands an urgent incident to the second
    what, until when and how far. The second reports the
    result back (the manager is told) and ownership returns to the first."""

    _name = "tsm.ticket.handover"
    _description = "Ticket Hand-over"
    _inherit = ["mail.thread", "tsm.guard.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    # The engineer handing over (or the service desk, a supervisor) records
    # what, until when and how far (create() checks who); the engineer taking
    # it over writes the result. What was agreed does not change afterwards;
    # the state and the report date are set by "Report Back".
    _tsm_policy = (
        Allow(
            "ticket_id from_employee_id to_employee_id what date_until scope",
            who="_tsm_may_hand_over",
            on="create",
        ),
        Allow("result", states=("open",), who="_tsm_may_report_back"),
    )

    ticket_id = fields.Many2one("tsm.ticket", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    area_id = fields.Many2one(related="ticket_id.area_id", store=True, index=True)
    partner_id = fields.Many2one(related="ticket_id.partner_id", store=True)
    from_employee_id = fields.Many2one(
        "hr.employee", string="Handed Over By", required=True, check_company=True, index=True
    )
    to_employee_id = fields.Many2one(
        "hr.employee", string="Handed Over To", required=True, check_company=True, index=True
    )
    what = fields.Text(required=True, help="The incident handed over.")
    date_until = fields.Datetime(string="Until", required=True)
    scope = fields.Text(required=True, help="How far the second engineer acts.")
    result = fields.Text(help="What the second engineer reports back.")
    state = fields.Selection(
        [("open", "Handed Over"), ("done", "Reported Back")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    date_reported = fields.Datetime(readonly=True)

    @api.depends("ticket_id.name", "from_employee_id", "to_employee_id")
    def _compute_display_name(self):
        for handover in self:
            handover.display_name = (
                f"{handover.ticket_id.name}: {handover.from_employee_id.sudo().name} → "
                f"{handover.to_employee_id.sudo().name}"
            )

    def _tsm_is_dispatcher(self):
        return self.env.user.has_group(DESK) or self.env.user.has_group(LEADER)

    def _tsm_may_hand_over(self):
        """Hand-overs by the current user's own engineer (or any, for the
        service desk and supervisors)."""
        if self._tsm_is_dispatcher():
            return self
        return self.filtered(
            lambda handover: handover.from_employee_id in self.env.user.employee_ids
        )

    def _tsm_may_report_back(self):
        """Hand-overs the current user took over (or any, for the service
        desk and supervisors)."""
        if self._tsm_is_dispatcher():
            return self
        return self.filtered(lambda handover: handover.to_employee_id in self.env.user.employee_ids)

    @api.model_create_multi
    def create(self, vals_list):
        if not (self._tsm_guard_trusted() or self._tsm_is_dispatcher()):
            mine = self.env.user.employee_ids
            for vals in vals_list:
                if vals.get("from_employee_id") not in mine.ids:
                    raise AccessError(
                        self.env._(
                            "Only the engineer who hands the incident over, the service desk or "
                            "a supervisor records a hand-over."
                        )
                    )
        handovers = super().create(vals_list)
        for handover in handovers:
            if handover.from_employee_id == handover.to_employee_id:
                raise UserError(self.env._("Hand the incident to another engineer."))
            if handover.ticket_id.state not in HANDOVER_STATES:
                raise UserError(
                    self.env._(
                        "Ticket %s is solved or cancelled: there is no incident to hand over.",
                        handover.ticket_id.name,
                    )
                )
            handover.ticket_id.sudo().owner_id = handover.to_employee_id
            handover.ticket_id.message_post(
                body=self.env._(
                    "Incident handed over by %(first)s to %(second)s until %(until)s.",
                    first=handover.from_employee_id.name,
                    second=handover.to_employee_id.name,
                    until=fields.Datetime.to_string(handover.date_until),
                )
            )
        return handovers

    def action_report_back(self):
        """The second engineer reports the result; the manager is informed
        and the ticket returns to the first engineer."""
        refused = self - self._tsm_may_report_back()
        if refused:
            raise AccessError(
                self.env._(
                    "Only %s, who took the incident over, reports back on it.",
                    refused[0].to_employee_id.name,
                )
            )
        for handover in self:
            if handover.state != "open":
                raise UserError(self.env._("This hand-over was already reported back."))
            if not (handover.result or "").strip():
                raise UserError(self.env._("Write the result before reporting back."))
            flow(handover).write({"state": "done", "date_reported": fields.Datetime.now()})
            ticket = handover.ticket_id.sudo()
            ticket.owner_id = handover.from_employee_id
            manager = (
                handover.from_employee_id.parent_id.user_id
                or ticket.department_id.manager_id.user_id
            )
            body = self.env._(
                "Hand-over result from %(second)s: %(result)s. The ticket is back with %(first)s.",
                second=handover.to_employee_id.name,
                result=handover.result,
                first=handover.from_employee_id.name,
            )
            ticket._tsm_post_handover_note(body, manager)
            handover.message_post(body=Markup("<p>%s</p>") % body)
        return True
