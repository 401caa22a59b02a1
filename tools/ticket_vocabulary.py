"""Selections and setting keys of the service-tickets wing (RULES.md §2)."""

from odoo.exceptions import UserError

TICKET_CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("online", "Online"),
    ("onsite", "On-site"),
]
TICKET_KINDS = [
    ("repair", "Repair"),
    ("maintenance", "Maintenance"),
    ("inspection", "Inspection"),
    ("upgrade", "System Upgrade"),
    ("installation", "Installation"),
    ("consultation", "Consultation"),
]
# The area's 维修任务 (repair and maintenance jobs) whose completion makes the
# area's daily and monthly rate (RULES.md §2.5; seed 003): inspections and
# upgrades are assigned tasks (§2.6), installations and consultations are
# not maintenance.
AREA_JOB_KINDS = ("repair", "maintenance")
TICKET_LEVELS = [("0", "Low"), ("1", "Normal"), ("2", "High")]
TICKET_PRIORITIES = [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")]
TICKET_STATES = [
    ("new", "New"),
    ("assigned", "Assigned"),
    ("in_progress", "In Progress"),
    ("solved", "Solved"),
    ("callback", "Callback Done"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
SOLVED_STATES = ("solved", "callback", "closed")
# Worked on: assigned to engineers and not solved yet.
OPEN_STATES = ("assigned", "in_progress")
SATISFACTION = [
    ("satisfied", "Satisfied"),
    ("neutral", "Neutral"),
    ("dissatisfied", "Dissatisfied"),
]
CALLBACK_FROM_RATING = {"top": "satisfied", "ok": "neutral", "ko": "dissatisfied"}
CALLBACK_CHANNELS = [("phone", "Phone"), ("rating", "E-mail Rating")]
CUSTOMER_TIERS = [("standard", "Standard"), ("key", "Key Account")]

# The roles of the wing (security/hr_tech_service_groups.xml, tsm_ticket_security.xml). A
# department manager is also a supervisor (group_tsm_leader implies upward).
DESK = "hr_tech_service.group_tsm_service_desk"
LEADER = "hr_tech_service.group_tsm_leader"
MANAGER = "hr_tech_service.group_tsm_dept_manager"
HR_MANAGER = "hr_tech_service.group_tsm_hr_manager"

# ir.config_parameter keys (prefix + name); their values are data
# (data/tsm_ticket_data.xml, noupdate) that the settings screen edits.
PARAM_PREFIX = "hr_tech_service.ticket_"


def _garbled(env, key, value):
    return UserError(
        env._(
            "The service setting %(name)s is not a number (%(value)s): correct it under "
            "Settings → Technical Service.",
            name=PARAM_PREFIX + key,
            value=value,
        )
    )


def ticket_param(env, key):
    """A number setting of the tickets wing (ir.config_parameter); 0 when
    unset, an error naming it when it is not a number."""
    value = env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + key) or 0
    try:
        return float(value)
    except (TypeError, ValueError):
        raise _garbled(env, key, value) from None


def rating_values(env):
    """The self-ratings an engineer may give (RULES.md §2.3: 0.5, 1, 1.5, 2)."""
    raw = env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + "rating_values") or ""
    try:
        return sorted({float(part) for part in raw.replace(";", ",").split(",") if part.strip()})
    except ValueError:
        raise _garbled(env, "rating_values", raw) from None
