"""The one reader of the addon's settings.

Every number, switch or choice a company sets for the rules — points,
deductions, deadlines, percentages, day rates — is a field ``tsm_<name>`` of
``res.company``: typed, per company, and 0 stays 0 (an
``ir.config_parameter`` would not do: Odoo deletes it when a setting is saved
empty or 0, and it is one value for all companies). Each wing declares its
fields in ``models/res_company_<wing>.py``, shows them in
``res_config_settings_<wing>.py`` (``related="company_id.tsm_<name>",
readonly=False``) and ships their values as ``ir.default`` records in its
data file, followed by ``res.company._tsm_apply_defaults([...])`` for the
companies that exist when the addon is installed; new companies get them from
the ORM. No value is written in Python.
"""


def setting(company, name):
    """The value of setting ``name`` (without the ``tsm_`` prefix) for
    ``company`` (a ``res.company`` record; empty: the environment's company).

    Read as superuser: a setting is the company's rule, which every user's
    computation applies, whoever may edit it."""
    company = (company or company.env.company).sudo()
    field = f"tsm_{name}"
    if field not in company._fields:
        raise KeyError(f"hr_tech_service has no setting {name!r} (res.company.{field})")
    return company[field]
