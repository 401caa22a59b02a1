from datetime import date, datetime, timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.safe_eval import safe_eval

from .trip_common import TripCommon


class TestTripReportsFlags(TripCommon):
    """Daily reports, the missing-report cron, absence flags and the HR alert."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.tsm_trip_alert_user_id = cls.user_hr
        cls.Report = cls.env["tsm.trip.report"]
        cls.Flag = cls.env["tsm.trip.flag"]

    def _started(self, start=date(2026, 3, 2), nights=5, **kw):
        trip = self._trip(start=start, nights=nights, user=self.user_engineer, **kw)
        trip.with_user(self.user_engineer).action_submit()
        trip.with_user(self.user_manager).action_approve()
        trip.with_user(self.user_engineer).action_start()
        return trip

    def _report(self, trip, day, user=None, **vals):
        user = user or self.user_engineer
        return self.Report.with_user(user).create(
            {
                "trip_id": trip.id,
                "date": day,
                "place": "Wuhan pumping station",
                "work_done": "Commissioned pump 2",
                "contact_made": "Manager Chen by phone",
                **vals,
            }
        )

    def _flags(self, trip, kind="missing_report"):
        return self.Flag.search([("trip_id", "=", trip.id), ("kind", "=", kind)], order="date")

    def test_missing_report_flagged_once(self):
        trip = self._started()
        report = self._report(trip, date(2026, 3, 2))
        self.assertEqual(report.employee_id, self.emp_engineer)
        Trip = self.env["tsm.trip"]
        created = Trip._tsm_flag_missing_reports(today=date(2026, 3, 5))
        self.assertEqual(created.mapped("date"), [date(2026, 3, 3), date(2026, 3, 4)])
        self.assertEqual(set(created.mapped("employee_id")), {self.emp_engineer})
        self.assertEqual(set(created.mapped("state")), {"open"})
        # Run again, or a day later: only the new day is flagged.
        self.assertFalse(Trip._tsm_flag_missing_reports(today=date(2026, 3, 5)))
        self.assertEqual(
            Trip._tsm_flag_missing_reports(today=date(2026, 3, 6)).mapped("date"),
            [date(2026, 3, 5)],
        )
        self.assertEqual(trip.flag_count, 3)
        # A late report keeps the flag and shows it was filed afterwards.
        late = self._report(trip, date(2026, 3, 3))
        self.assertTrue(late.late)
        flag_3 = self._flags(trip)[0]
        self.assertTrue(flag_3.report_filed_late)
        # The manager decides; the employee cannot.
        with self.assertRaises(AccessError):
            flag_3.with_user(self.user_engineer).action_excuse()
        flag_3.with_user(self.user_manager).action_excuse()
        self.assertEqual((flag_3.state, flag_3.decided_by_id), ("excused", self.user_manager))
        # Counted per month for appraisals, excused flags excepted.
        values = self.env["tsm.metric"]._tsm_compute(
            ["missing_report_days", "trip_absence_days", "trip_days"],
            self.emp_engineer | self.emp_engineer2,
            date(2026, 3, 1),
            date(2026, 3, 31),
        )
        self.assertEqual(values["missing_report_days"], {self.emp_engineer.id: 2.0})
        self.assertEqual(values["trip_absence_days"], {self.emp_engineer.id: 2.0})
        self.assertEqual(values["trip_days"], {self.emp_engineer.id: 6.0})
        # Back on the 4th: the open flag of the 5th goes, no report was due.
        trip.with_user(self.user_engineer).write({"actual_return": datetime(2026, 3, 4, 18)})
        trip.with_user(self.user_engineer).action_return()
        self.assertEqual(self._flags(trip).mapped("date"), [date(2026, 3, 3), date(2026, 3, 4)])
        self.assertFalse(Trip._tsm_flag_missing_reports(today=date(2026, 3, 20)))

    def test_every_traveller_reports(self):
        trip = self._started(travellers=self.emp_engineer | self.emp_engineer2)
        self._report(trip, date(2026, 3, 2))
        created = self.env["tsm.trip"]._tsm_flag_missing_reports(today=date(2026, 3, 3))
        self.assertEqual(created.employee_id, self.emp_engineer2)
        with self.assertRaises(AccessError):
            self._report(trip, date(2026, 3, 2), user=self.user_engineer2).with_user(
                self.user_engineer
            ).write({"place": "Elsewhere"})

    def test_week_of_flags_alerts_hr_once(self):
        trip = self._started(nights=10)
        Trip = self.env["tsm.trip"]
        Trip._tsm_flag_missing_reports(today=date(2026, 3, 8))  # 2-7 March: 6 days
        self.assertEqual(len(self._flags(trip)), 6)
        absence = self.env.ref("hr_tech_service.mail_activity_type_trip_absence")
        self.assertFalse(trip.activity_ids.filtered(lambda a: a.activity_type_id == absence))
        Trip._tsm_flag_missing_reports(today=date(2026, 3, 9))  # the 7th day
        alert = trip.activity_ids.filtered(lambda a: a.activity_type_id == absence)
        self.assertEqual(alert.user_id, self.user_hr)
        self.assertIn("Engineer Zhang", alert.summary)
        self.assertEqual(trip.traveller_ids.absence_alert_date, date.today())
        Trip._tsm_flag_missing_reports(today=date(2026, 3, 11))
        self.assertEqual(
            len(trip.activity_ids.filtered(lambda a: a.activity_type_id == absence)), 1
        )

    def test_excused_day_breaks_the_week(self):
        trip = self._started(nights=10)
        Trip = self.env["tsm.trip"]
        Trip._tsm_flag_missing_reports(today=date(2026, 3, 5))  # 2, 3, 4
        self._flags(trip)[1].with_user(self.user_manager).action_excuse()
        self._report(trip, date(2026, 3, 6))
        Trip._tsm_flag_missing_reports(today=date(2026, 3, 12))
        # 2, 4, 5, 7, 8, 9, 10, 11 flagged but never seven in a row.
        absence = self.env.ref("hr_tech_service.mail_activity_type_trip_absence")
        self.assertFalse(trip.activity_ids.filtered(lambda a: a.activity_type_id == absence))

    def test_unreachable_recorded_by_manager(self):
        trip = self._started()
        vals = {
            "trip_id": trip.id,
            "employee_id": self.emp_engineer.id,
            "kind": "unreachable",
            "unreachable_from": datetime(2026, 3, 3, 8),
            "unreachable_to": datetime(2026, 3, 3, 22),
            "note": "Phone off all day",
        }
        with self.assertRaises(AccessError):
            self.Flag.with_user(self.user_engineer).create(vals)
        flag = self.Flag.with_user(self.user_manager).create(vals)
        self.assertEqual((flag.date, flag.hours), (date(2026, 3, 3), 14.0))
        with self.assertRaisesText(ValidationError, "more than 12 hours"):
            self.Flag.with_user(self.user_manager).create(
                dict(
                    vals,
                    unreachable_from=datetime(2026, 3, 4, 8),
                    unreachable_to=datetime(2026, 3, 4, 18),
                )
            )
        with self.assertRaisesText(ValidationError, "not a traveller"):
            self.Flag.with_user(self.user_manager).create(
                dict(
                    vals,
                    employee_id=self.emp_engineer2.id,
                    unreachable_from=datetime(2026, 3, 5, 1),
                )
            )
        # The engineer sees their own flag, read-only.
        self.assertEqual(self.Flag.with_user(self.user_engineer).search([]), flag)
        with self.assertRaises(AccessError):
            flag.with_user(self.user_engineer).write({"note": "I was fine"})
        flag.with_user(self.user_manager).action_confirm()
        self.assertEqual(flag.state, "confirmed")

    def test_daily_report_bad_input(self):
        trip = self._started()
        self._report(trip, date(2026, 3, 2))
        with self.assertRaisesText(ValidationError, "already filed"):
            self._report(trip, date(2026, 3, 2))
        with self.assertRaisesText(ValidationError, "not a day of trip"):
            self._report(trip, date(2026, 2, 28))
        with self.assertRaisesText(ValidationError, "day to come"):
            self._report(trip, date.today() + timedelta(days=2))
        with self.assertRaisesText(ValidationError, "not a traveller"):
            self.Report.with_user(self.user_manager).create(
                {
                    "trip_id": trip.id,
                    "employee_id": self.emp_manager.id,
                    "date": date(2026, 3, 3),
                    "place": "Office",
                    "work_done": "-",
                }
            )
        draft = self._trip(start=date(2026, 5, 4), user=self.user_engineer)
        with self.assertRaisesExactly(UserError, "Daily reports are filed for approved trips"):
            self._report(draft, date(2026, 5, 4))
        self.assertEqual(self.Report.search_count([("trip_id", "in", (trip | draft).ids)]), 1)

    def test_who_is_where_and_report_defaults(self):
        trip = self._started(start=date.today() - timedelta(days=1), nights=3)
        Report = self.Report.with_user(self.user_engineer)
        defaults = Report.default_get(["trip_id", "employee_id", "date"])
        self.assertEqual(defaults["trip_id"], trip.id, "the current trip is proposed")
        self.assertEqual(defaults["employee_id"], self.emp_engineer.id)
        traveller = trip.traveller_ids.with_user(self.user_manager)
        self.assertEqual(traveller.current_place, "Wuhan", "from the itinerary before any report")
        self.assertFalse(traveller.has_report_today)
        Report.create(
            {
                "trip_id": trip.id,
                "date": date.today(),
                "place": "Xiaogan county site",
                "work_done": "Welding training",
            }
        )
        traveller.invalidate_recordset()
        self.assertEqual(traveller.current_place, "Xiaogan county site")
        self.assertTrue(traveller.has_report_today)

    def _away_today(self, trips):
        """The travellers of ``trips`` that the "Away Today" filter of the
        "Who Is Where Today" menu lists, evaluated as the web client does."""
        action = self.env.ref("hr_tech_service.tsm_trip_traveller_where_action")
        context = safe_eval(action.context)
        self.assertEqual(context.get("search_default_away_today"), 1, "the menu opens filtered")
        arch = etree.fromstring(self.env.ref("hr_tech_service.tsm_trip_traveller_view_search").arch)
        (node,) = arch.xpath("//filter[@name='away_today']")
        domain = safe_eval(node.get("domain"), {"context_today": lambda: date.today()})
        return self.env["tsm.trip.traveller"].search(domain + [("trip_id", "in", trips.ids)])

    def test_away_today_filter(self):
        today = date.today()
        under_way = self._started(start=today - timedelta(days=2), nights=4)
        # Approved and due to have left yesterday: the daily run has not started it yet.
        leaving = self._trip(start=today - timedelta(days=1), nights=3, employee=self.emp_engineer2)
        leaving.action_submit()
        leaving.action_approve()
        # Approved, leaving next week; a draft for today; a trip back yesterday.
        later = self._trip(start=today + timedelta(days=7), nights=2)
        draft = self._trip(start=today, nights=2, employee=self.emp_leader)
        back = self._trip(start=today - timedelta(days=20), nights=3, employee=self.emp_manager)
        self._run_trip(back, manager=self.user_deputy, traveller_user=self.env.user, settle=False)
        later.action_submit()
        later.action_approve()
        trips = under_way | leaving | later | draft | back
        self.assertEqual(
            self._away_today(trips).employee_id, self.emp_engineer | self.emp_engineer2
        )
        # Back home: no longer away, even before the planned return.
        under_way.with_user(self.user_engineer).write({"actual_return": fields.Datetime.now()})
        under_way.with_user(self.user_engineer).action_return()
        self.assertEqual(self._away_today(trips).employee_id, self.emp_engineer2)

    def test_cron_starts_departed_trips(self):
        trip = self._trip(user=self.user_engineer)
        trip.with_user(self.user_engineer).action_submit()
        trip.with_user(self.user_manager).action_approve()
        self.env.ref("hr_tech_service.ir_cron_tsm_trip_daily").method_direct_trigger()
        self.assertEqual(trip.state, "in_progress")
        self.assertEqual(trip.actual_departure, trip.planned_departure)
        # Reports were due since 2 March: the days are flagged (catching up).
        self.assertTrue(self._flags(trip))
