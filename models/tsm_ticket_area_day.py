from odoo import fields, models, tools

from ..tools.ticket_vocabulary import AREA_JOB_KINDS


class TsmAreaDay(models.Model):
    """Jobs due and completed per area and day: the area's daily completion
    rate (an SQL view over the tickets)."""

    _name = "tsm.area.day"
    _description = "Area Daily Completion"
    _inherit = ["tsm.guard.mixin"]
    _auto = False
    _order = "date desc, area_id"

    date = fields.Date(readonly=True)
    area_id = fields.Many2one("tsm.area", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    due_count = fields.Integer(string="Jobs Due", readonly=True)
    completed_count = fields.Integer(string="Jobs Completed", readonly=True)
    rate = fields.Float(string="Completion Rate (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT
                    min(t.id) AS id,
                    t.date_due AS date,
                    t.area_id,
                    t.company_id,
                    count(*) AS due_count,
                    count(*) FILTER (WHERE t.job_completed) AS completed_count,
                    round(100.0 * count(*) FILTER (WHERE t.job_completed) / count(*), 2)
                        AS rate
                FROM tsm_ticket t
                WHERE t.state != 'cancelled' AND t.area_id IS NOT NULL
                    AND t.date_due IS NOT NULL AND t.kind IN %s
                GROUP BY t.date_due, t.area_id, t.company_id
            )
            """,
            (AREA_JOB_KINDS,),
        )
