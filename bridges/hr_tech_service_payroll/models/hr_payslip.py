from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.hr_tech_service.tools.batch import bulk
from odoo.addons.hr_tech_service.tools.flow import flow, in_flow

PAYSLIP_USER = "payroll.group_payroll_user"
COMPUTABLE = ("draft", "verify")


class HrPayslip(models.Model):
    """Payslips read the approved pay lines of their employee and dates into
    the inputs linked to pay codes, pay them when confirmed and give them
    back when cancelled or refunded.

    The lines are read and written as superuser, after the payslip action's
    own check (payroll user with write access to the payslip); the pay lines'
    state and links are written under flow() only. A payslip's status moves
    into or out of Done only through its buttons, so that no payslip is done
    without having paid its lines, and none stops being done while its lines
    stay paid.
    """

    _inherit = "hr.payslip"

    tsm_pay_line_ids = fields.Many2many(
        "tsm.pay.line",
        "hr_payslip_tsm_pay_line_rel",
        "payslip_id",
        "line_id",
        string="Technical Service Lines",
        readonly=True,
        copy=False,
        help="The approved pay lines the last computation read (confirming pays them); on a "
        "refund, the lines it gave back.",
    )
    tsm_late_line_count = fields.Integer(
        string="Lines Approved Since Computed", compute="_compute_tsm_line_counts"
    )
    tsm_gone_line_count = fields.Integer(
        string="Lines No Longer Payable", compute="_compute_tsm_line_counts"
    )

    @api.depends("tsm_pay_line_ids", "state", "employee_id", "date_from", "date_to")
    def _compute_tsm_line_counts(self):
        live = self.filtered(
            lambda slip: (
                isinstance(slip.id, int)
                and slip.state in COMPUTABLE
                and slip.compute_date
                and not slip.credit_note
            )
        )
        payable = live.sudo()._tsm_payable_lines(share=False) if live else {}
        empty = self.env["tsm.pay.line"].sudo()
        for slip in self:
            if slip not in live:
                slip.tsm_late_line_count = slip.tsm_gone_line_count = 0
                continue
            now = payable.get(slip.id, empty)
            held = slip.sudo().tsm_pay_line_ids
            slip.tsm_late_line_count = len(now - held)
            slip.tsm_gone_line_count = len(held - now)

    # ------------------------------------------------------------------
    # CRUD: what only the buttons write
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._tsm_trusted():
            given = [{**self._tsm_context_defaults(), **vals} for vals in vals_list]
            if any(vals.get("tsm_pay_line_ids") for vals in given):
                self._tsm_refuse_lines()
            if any(vals.get("state") == "done" for vals in given):
                self._tsm_refuse_state()
        return super().create(vals_list)

    def write(self, vals):
        if not self._tsm_trusted():
            if "tsm_pay_line_ids" in vals:
                self._tsm_refuse_lines()
            if "state" in vals:
                changing = self.filtered(lambda slip: slip.state != vals["state"])
                if changing and (
                    vals["state"] == "done" or any(s.state == "done" for s in changing)
                ):
                    self._tsm_refuse_state()
        return super().write(vals)

    def _tsm_trusted(self):
        return self.env.su or in_flow(self.env)

    @api.model
    def _tsm_context_defaults(self):
        return {
            key[8:]: value
            for key, value in self.env.context.items()
            if key in ("default_tsm_pay_line_ids", "default_state")
        }

    def _tsm_refuse_lines(self):
        raise AccessError(
            self.env._(
                "The technical service lines of a payslip are set by computing it, not typed."
            )
        )

    def _tsm_refuse_state(self):
        raise AccessError(
            self.env._(
                "A payslip is confirmed, cancelled or refunded with its buttons, which pay or "
                "give back its technical service lines; its status cannot be written directly."
            )
        )

    # ------------------------------------------------------------------
    # Actions of OCA payroll
    # ------------------------------------------------------------------
    def compute_sheet(self):
        self._tsm_check_payslip_user()
        done = self.filtered(lambda slip: slip.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Payslip %s is done: refund it (or cancel it) instead of computing it again.",
                    ", ".join(done.mapped(lambda slip: slip.number or slip.name or "")),
                )
            )
        self._tsm_fill_inputs()
        return super().compute_sheet()

    def action_payslip_done(self):
        """Confirm: compute the whole batch first (OCA's default, in one go
        instead of one payslip at a time), then pay the lines it read."""
        self._tsm_check_payslip_user()
        confirming = self.filtered(lambda slip: slip.state != "done")
        if not self.env.context.get("without_compute_sheet") and not (
            self[:1].prevent_compute_on_confirm
        ):
            self.compute_sheet()
        slips = flow(self).with_context(without_compute_sheet=True)
        res = super(HrPayslip, slips).action_payslip_done()
        confirming._tsm_pay_lines()
        return res

    def action_payslip_cancel(self):
        self._tsm_check_payslip_user()
        done = self.filtered(lambda slip: slip.state == "done")
        res = super(HrPayslip, flow(self)).action_payslip_cancel()
        done._tsm_give_back_lines()
        self._fields["tsm_pay_line_ids"].write_batch(
            [(slip, [Command.clear()]) for slip in self.sudo().filtered("tsm_pay_line_ids")]
        )
        return res

    def refund_sheet(self):
        self._tsm_check_payslip_user()
        res = super().refund_sheet()
        self._tsm_refund_lines()
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _tsm_check_payslip_user(self):
        """OCA payroll's own rule: a payroll user who may change these payslips."""
        if self.env.su:
            return
        if not self.env.user.has_group(PAYSLIP_USER):
            raise AccessError(
                self.env._(
                    "Only payroll users (Payroll: Officer or Manager) compute, confirm, cancel "
                    "or refund payslips."
                )
            )
        self.check_access("write")

    def _tsm_read_codes(self):
        """{payslip id: {input code: pay codes}}: the linked inputs that a
        salary rule of the payslip's structure takes. One computation per
        structure, whatever the number of payslips."""
        by_input = self.env["tsm.pay.code"]._tsm_by_input_code()
        if not by_input:
            return {slip.id: {} for slip in self}
        per_structure = {}
        result = {}
        for slip in self:
            structures = slip.struct_id or slip._get_employee_contracts().struct_id
            key = tuple(structures.ids)
            if key not in per_structure:
                rules = structures.sudo().get_structure_with_parents().get_all_rules()
                taken = set(rules.input_ids.mapped("code"))
                per_structure[key] = {
                    code: pay_codes for code, pay_codes in by_input.items() if code in taken
                }
            result[slip.id] = per_structure[key]
        return result

    def _tsm_payable_lines(self, share=True, read_codes=None):
        """{payslip id: the approved, unpaid pay lines it reads}: lines of the
        employee dated in the payslip's dates, of the codes its structure
        takes. With ``share``, a line read by two payslips of ``self`` (the
        same employee twice in one batch) goes to the first one only.
        Refunds read nothing. A fixed number of queries."""
        slips = self.filtered(lambda slip: not slip.credit_note)
        read_codes = read_codes if read_codes is not None else slips._tsm_read_codes()
        codes = self.env["tsm.pay.code"].union(
            *(pay_codes for per_input in read_codes.values() for pay_codes in per_input.values())
        )
        Line = self.env["tsm.pay.line"].sudo()
        if not slips or not codes:
            return {}
        lines = Line.search(
            Line._tsm_payable_domain(
                slips.employee_id,
                min(slips.mapped("date_from")),
                max(slips.mapped("date_to")),
                codes,
            ),
            order="date, id",
        )
        lines.fetch(["employee_id", "code_id", "date", "amount"])
        by_employee = defaultdict(list)
        for line in lines:
            by_employee[line.employee_id.id].append(line)
        taken = set()
        result = {}
        for slip in slips.sorted(lambda slip: (slip.date_from, slip.id)):
            slip_codes = Line.code_id.union(*read_codes.get(slip.id, {}).values())
            mine = [
                line.id
                for line in by_employee[slip.employee_id.id]
                if line.code_id in slip_codes
                and slip.date_from <= line.date <= slip.date_to
                and line.id not in taken
            ]
            if share:
                taken.update(mine)
            result[slip.id] = Line.browse(mine)
        return result

    @bulk
    def _tsm_fill_inputs(self):
        """Fill the linked inputs of these payslips with their pay lines: the
        amount, the number of lines (in the quantity and the description),
        and remember the lines read. The whole batch in a fixed number of
        queries."""
        slips = self.filtered(lambda slip: slip.state in COMPUTABLE and not slip.credit_note)
        if not slips:
            return
        read_codes = slips._tsm_read_codes()
        payable = slips.sudo()._tsm_payable_lines(read_codes=read_codes)
        empty = self.env["tsm.pay.line"].sudo()
        # Read everything first: writing an input invalidates its payslip.
        slips.input_line_ids.fetch(["code", "payslip_id", "sequence"])
        to_write, to_create = [], []
        for slip in slips:
            lines = payable.get(slip.id, empty)
            # The salary rules see the last input of each code (OCA builds a dict).
            inputs = {}
            for line in slip.input_line_ids:
                inputs.setdefault(line.code, []).append(line)
            currency = slip.company_id.currency_id
            for input_code, pay_codes in read_codes[slip.id].items():
                mine = lines.filtered(lambda line, c=pay_codes: line.code_id in c)
                vals = {
                    "amount": currency.round(sum(mine.mapped("amount"))),
                    "amount_qty": len(mine),
                    "name": self.env._(
                        "%(codes)s (pay lines: %(count)s)",
                        codes=", ".join(pay_codes.mapped("name")),
                        count=len(mine),
                    ),
                }
                if input_code in inputs:
                    *others, last = inputs[input_code]
                    to_write.append((last, vals))
                    to_write.extend((other, {"amount": 0.0, "amount_qty": 0.0}) for other in others)
                    continue
                contract = slip.contract_id or slip._get_employee_contracts()[:1]
                if contract:
                    to_create.append(
                        {
                            **vals,
                            "payslip_id": slip.id,
                            "code": input_code,
                            "contract_id": contract.id,
                        }
                    )
        for line, vals in to_write:
            line.write(vals)
        if to_create:
            self.env["hr.payslip.input"].create(to_create)
        self._fields["tsm_pay_line_ids"].write_batch(
            [(slip, [Command.set(payable.get(slip.id, empty).ids)]) for slip in slips.sudo()]
        )

    @bulk
    def _tsm_pay_lines(self):
        """Mark the lines of these confirmed payslips paid and link them to
        their payslip, in one batch. Refused, with nothing written, when a
        payslip confirmed without computing holds lines that are no longer
        payable or inputs that do not add up to its lines."""
        slips = self.filtered(lambda slip: slip.state == "done" and not slip.credit_note)
        if not slips:
            return
        held = {slip.id: slip.sudo().tsm_pay_line_ids for slip in slips}
        slips._tsm_check_one_payslip_per_line(held)
        slips._tsm_check_held_lines(held)
        empty = self.env["tsm.pay.line"].sudo()
        all_lines = empty.union(*held.values())
        all_lines.with_env(self.env)._tsm_check_not_own(self.env._("mark as paid"))
        for slip in slips:
            if held[slip.id]:
                flow(held[slip.id]).with_context(tracking_disable=True).write(
                    {"state": "paid", "payslip_id": slip.id}
                )

    def _tsm_check_one_payslip_per_line(self, held):
        """No pay line is held by two of these payslips."""
        slips = self
        owner = {}
        for slip in slips:
            for line in held[slip.id]:
                if line.id in owner:
                    raise UserError(
                        self.env._(
                            "Pay line “%(line)s” is read by payslips %(first)s and %(second)s "
                            "of the same employee: compute them again together, then confirm "
                            "them.",
                            line=line.name,
                            first=owner[line.id].number or owner[line.id].name,
                            second=slip.number or slip.name,
                        )
                    )
                owner[line.id] = slip

    def _tsm_check_held_lines(self, held):
        """Each payslip still holds payable lines whose amounts are its inputs'."""
        slips = self
        read_codes = slips._tsm_read_codes()
        payable = slips.sudo()._tsm_payable_lines(share=False, read_codes=read_codes)
        empty = self.env["tsm.pay.line"].sudo()
        for slip in slips:
            lines = held[slip.id]
            gone = lines - payable.get(slip.id, empty)
            if gone:
                raise UserError(
                    self.env._(
                        "Payslip %(slip)s holds technical service lines that are no longer "
                        "payable (paid by another payslip, cancelled, changed or moved): "
                        "%(lines)s. Compute the sheet again, then confirm it.",
                        slip=slip.number or slip.name,
                        lines=", ".join(gone[:10].mapped("name")),
                    )
                )
            inputs = {line.code: line for line in slip.input_line_ids}
            currency = slip.company_id.currency_id
            for input_code, pay_codes in read_codes[slip.id].items():
                expected = currency.round(
                    sum(
                        lines.filtered(lambda line, c=pay_codes: line.code_id in c).mapped("amount")
                    )
                )
                given = inputs[input_code].amount if input_code in inputs else 0.0
                if currency.compare_amounts(given, expected):
                    raise UserError(
                        self.env._(
                            "Input %(code)s of payslip %(slip)s is %(given)s, but its technical "
                            "service lines add up to %(expected)s. Compute the sheet again, "
                            "then confirm it.",
                            code=input_code,
                            slip=slip.number or slip.name,
                            given=given,
                            expected=expected,
                        )
                    )

    @bulk
    def _tsm_give_back_lines(self):
        """These done payslips were cancelled: the lines they paid are
        approved again; the lines a cancelled refund gave back are paid again
        by the payslip it refunded, unless another payslip paid them since."""
        Line = self.env["tsm.pay.line"].sudo()
        paid = Line.search([("payslip_id", "in", self.ids)])
        returned = Line.search([("refund_payslip_id", "in", self.ids)])
        (paid | returned).with_env(self.env)._tsm_check_not_own(self.env._("give back"))
        if paid:
            flow(paid).with_context(tracking_disable=True).write(
                {"state": "approved", "payslip_id": False}
            )
        if not returned:
            return
        taken = returned.filtered(lambda line: line.state != "approved" or line.payslip_id)
        if taken:
            raise UserError(
                self.env._(
                    "This refund cannot be cancelled: pay lines it gave back were paid again "
                    "since (or cancelled): %s. Refund or cancel those payslips first.",
                    ", ".join(
                        f"{line.name} ({line.payslip_id.number or line.state})"
                        for line in taken[:10]
                    ),
                )
            )
        originals = {
            slip.refunded_id.id: slip
            for slip in self.sudo().search([("refunded_id", "in", self.ids)])
        }
        for refund in self:
            mine = returned.filtered(lambda line, r=refund: line.refund_payslip_id == r)
            original = originals.get(refund.id)
            if mine and original:
                flow(mine).with_context(tracking_disable=True).write(
                    {"state": "paid", "payslip_id": original.id, "refund_payslip_id": False}
                )

    @bulk
    def _tsm_refund_lines(self):
        """These payslips were refunded: the lines they paid are approved
        again, linked to the refund, for the next payslip to pay."""
        refunded = self.filtered("refunded_id")
        lines = self.env["tsm.pay.line"].sudo().search([("payslip_id", "in", refunded.ids)])
        if not lines:
            return
        lines.with_env(self.env)._tsm_check_not_own(self.env._("give back"))
        batch = []
        for slip in refunded:
            mine = lines.filtered(lambda line, s=slip: line.payslip_id == s)
            if not mine:
                continue
            flow(mine).with_context(tracking_disable=True).write(
                {"state": "approved", "payslip_id": False, "refund_payslip_id": slip.refunded_id.id}
            )
            batch.append((slip.refunded_id.sudo(), [Command.set(mine.ids)]))
        self._fields["tsm_pay_line_ids"].write_batch(batch)
