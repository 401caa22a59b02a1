from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.flow import flow
from ..tools.ticket_vocabulary import (
    CALLBACK_FROM_RATING,
    DESK,
    MANAGER,
    SATISFACTION,
    SOLVED_STATES,
)
from ..tools.working_time import local_day


class TsmTicketRating(models.Model):
    """What the customer is told and says: the e-mails on registration and
    solving, the callbacks that reached them (which also complete the area's
    job) and the e-mail rating of the solution."""

    _inherit = "tsm.ticket"

    # Callback
    callback_done = fields.Boolean(
        compute="_compute_callback", store=True, index=True, help="A callback reached the customer."
    )
    date_callback = fields.Date(compute="_compute_callback", store=True, string="Callback Date")
    satisfaction = fields.Selection(SATISFACTION, compute="_compute_callback", store=True)
    job_completed = fields.Boolean(
        compute="_compute_callback",
        store=True,
        index=True,
        help="Solved by its due date and confirmed by a callback (area completion rate).",
    )
    solution_rating_id = fields.Many2one(
        "rating.rating",
        string="Rating of the Solution",
        readonly=True,
        copy=False,
        help="The customer's e-mail rating of the current solution: each rating request for "
        "it carries the same link, and a new answer replaces the earlier one.",
    )

    @api.depends(
        "callback_ids.reached",
        "callback_ids.date",
        "callback_ids.satisfaction",
        "date_solved",
        "date_solved_day",
        "date_due",
    )
    def _compute_callback(self):
        for ticket in self:
            # Only callbacks about the current solution count: a reopened
            # ticket needs a new one.
            reached = ticket.callback_ids.filtered(
                lambda c, t=ticket: c.reached and t.date_solved and c.date >= t.date_solved
            ).sorted("date")
            last = reached[-1:]
            ticket.callback_done = bool(reached)
            ticket.date_callback = local_day(ticket.company_id, last.date)
            ticket.satisfaction = last.satisfaction
            ticket.job_completed = bool(
                reached
                and ticket.date_solved
                and (not ticket.date_due or ticket.date_solved_day <= ticket.date_due)
            )

    def action_send_rating(self):
        """E-mail the customer a rating request (rating.mixin), for customers
        who prefer it to a phone callback."""
        template = self.env.ref("hr_tech_service.mail_template_tsm_ticket_rating")
        for ticket in self:
            if ticket.state not in SOLVED_STATES:
                raise UserError(
                    self.env._(
                        "Ticket %s is not solved: there is nothing to rate yet.", ticket.name
                    )
                )
        return self.rating_send_request(template, force_send=False)

    # ------------------------------------------------------------------
    # Mail and rating
    # ------------------------------------------------------------------
    def _tsm_send_mail(self, xmlid):
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template or self.env.context.get("tsm_no_customer_mail"):
            return
        for ticket in self.filtered("partner_id.email"):
            ticket.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", email_layout_xmlid=False
            )

    def _rating_get_partner(self):
        return self.partner_id

    def _rating_get_operator(self):
        return (self.owner_id.user_id or self.first_engineer_id.user_id).partner_id

    def _tsm_check_rating_requester(self):
        """A rating request (and the customer's token in it) comes from the
        service desk or a department manager who did not work on the ticket:
        whoever holds the token can answer the customer's rating page."""
        self._tsm_require(DESK, MANAGER, action=self.env._("ask customers for a rating"))
        self._tsm_check_not_worked_on(self.env._("ask for a rating about"))

    def _rating_get_access_token(self, partner=None):
        """One rating per solution: every request about the current solution
        carries the same token, so that a second answer updates the first."""
        self.ensure_one()
        if not self.env.su:
            self._tsm_check_rating_requester()
        ticket = self.sudo()
        partner = partner or ticket._rating_get_partner()
        rating = ticket.solution_rating_id
        if rating and rating.partner_id == partner:
            return rating.access_token
        token = super(TsmTicketRating, ticket)._rating_get_access_token(partner=partner)
        rating = self.env["rating.rating"].sudo().search([("access_token", "=", token)], limit=1)
        flow(ticket).solution_rating_id = rating
        return token

    def rating_send_request(self, template, lang=False, force_send=True):
        """E-mail the rating request to the customer only. It is not posted
        on the ticket as rating.mixin does: its links carry the customer's
        token, which the engineers reading the chatter must not have."""
        self._tsm_check_rating_requester()
        if lang:
            template = template.with_context(lang=lang)
        for ticket in self:
            template.send_mail(
                ticket.id,
                force_send=force_send,
                email_layout_xmlid="mail.mail_notification_light",
                email_values={"model": False, "res_id": False},
            )
            ticket.message_post(
                body=self.env._("Rating request e-mailed to %s.", ticket.partner_id.display_name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """The customer's answer on the rating page (Odoo's /rate/<token>
        routes, which call this as superuser once they found the token) is a
        callback by e-mail: one callback per rating, updated
        when the customer answers again. Nobody else records a rating."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Only the customer rates a service ticket, on the page their rating "
                    "request links to."
                )
            )
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        ticket = self.browse(rating.res_id)
        if ticket.state not in SOLVED_STATES or rating != ticket.solution_rating_id:
            # Rated after it was reopened: the answer stays on the rating only.
            return rating
        values = {
            "date": fields.Datetime.now(),
            "reached": True,
            "satisfaction": CALLBACK_FROM_RATING.get(rating.rating_text, "neutral"),
            "comment": feedback,
        }
        callback = ticket.callback_ids.filtered(lambda callback: callback.rating_id == rating)
        if callback:
            flow(callback).write(values)
        else:
            flow(self.env["tsm.ticket.callback"]).create(
                {
                    **values,
                    "ticket_id": ticket.id,
                    "channel": "rating",
                    "rating_id": rating.id,
                    "user_id": False,
                }
            )
        return rating
