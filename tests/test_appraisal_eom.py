"""Employee of the month: anonymous votes, checks, veto, confirmation, award."""

from odoo.exceptions import AccessError, UserError

from .appraisal_common import AppraisalCommon


class TestEmployeeOfTheMonth(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.voters = {}
        for i in range(4):
            user = cls.env["res.users"].create(
                {
                    "name": f"Staff {i}",
                    "login": f"tsm_staff_{i}",
                    "password": f"tsm_staff_{i}",
                    "groups_id": [(6, 0, [cls.env.ref("hr_tech_service.group_tsm_employee").id])],
                    "company_id": cls.company.id,
                    "company_ids": [(6, 0, cls.company.ids)],
                }
            )
            cls.voters[i] = cls.env["hr.employee"].create(
                {
                    "name": f"Staff {i}",
                    "user_id": user.id,
                    "department_id": cls.department.id,
                    "company_id": cls.company.id,
                }
            )

    def test_full_round(self):
        award = (
            self.env["tsm.eom.round"]
            .with_user(self.user_manager)
            .create(
                {
                    "department_id": self.department.id,
                    "month": "2026-11-01",
                    "company_id": self.company.id,
                }
            )
        )
        self.assertEqual((award.winner_count, award.amount), (2, 200))
        votes = [
            (self.user_engineer, self.emp_engineer2),
            (self.voters[0].user_id, self.emp_engineer2),
            (self.voters[1].user_id, self.emp_engineer2),
            (self.voters[2].user_id, self.emp_engineer),
            (self.voters[3].user_id, self.emp_engineer),
            (self.user_engineer2, self.emp_leader),
        ]
        for user, nominee in votes:
            award.with_user(user)._tsm_vote(nominee)
        with self.assertRaisesRegex(UserError, "already voted"):
            award.with_user(self.user_engineer)._tsm_vote(self.emp_leader)
        with self.assertRaisesRegex(UserError, "yourself"):
            award.with_user(self.user_leader)._tsm_vote(self.emp_leader)
        with self.assertRaisesRegex(UserError, "Only the staff"):
            award.with_user(self.user_gm)._tsm_vote(self.emp_engineer)
        # Anonymous: nobody reads the votes, not even the GM.
        with self.assertRaises(AccessError):
            self.env["tsm.eom.vote"].with_user(self.user_gm).search([])
        self.assertEqual(award.vote_count, 6)
        award.with_user(self.user_manager).action_close_voting()
        nominees = award.nominee_ids.filtered(lambda n: n.state == "nominee")
        self.assertEqual(nominees.employee_id, self.emp_engineer2 | self.emp_engineer)
        # A veto with a reason removes a nominee; the next candidate moves up.
        veto = nominees.filtered(lambda n: n.employee_id == self.emp_engineer)
        with self.assertRaises(AccessError):
            veto.with_user(self.user_engineer2)._tsm_veto("no")
        self.env["tsm.eom.veto.wizard"].with_user(self.user_deputy).create(
            {"nominee_id": veto.id, "reason": "Customer complaint on 12 November"}
        ).action_veto()
        self.assertEqual(veto.state, "vetoed")
        self.assertEqual(
            award.nominee_ids.filtered(lambda n: n.state == "nominee").employee_id,
            self.emp_engineer2 | self.emp_leader,
        )
        with self.assertRaises(AccessError):
            award.with_user(self.user_manager).action_confirm()
        award.with_user(self.user_manager).action_manager_check()
        self.assertEqual(award.state, "check")
        award.with_user(self.user_deputy).action_deputy_check()
        self.assertEqual(award.state, "confirm")
        award.with_user(self.user_gm).action_confirm()
        self.assertEqual(award.state, "done")
        lines = self.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.eom.round"), ("res_id", "=", award.id)]
        )
        self.assertEqual(
            sorted(lines.mapped("employee_id.name")),
            sorted([self.emp_engineer2.name, self.emp_leader.name]),
        )
        self.assertEqual(set(lines.mapped("amount")), {200})
        self.assertEqual(set(lines.mapped("code")), {"EMP_MONTH"})
