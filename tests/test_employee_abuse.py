from odoo.tests import tagged

from .common import RPC_ACCESS_ERROR, TsmRpcCommon


@tagged("post_install", "-at_install")
class TestAbuseEmployee(TsmRpcCommon):
    """The addon's fields on the employee over XML-RPC: a service grade is
    given once by HR, then changes only through an approved promotion;
    nobody edits their own employment data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        grades = cls.env["tsm.service.grade"].search([], order="level")
        cls.grade_low, cls.grade_high = grades[0], grades[-1]
        cls.user_hr_officer = cls._tsm_user(
            "tsm_hr_officer", "hr_tech_service.group_tsm_hr_officer", "HR Officer Ma"
        )
        cls.emp_hr_officer = cls.env["hr.employee"].create(
            {
                "name": "HR Officer Ma",
                "user_id": cls.user_hr_officer.id,
                "company_id": cls.company.id,
                "tsm_grade_id": cls.grade_low.id,
            }
        )
        cls.emp_engineer2.tsm_grade_id = cls.grade_low

    def test_grade_changes_only_by_promotion(self):
        # A colleague's grade, once given, is not typed over.
        self.assertRpcRefused(
            self.user_hr_officer,
            "hr.employee",
            "write",
            [self.emp_engineer2.id],
            {"tsm_grade_id": self.grade_high.id},
            fault=RPC_ACCESS_ERROR,
            text="Service Grade",
            unchanged=self.emp_engineer2,
        )
        # Nor one's own, even before a first grade.
        self.assertRpcRefused(
            self.user_hr_officer,
            "hr.employee",
            "write",
            [self.emp_hr_officer.id],
            {"tsm_grade_id": self.grade_high.id, "tsm_probation_end": False},
            unchanged=self.emp_hr_officer,
        )
        # An employee without a grade gets their first one from HR.
        self.assertFalse(self.emp_engineer.tsm_grade_id)
        self.rpc(
            self.user_hr_officer,
            "hr.employee",
            "write",
            [self.emp_engineer.id],
            {"tsm_grade_id": self.grade_low.id, "tsm_grade_date": "2026-01-01"},
        )
        self.assertEqual(self.emp_engineer.tsm_grade_id, self.grade_low)

    def test_own_employment_data(self):
        self.assertRpcRefused(
            self.user_hr_officer,
            "hr.employee",
            "write",
            [self.emp_hr_officer.id],
            {"tsm_probation_end": "2020-01-01"},
            unchanged=self.emp_hr_officer,
        )
        self.rpc(
            self.user_hr_officer,
            "hr.employee",
            "write",
            [self.emp_engineer2.id],
            {"tsm_probation_end": "2026-12-31"},
        )
        self.assertEqual(str(self.emp_engineer2.tsm_probation_end), "2026-12-31")
