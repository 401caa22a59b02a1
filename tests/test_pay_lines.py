import io
from datetime import date

import openpyxl
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import TsmCommon, pdf_text


class TestPayLinesCommon(TsmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Line = cls.env["tsm.pay.line"]
        cls.Period = cls.env["tsm.pay.period"]
        # Any document can be a source; tests use departments.
        cls.source = cls.env["hr.department"].create(
            {"name": "Source A", "company_id": cls.company.id}
        )
        cls.source2 = cls.env["hr.department"].create(
            {"name": "Source B", "company_id": cls.company.id}
        )

    def _vals(self, employee, code, amount, day="2026-11-10", source=None, **extra):
        return {
            "source": source or self.source,
            "employee_id": employee.id,
            "code": code,
            "amount": amount,
            "date": day,
            **extra,
        }

    def _sync(self, vals_list, sources=None):
        return self.Line._tsm_sync(sources or self.source, vals_list)


class TestPayPeriods(TestPayLinesCommon):
    def test_calendar_month_by_default(self):
        period = self.Period._tsm_get_period(self.company, date(2026, 11, 17))
        self.assertEqual(
            (period.date_start, period.date_end), (date(2026, 11, 1), date(2026, 11, 30))
        )
        self.assertEqual(period.name, "2026-11")
        self.assertEqual(period.state, "open")
        # The same month gives the same period.
        self.assertEqual(self.Period._tsm_get_period(self.company, date(2026, 11, 1)), period)

    def test_configurable_start_day(self):
        self.company.tsm_pay_period_start_day = 26
        period = self.Period._tsm_get_period(self.company, date(2026, 11, 10))
        self.assertEqual(
            (period.date_start, period.date_end), (date(2026, 10, 26), date(2026, 11, 25))
        )
        self.assertEqual(period.name, "2026-11")
        later = self.Period._tsm_get_period(self.company, date(2026, 11, 26))
        self.assertEqual(later.date_start, date(2026, 11, 26))
        self.assertEqual(later.name, "2026-12")
        with self.assertRaises(ValidationError):
            self.company.tsm_pay_period_start_day = 31

    def test_periods_cannot_overlap(self):
        self.Period._tsm_get_period(self.company, date(2026, 11, 17))
        with self.assertRaises(ValidationError):
            self.Period.create(
                {
                    "name": "odd",
                    "company_id": self.company.id,
                    "date_start": "2026-11-15",
                    "date_end": "2026-12-14",
                }
            )


class TestPaySync(TestPayLinesCommon):
    def test_sync_creates_then_is_idempotent(self):
        vals = [
            self._vals(self.emp_engineer, "TRIP_ALLOW", 480, quantity=4, rate=120),
            self._vals(self.emp_engineer2, "TRIP_ALLOW", 300),
            self._vals(self.emp_engineer, "COMM_INST", 600),
        ]
        lines = self._sync(vals)
        self.assertEqual(len(lines), 3)
        self.assertEqual(set(lines.mapped("state")), {"draft"})
        self.assertEqual(set(lines.mapped("period_id.name")), {"2026-11"})
        trip = lines.filtered(
            lambda line: line.employee_id == self.emp_engineer and line.code == "TRIP_ALLOW"
        )
        self.assertEqual((trip.amount, trip.quantity, trip.rate), (480, 4, 120))
        self.assertEqual(trip.source_ref, self.source)
        self.assertEqual(trip.department_id, self.department)
        # Running it again changes nothing.
        again = self._sync(vals)
        self.assertEqual(again, lines)
        self.assertEqual(
            self.Line.search_count(
                [("res_id", "=", self.source.id), ("res_model", "=", "hr.department")]
            ),
            3,
        )

    def test_resync_updates_drafts_and_drops_obsolete(self):
        lines = self._sync(
            [
                self._vals(self.emp_engineer, "TRIP_ALLOW", 480),
                self._vals(self.emp_engineer2, "TRIP_ALLOW", 300),
            ]
        )
        line1 = lines.filtered(lambda line: line.employee_id == self.emp_engineer)
        line2 = lines - line1
        line2 = lines - line1
        again = self._sync([self._vals(self.emp_engineer, "TRIP_ALLOW", 360)])
        self.assertEqual(again, line1, "the draft line is updated in place")
        self.assertEqual(line1.amount, 360)
        self.assertFalse(line2.exists(), "the line no longer produced is deleted")

    def test_resync_refuses_to_touch_approved_lines(self):
        lines = self._sync(
            [
                self._vals(self.emp_engineer, "TRIP_ALLOW", 480),
                self._vals(self.emp_engineer2, "TRIP_ALLOW", 300),
            ]
        )
        lines.with_user(self.user_payroll).action_approve()
        self.assertEqual(set(lines.mapped("state")), {"approved"})
        # Same values: nothing to do, no error.
        self.assertEqual(
            self._sync(
                [
                    self._vals(self.emp_engineer, "TRIP_ALLOW", 480),
                    self._vals(self.emp_engineer2, "TRIP_ALLOW", 300),
                ]
            ),
            lines,
        )
        with self.assertRaisesRegex(UserError, "already approved"):
            self._sync(
                [
                    self._vals(self.emp_engineer, "TRIP_ALLOW", 999),
                    self._vals(self.emp_engineer2, "TRIP_ALLOW", 300),
                ]
            )
        with self.assertRaisesRegex(UserError, "already approved"):
            self._sync([self._vals(self.emp_engineer, "TRIP_ALLOW", 480)])
        self.assertEqual(sorted(lines.mapped("amount")), [300, 480])
        # Cancelled, the line no longer blocks a new one.
        lines.with_user(self.user_payroll).action_cancel()
        new = self._sync([self._vals(self.emp_engineer, "TRIP_ALLOW", 999)])
        self.assertEqual(new.amount, 999)
        self.assertNotIn(new, lines)

    def test_sources_are_independent(self):
        self._sync([self._vals(self.emp_engineer, "TRIP_ALLOW", 100)])
        self._sync(
            [self._vals(self.emp_engineer, "TRIP_ALLOW", 50, source=self.source2)], self.source2
        )
        self.assertEqual(
            self.Line.search([("employee_id", "=", self.emp_engineer.id)]).mapped("amount"),
            [100, 50],
        )

    def test_database_refuses_duplicates(self):
        line = self._sync([self._vals(self.emp_engineer, "TRIP_ALLOW", 100)])
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Line.create(
                {
                    "employee_id": self.emp_engineer.id,
                    "company_id": self.company.id,
                    "period_id": line.period_id.id,
                    "date": "2026-11-20",
                    "code_id": line.code_id.id,
                    "amount": 1,
                    "name": "dup",
                    "res_model": "hr.department",
                    "res_id": self.source.id,
                }
            )

    def test_bad_input_saves_nothing(self):
        count = self.Line.search_count([])
        cases = [
            (UserError, [self._vals(self.emp_engineer, "NO_SUCH_CODE", 10)]),
            (ValidationError, [self._vals(self.emp_engineer, "TRIP_ALLOW", 10, quantity=-2)]),
            (ValidationError, [self._vals(self.emp_engineer, "TRIP_ALLOW", -10)]),
            (
                UserError,
                [
                    self._vals(self.emp_engineer, "TRIP_ALLOW", 10),
                    self._vals(self.emp_engineer, "TRIP_ALLOW", 20, day="2026-11-11"),
                ],
            ),
        ]
        for error, vals in cases:
            with self.subTest(vals=vals), self.assertRaises(error), self.cr.savepoint():
                self._sync(vals)
        self.assertEqual(self.Line.search_count([]), count)
        # Deductions are fine where the code allows them.
        line = self._sync([self._vals(self.emp_engineer, "APPR_GRADE", -300)])
        self.assertEqual(line.amount, -300)

    def test_line_of_other_company_employee_refused(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        stranger = self.env["hr.employee"].create({"name": "Stranger", "company_id": other.id})
        period = self.Period._tsm_get_period(self.company, date(2026, 11, 5))
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Line.create(
                {
                    "employee_id": stranger.id,
                    "company_id": self.company.id,
                    "period_id": period.id,
                    "date": "2026-11-05",
                    "code_id": self.env.ref("hr_tech_service.pay_code_other").id,
                    "amount": 10,
                    "name": "x",
                }
            )
        self.assertFalse(self.Line.search([("employee_id", "=", stranger.id)]))

    def test_date_outside_period_refused(self):
        period = self.Period._tsm_get_period(self.company, date(2026, 11, 5))
        with self.assertRaisesRegex(ValidationError, "outside its pay period"), self.cr.savepoint():
            self.Line.create(
                {
                    "employee_id": self.emp_engineer.id,
                    "company_id": self.company.id,
                    "period_id": period.id,
                    "date": "2026-12-05",
                    "code_id": self.env.ref("hr_tech_service.pay_code_other").id,
                    "amount": 10,
                    "name": "x",
                }
            )

    def test_manual_line_with_rate(self):
        period = self.Period._tsm_get_period(self.company, date(2026, 11, 5))
        form = Form(self.Line.with_user(self.user_payroll))
        form.employee_id = self.emp_engineer
        form.name = "Day-rate work at site"
        form.period_id = period
        form.date = date(2026, 11, 5)
        form.code_id = self.env.ref("hr_tech_service.pay_code_day_rate")
        form.quantity = 3
        form.rate = 80
        line = form.save()
        self.assertEqual(line.amount, 240)


class TestPayClosing(TestPayLinesCommon):
    def test_close_locks_the_period(self):
        lines = self._sync(
            [
                self._vals(self.emp_engineer, "TRIP_ALLOW", 480),
                self._vals(self.emp_engineer2, "COMM_INST", 600),
            ]
        )
        period = lines.period_id
        with self.assertRaisesRegex(UserError, "draft lines"):
            period.with_user(self.user_payroll).action_close()
        with self.assertRaisesRegex(AccessError, "Payroll Officer"):
            period.with_user(self.user_gm).action_close()
        lines.with_user(self.user_payroll).action_approve()
        period.with_user(self.user_payroll).action_close()
        self.assertEqual(period.state, "closed")
        self.assertEqual(set(lines.mapped("state")), {"paid"})
        # Nobody, not even the superuser, changes a closed period's lines.
        for env_lines in (lines.with_user(self.user_payroll), lines.sudo()):
            with self.assertRaisesRegex(UserError, "is closed"):
                env_lines.write({"note": "late"})
            with self.assertRaisesRegex(UserError, "is closed"):
                env_lines.unlink()
            with self.assertRaisesRegex(UserError, "is closed"), self.cr.savepoint():
                env_lines.create(
                    {
                        "employee_id": self.emp_engineer.id,
                        "company_id": self.company.id,
                        "period_id": period.id,
                        "date": "2026-11-05",
                        "code_id": self.env.ref("hr_tech_service.pay_code_other").id,
                        "amount": 10,
                        "name": "late",
                    }
                )
        # A source re-run with changed figures is refused; with the same ones it is a no-op.
        with self.assertRaises(UserError):
            self._sync([self._vals(self.emp_engineer, "TRIP_ALLOW", 500)])

    def test_correction_goes_to_next_open_period(self):
        line = self._sync([self._vals(self.emp_engineer, "TRIP_ALLOW", 480)])
        line.with_user(self.user_payroll).action_approve()
        line.period_id.with_user(self.user_payroll).action_close()
        wizard = (
            self.env["tsm.pay.line.correct"]
            .with_user(self.user_payroll)
            .with_context(default_line_id=line.id)
            .create({"amount": -120, "reason": "one day too many"})
        )
        self.assertEqual(wizard.period_id.name, "2026-12")
        action = wizard.action_confirm()
        adjustment = self.Line.browse(action["res_id"])
        self.assertEqual(adjustment.correction_of_id, line)
        self.assertEqual(adjustment.amount, -120)
        self.assertEqual(adjustment.code, "TRIP_ALLOW")
        self.assertEqual(adjustment.period_id.date_start, date(2026, 12, 1))
        self.assertEqual(adjustment.state, "draft")
        self.assertEqual(line.correction_ids, adjustment)

    def test_approved_line_cannot_be_edited(self):
        line = self._sync([self._vals(self.emp_engineer, "TRIP_ALLOW", 480)])
        line.with_user(self.user_payroll).action_approve()
        with self.assertRaisesRegex(AccessError, "You cannot change “Amount”"):
            line.with_user(self.user_payroll).amount = 10
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            line.with_user(self.user_payroll).unlink()
        self.assertEqual(line.amount, 480)
        line.with_user(self.user_payroll).action_mark_paid()
        self.assertEqual(line.state, "paid")
        with self.assertRaises(UserError):
            line.with_user(self.user_payroll).action_cancel()


class TestPayReading(TestPayLinesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lines = cls.env["tsm.pay.line"]._tsm_sync(
            cls.source,
            [
                {
                    "source": cls.source,
                    "employee_id": cls.emp_engineer.id,
                    "code": "TRIP_ALLOW",
                    "amount": 480,
                    "date": "2026-11-10",
                },
                {
                    "source": cls.source,
                    "employee_id": cls.emp_engineer.id,
                    "code": "COMM_INST",
                    "amount": 600,
                    "date": "2026-11-10",
                },
                {
                    "source": cls.source,
                    "employee_id": cls.emp_engineer2.id,
                    "code": "TRIP_ALLOW",
                    "amount": 300,
                    "date": "2026-11-12",
                },
                {
                    "source": cls.source,
                    "employee_id": cls.emp_engineer.id,
                    "code": "TRIP_ALLOW",
                    "amount": 120,
                    "date": "2026-12-03",
                },
                {
                    "source": cls.source,
                    "employee_id": cls.emp_manager.id,
                    "code": "APPR_GRADE",
                    "amount": -300,
                    "date": "2026-11-25",
                },
            ],
        )
        cls.lines = lines
        (lines - lines.filtered(lambda line: line.date.month == 12)).with_user(
            cls.user_payroll
        ).action_approve()
        cls.november = lines[0].period_id

    def test_employee_pay_amount_counts_approved_only(self):
        amount = self.emp_engineer.tech_service_pay_amount
        self.assertEqual(amount("TRIP_ALLOW", "2026-11-01", "2026-11-30"), 480)
        self.assertEqual(amount(["TRIP_ALLOW", "COMM_INST"], "2026-11-01", "2026-11-30"), 1080)
        self.assertEqual(amount(None, date(2026, 11, 1), date(2026, 11, 30)), 1080)
        self.assertEqual(
            amount("TRIP_ALLOW", "2026-12-01", "2026-12-31"), 0, "December is still draft"
        )
        self.assertEqual(self.emp_manager.tech_service_pay_amount("APPR_GRADE"), -300)
        # A payroll engine's user without any Technical Service group reads it
        # (OCA payroll runs salary rules as the user computing the payslip).
        engine_user = self._tsm_user("tsm_oca_payroll", "payroll.group_payroll_user", "OCA Payroll")
        self.assertFalse(engine_user.has_group("hr_tech_service.group_tsm_employee"))
        self.assertEqual(
            self.emp_engineer.with_user(engine_user).tech_service_pay_amount("COMM_INST"), 600
        )
        # The employee reads their own; a colleague is refused.
        self.assertEqual(
            self.emp_engineer.with_user(self.user_engineer).tech_service_pay_amount("COMM_INST"),
            600,
        )
        with self.assertRaisesRegex(AccessError, "Engineer Zhang"):
            self.emp_engineer.with_user(self.user_engineer2).tech_service_pay_amount("COMM_INST")

    def test_employee_reads_own_lines_only(self):
        Line = self.env["tsm.pay.line"].with_user(self.user_engineer)
        mine = Line.search([])
        self.assertEqual(set(mine.mapped("employee_id")), {self.emp_engineer})
        self.assertEqual(len(mine), 3)
        other = self.lines.filtered(lambda line: line.employee_id == self.emp_engineer2)
        with self.assertRaises(AccessError):
            other.with_user(self.user_engineer).read(["amount"])
        draft = mine.filtered(lambda line: line.state == "draft")
        self.assertEqual(draft.amount, 120)
        with self.assertRaises(AccessError):
            draft.write({"amount": 1})
        with self.assertRaises(AccessError):
            mine.action_approve()

    def test_department_manager_reads_department(self):
        lines = self.env["tsm.pay.line"].with_user(self.user_manager).search([])
        self.assertEqual(
            set(lines.mapped("employee_id")),
            {self.emp_engineer, self.emp_engineer2, self.emp_manager},
        )
        with self.assertRaises(AccessError):
            lines[0].write({"note": "x"})

    def test_payroll_reads_all_and_leader_only_own(self):
        self.assertEqual(
            len(self.env["tsm.pay.line"].with_user(self.user_payroll).search([])), len(self.lines)
        )
        self.assertFalse(self.env["tsm.pay.line"].with_user(self.user_leader).search([]))

    def test_xlsx_export(self):
        data = self.november.with_user(self.user_payroll)._tsm_export_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(data))
        sheet = book.active
        header = [cell.value for cell in sheet[3]]
        self.assertEqual(header[:3], ["Employee ID", "Employee", "Department"])
        self.assertTrue(header[3].startswith("APPR_GRADE"))
        self.assertEqual(header[-1], "Total")
        rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]}
        codes = [h.split("\n")[0] for h in header[3:-1]]
        zhang = dict(zip(codes, rows["Engineer Zhang"][3:-1], strict=True))
        self.assertEqual(zhang, {"APPR_GRADE": 0, "TRIP_ALLOW": 480, "COMM_INST": 600})
        self.assertEqual(rows["Manager Chen"][3], -300)
        # openpyxl reads formulas; their cached results are what payroll sees.
        book_values = openpyxl.load_workbook(io.BytesIO(data), data_only=True).active
        totals = [
            row for row in book_values.iter_rows(min_row=4, values_only=True) if row[1] == "Total"
        ]
        self.assertEqual(totals[0][-1], 480 + 600 + 300 - 300)

    def test_export_action_makes_attachment(self):
        action = self.november.with_user(self.user_payroll).action_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertTrue(attachment.name.endswith(".xlsx"))
        self.assertEqual(attachment.raw[:2], b"PK")

    def test_pay_statement_in_chinese_and_english(self):
        report = self.env.ref("hr_tech_service.action_report_pay_statement")
        lines = self.lines.filtered(lambda line: line.employee_id == self.emp_engineer)
        html_en = (
            report.with_user(self.user_payroll)
            ._render_qweb_html(report.report_name, lines.ids)[0]
            .decode()
        )
        self.assertIn("Monthly Pay Statement", html_en)
        self.assertIn("Engineer Zhang", html_en)
        self.assertIn("1,080.00", html_en, "the statement totals the approved November lines")
        self.assertNotIn("120.00", html_en, "the draft December line is not on the statement")
        self.user_engineer.lang = "zh_CN"
        html_zh = (
            report.with_user(self.user_engineer)
            ._render_qweb_html(report.report_name, lines.ids)[0]
            .decode()
        )
        self.assertIn("月度工资单", html_zh)
        self.assertIn("出差补助", html_zh)
        # A real PDF through wkhtmltopdf, with the Chinese text in it.
        pdf, kind = (
            report.with_user(self.user_engineer)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, lines.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertIn("月度工资单", pdf_text(pdf))


@tagged("is_query_count")
class TestPayBatchQueries(TestPayLinesCommon):
    """Generating, approving and exporting a period's lines costs a fixed
    number of queries, not one per line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.small = cls._make_employees(10, "Small")
        cls.large = cls._make_employees(100, "Large")
        cls.src_small = cls.env["hr.department"].create({"name": "S", "company_id": cls.company.id})
        cls.src_large = cls.env["hr.department"].create({"name": "L", "company_id": cls.company.id})

    def _vals_for(self, employees, source, factor=1):
        codes = ["APPR_GRADE", "EMP_MONTH", "TRIP_ALLOW", "COMM_INST", "DAY_RATE"]
        return [
            {
                "source": source,
                "employee_id": emp.id,
                "code": code,
                "amount": 10 * factor + i,
                "date": "2026-11-15",
            }
            for emp in employees
            for i, code in enumerate(codes)
        ]

    def test_generate_approve_export_fixed_queries(self):
        Line = self.env["tsm.pay.line"]
        # Warm up caches and create the period outside the measure.
        Line._tsm_sync(self.source, [self._vals(self.emp_engineer, "OTHER", 1, day="2026-11-15")])
        self.env.invalidate_all()

        small = self._count_queries(
            lambda: Line._tsm_sync(self.src_small, self._vals_for(self.small, self.src_small))
        )
        self.env.invalidate_all()
        # 50 lines vs 500: the ORM inserts 100 rows per INSERT, so the only
        # difference allowed is 4 more INSERT statements, nothing per line.
        with self.assertQueryCount(small + 4):
            Line._tsm_sync(self.src_large, self._vals_for(self.large, self.src_large))
        self.assertEqual(
            Line.search_count(
                [("res_id", "=", self.src_large.id), ("res_model", "=", "hr.department")]
            ),
            500,
        )

        # Re-running (idempotent) and re-generating changed drafts.
        self.env.invalidate_all()
        rerun = self._count_queries(
            lambda: Line._tsm_sync(self.src_small, self._vals_for(self.small, self.src_small, 2))
        )
        self.env.invalidate_all()
        with self.assertQueryCount(rerun + 4):  # one UPDATE per 100 changed rows
            Line._tsm_sync(self.src_large, self._vals_for(self.large, self.src_large, 2))

        lines_small = Line.search(
            [("res_id", "=", self.src_small.id), ("res_model", "=", "hr.department")]
        )
        lines_large = Line.search(
            [("res_id", "=", self.src_large.id), ("res_model", "=", "hr.department")]
        )
        self.env.invalidate_all()
        approve = self._count_queries(
            lambda: lines_small.with_user(self.user_payroll).action_approve()
        )
        self.env.invalidate_all()
        with self.assertQueryCount(approve):
            lines_large.with_user(self.user_payroll).action_approve()
        self.assertEqual(set(lines_large.mapped("state")), {"approved"})

        period = lines_large.period_id
        self.env.invalidate_all()
        with self.assertQueryCount(approve + 20):
            period.with_user(self.user_payroll)._tsm_export_xlsx()
