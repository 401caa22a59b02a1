from odoo.tests import BaseCase

from odoo.addons.hr_tech_service.tools.commission_split import paid_shares


class TestCommissionSplit(BaseCase):
    """The crew's shares of a report's commission, without the ORM."""

    def test_no_probation_member_keeps_the_agreed_shares(self):
        shares = {"wang": 60.0, "li": 40.0}
        self.assertEqual(paid_shares(shares, set(), "drop"), shares)
        self.assertEqual(paid_shares(shares, set(), "redistribute"), shares)

    def test_probation_share_dropped(self):
        """The company keeps the probation member's 25%."""
        paid = paid_shares({"wang": 50.0, "li": 25.0, "zhao": 25.0}, {"zhao"}, "drop")
        self.assertEqual(paid, {"wang": 50.0, "li": 25.0, "zhao": 0.0})

    def test_probation_share_redistributed_in_proportion(self):
        """50 : 25 of the 75% left become 66.67% and 33.33%."""
        paid = paid_shares({"wang": 50.0, "li": 25.0, "zhao": 25.0}, {"zhao"}, "redistribute")
        self.assertAlmostEqual(paid["wang"], 200.0 / 3)
        self.assertAlmostEqual(paid["li"], 100.0 / 3)
        self.assertEqual(paid["zhao"], 0.0)
        self.assertAlmostEqual(sum(paid.values()), 100.0)

    def test_whole_crew_in_probation_is_paid_nothing(self):
        paid = paid_shares({"wang": 50.0, "li": 50.0}, {"wang", "li"}, "redistribute")
        self.assertEqual(paid, {"wang": 0.0, "li": 0.0})
