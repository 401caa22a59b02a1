import io
import unicodedata
import xmlrpc.client
from contextlib import contextmanager

from PyPDF2 import PdfReader

from odoo import Command
from odoo.tests import HttpCase, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT, BaseCommon


def pdf_text(pdf):
    """The text of a PDF document, to check what a report printed (NFKC:
    CJK fonts map some characters to their Kangxi radical forms)."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)


class TsmSetup:
    """A company in CNY with one technical-service department, its chain of
    reviewers and two engineers, each role a real user with only its group
    (password = login)."""

    @classmethod
    def _tsm_user(cls, login, group, name):
        """A user of the test company with only ``group`` (password = login)."""
        return new_test_user(
            cls.env,
            login=login,
            name=name,
            groups=group,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which rolls back what the failed call wrote) and the
        message contains ``text``."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))

    @classmethod
    def _tsm_setup(cls):
        cny = cls.env.ref("base.CNY")
        cny.active = True
        cls.company = cls.env["res.company"].create({"name": "TSM Test Co", "currency_id": cny.id})
        cls.env.user.company_ids = [Command.link(cls.company.id)]
        cls.env.user.company_id = cls.company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.currency = cny

        cls.user_gm = cls._tsm_user("tsm_gm", "hr_tech_service.group_tsm_gm", "GM Wang")
        cls.user_deputy = cls._tsm_user(
            "tsm_deputy", "hr_tech_service.group_tsm_deputy_gm", "Deputy Li"
        )
        cls.user_manager = cls._tsm_user(
            "tsm_manager", "hr_tech_service.group_tsm_dept_manager", "Manager Chen"
        )
        cls.user_leader = cls._tsm_user(
            "tsm_leader", "hr_tech_service.group_tsm_leader", "Leader Zhao"
        )
        cls.user_engineer = cls._tsm_user(
            "tsm_engineer", "hr_tech_service.group_tsm_employee", "Engineer Zhang"
        )
        cls.user_engineer2 = cls._tsm_user(
            "tsm_engineer2", "hr_tech_service.group_tsm_employee", "Engineer Zhou"
        )
        cls.user_hr = cls._tsm_user("tsm_hr", "hr_tech_service.group_tsm_hr_manager", "HR Liu")
        cls.user_payroll = cls._tsm_user(
            "tsm_payroll", "hr_tech_service.group_tsm_payroll", "Payroll Sun"
        )

        Employee = cls.env["hr.employee"].with_company(cls.company)
        cls.emp_gm = Employee.create({"name": "GM Wang", "user_id": cls.user_gm.id})
        cls.emp_deputy = Employee.create(
            {"name": "Deputy Li", "user_id": cls.user_deputy.id, "parent_id": cls.emp_gm.id}
        )
        cls.emp_manager = Employee.create(
            {"name": "Manager Chen", "user_id": cls.user_manager.id, "parent_id": cls.emp_deputy.id}
        )
        cls.department = cls.env["hr.department"].create(
            {
                "name": "Technical Service",
                "company_id": cls.company.id,
                "manager_id": cls.emp_manager.id,
            }
        )
        # Odoo makes a department's manager their own manager: restore the chain.
        cls.emp_manager.write({"department_id": cls.department.id, "parent_id": cls.emp_deputy.id})
        cls.area = cls.env["tsm.area"].create(
            {"name": "East", "code": "E1", "company_id": cls.company.id}
        )
        common = {
            "department_id": cls.department.id,
            "parent_id": cls.emp_manager.id,
            "tsm_area_id": cls.area.id,
        }
        cls.emp_leader = Employee.create(
            {"name": "Leader Zhao", "user_id": cls.user_leader.id, **common}
        )
        cls.emp_engineer = Employee.create(
            {
                "name": "Engineer Zhang",
                "user_id": cls.user_engineer.id,
                "tsm_hire_date": "2022-03-01",
                **common,
            }
        )
        cls.emp_engineer2 = Employee.create(
            {"name": "Engineer Zhou", "user_id": cls.user_engineer2.id, **common}
        )
        cls.area.leader_id = cls.emp_leader


class TsmCommon(TsmSetup, BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._tsm_setup()

    @classmethod
    def _make_employees(cls, count, prefix="Bulk"):
        """``count`` employees of the test company in its department, created
        in one batch."""
        return (
            cls.env["hr.employee"]
            .with_company(cls.company)
            .create(
                [
                    {
                        "name": f"{prefix} {i:04d}",
                        "department_id": cls.department.id,
                        "company_id": cls.company.id,
                    }
                    for i in range(count)
                ]
            )
        )

    def _count_queries(self, func):
        """Run ``func`` and return the number of SQL queries it issued."""
        self.env.flush_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before


class TsmHttpCommon(TsmSetup, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls._tsm_setup()


# XML-RPC fault codes of Odoo's /xmlrpc/2/object (odoo/addons/base/controllers/rpc.py).
RPC_USER_ERROR = 2
RPC_ACCESS_ERROR = 4


class TsmRpcCommon(TsmHttpCommon):
    """Abuse tests: real XML-RPC calls with a user's own login (password =
    login), as any employee can make them with Odoo's external API."""

    def rpc(self, user, model, method, *args, **kwargs):
        """``method`` of ``model`` called over XML-RPC as ``user``."""
        self.env.flush_all()
        url = self.base_url()
        db = self.env.cr.dbname
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True)
        # new_test_user's password: the login, padded to 8 characters.
        password = user.login.ljust(8, "x")
        uid = common.authenticate(db, user.login, password, {})
        self.assertEqual(uid, user.id, f"{user.login} cannot log in over XML-RPC")
        proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
        try:
            return proxy.execute_kw(db, uid, password, model, method, list(args), kwargs)
        finally:
            self.env.invalidate_all()

    def assertRpcRefused(
        self,
        user,
        model,
        method,
        *args,
        fault=RPC_ACCESS_ERROR,
        text=None,
        unchanged=None,
        **kwargs,
    ):
        """The call is refused with a UserError (``fault=RPC_USER_ERROR``) or
        an AccessError (default), whose message contains ``text``; the
        records of ``unchanged`` (a recordset, or a list of them) read the
        same afterwards as before."""
        recordsets = (
            []
            if unchanged is None
            else (unchanged if isinstance(unchanged, list | tuple) else [unchanged])
        )
        before = [self._tsm_snapshot(records) for records in recordsets]
        with self.assertRaises(xmlrpc.client.Fault) as catcher:
            self.rpc(user, model, method, *args, **kwargs)
        error = catcher.exception
        self.assertEqual(
            error.faultCode,
            fault,
            f"{model}.{method} as {user.login}: expected fault {fault}, got "
            f"{error.faultCode}: {error.faultString[-500:]}",
        )
        if text:
            self.assertIn(text, error.faultString)
        for records, snapshot in zip(recordsets, before, strict=True):
            self.assertEqual(self._tsm_snapshot(records), snapshot, f"{records} changed")
        return error

    def _tsm_snapshot(self, records):
        """What the database holds for ``records`` (every stored field but
        the write date), read afresh."""
        records.invalidate_recordset()
        records = records.exists().sudo()
        names = [
            name
            for name, field in records._fields.items()
            if field.store
            and field.type not in ("one2many", "binary", "html")
            and name not in ("write_date", "write_uid", "__last_update")
        ]
        return [sorted(row.items()) for row in records.read(names, load=None)]
