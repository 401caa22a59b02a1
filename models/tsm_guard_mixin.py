"""The one write policy of the addon, enforced for every model that inherits
``tsm.guard.mixin``.

Every internal user can call the external API with their own login, so what
the ORM lets them write, they can write, whatever the form shows. A model
therefore lists in ``_tsm_policy`` (``tools/policy.py``'s :class:`Allow`)
which of its fields users may set, by role, state and record; every other
field this addon or one of its bridges defines on the model — states, the
dates and people that buttons set, reviewed values, signatures, amounts,
stored computed fields — is written only by the addon's own code: under the
``flow()`` mark (``tools/flow.py``), or as superuser in a method that
checked its caller first (crons run the same methods). The same policy applies on ``create``
(nothing is created already submitted, approved or paid: a value given for a
field no create rule allows is refused unless it is empty or the field's
default) and on ``unlink`` (a model without an ``unlink`` rule is deleted
only by its own code).

A one2many field whose lines are guarded themselves is left to the lines'
policy. A value written unchanged is not a change.
"""

from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.models import LOG_ACCESS_COLUMNS, MAGIC_COLUMNS

from ..tools.flow import in_flow
from ..tools.policy import ALL

MODULE = "hr_tech_service"
# Bridges (bridges/hr_tech_service_*) add fields to the addon's models: the
# policy decides those too.
BRIDGE_PREFIX = MODULE + "_"
_SKIP = frozenset(MAGIC_COLUMNS) | frozenset(LOG_ACCESS_COLUMNS)


def _is_ours(field):
    """Whether this addon or one of its bridges defines ``field``."""
    return any(
        module == MODULE or module.startswith(BRIDGE_PREFIX) for module in field._modules or ()
    )


class TsmGuardMixin(models.AbstractModel):
    _name = "tsm.guard.mixin"
    _description = "Technical Service Write Policy"

    # The policy: a tuple of tools.policy.Allow; empty = only the addon's code writes.
    _tsm_policy = ()
    # Field (or dotted path) whose value Allow(states=...) is matched against.
    _tsm_state_field = "state"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self._tsm_guard_trusted():
            defaults = {
                key[8:]: value
                for key, value in self.env.context.items()
                if key.startswith("default_") and key[8:] in self._fields
            }
            for record, vals in zip(records, vals_list, strict=True):
                given = {**defaults, **vals}
                names = {
                    name
                    for name in record._tsm_guard_fields(given)
                    if record._tsm_guard_is_set(name, given[name])
                }
                if names:
                    record._tsm_guard_enforce("create", names)
        return records

    def write(self, vals):
        if not self._tsm_guard_trusted():
            names = self._tsm_guard_fields(vals)
            if names:
                self._tsm_guard_enforce("write", names, vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_tsm_guard(self):
        if not self._tsm_guard_trusted() and self:
            allowed = self.browse()
            for rule in self._tsm_guard_rules("unlink"):
                allowed |= self._tsm_guard_select(rule)
            refused = self - allowed
            if refused:
                raise (UserError if self._tsm_guard_could("unlink", None) else AccessError)(
                    self.env._(
                        "You cannot delete %(records)s: it is deleted only by its own buttons, "
                        "or not in its current state, or not by your role.",
                        records=", ".join(refused[:5].mapped("display_name")),
                    )
                )

    # ------------------------------------------------------------------
    # The policy
    # ------------------------------------------------------------------
    def _tsm_guard_trusted(self):
        """The addon's own code: the flow() mark, or superuser (crons, and
        methods that checked their caller before ``sudo()``)."""
        return self.env.su or in_flow(self.env)

    @api.model
    def _tsm_guard_rules(self, operation):
        return [rule for rule in self._tsm_policy if operation in rule.on]

    @api.model
    def _tsm_guard_fields(self, vals):
        """The fields of ``vals`` that the policy decides: this addon's
        fields, except one2many fields whose lines are guarded themselves."""
        names = set()
        for name in vals:
            field = self._fields.get(name)
            if field is None or name in _SKIP or not _is_ours(field):
                continue
            if field.type == "one2many" and hasattr(
                self.env[field.comodel_name], "_tsm_guard_enforce"
            ):
                continue
            names.add(name)
        return names

    @api.model
    def _tsm_guard_typable(self):
        """What ``Allow("*")`` stands for: the addon's fields that are not
        computed read-only."""
        return {
            name
            for name, field in self._fields.items()
            if _is_ours(field) and name not in _SKIP and not (field.compute and field.readonly)
        }

    def _tsm_guard_is_set(self, name, value):
        """Whether ``value`` given on create sets ``name`` to something else
        than nothing or the field's default."""
        field = self._fields[name]
        if not value:
            return False
        if field.type in ("one2many", "many2many"):
            return True
        default = field.default(self) if callable(field.default) else None
        cached = field.convert_to_cache(value, self, validate=False)
        return cached != field.convert_to_cache(default, self, validate=False)

    def _tsm_guard_changing(self, name, value):
        """The records of ``self`` whose ``name`` would change to ``value``."""
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return self
        new = field.convert_to_cache(value, self, validate=False)
        return self.filtered(
            lambda rec: field.convert_to_cache(rec[name], rec, validate=False) != new
        )

    @api.model
    def _tsm_guard_state_field(self):
        """The field ``_tsm_state_field`` names, at the end of a dotted path
        (``"sheet_id.state"``), so that messages show its label."""
        model = self
        *path, name = self._tsm_state_field.split(".")
        for step in path:
            model = model.env[model._fields[step].comodel_name]
        return model._fields.get(name)

    def _tsm_guard_state(self):
        self.ensure_one()
        values = self.mapped(self._tsm_state_field)
        return values[0] if values else False

    def _tsm_guard_select(self, rule, check_states=True):
        """The records of ``self`` that ``rule`` lets the current user act on."""
        if rule.groups and not any(self.env.user.has_group(group) for group in rule.groups):
            return self.browse()
        records = self
        if check_states and rule.states is not None:
            records = records.filtered(lambda rec: rec._tsm_guard_state() in rule.states)
        if rule.who and records:
            records = getattr(records, rule.who)()
        return records

    def _tsm_guard_could(self, operation, name):
        """Whether some rule would let this user do it in another state."""
        for rule in self._tsm_guard_rules(operation):
            if name is None or name in self._tsm_guard_rule_fields(rule):
                if self._tsm_guard_select(rule, check_states=False):
                    return True
        return False

    @api.model
    def _tsm_guard_rule_fields(self, rule):
        if ALL in rule.fields:
            return self._tsm_guard_typable() | (rule.fields - {ALL})
        return rule.fields

    def _tsm_guard_enforce(self, operation, names, vals=None):
        allowed = defaultdict(self.browse)
        for rule in self._tsm_guard_rules(operation):
            covered = self._tsm_guard_rule_fields(rule) & names
            if covered:
                records = self._tsm_guard_select(rule)
                for name in covered:
                    allowed[name] |= records
        # A field no rule names at all is the clearest reason: report it first.
        named = set().union(
            *(self._tsm_guard_rule_fields(r) for r in self._tsm_guard_rules(operation))
        )
        for name in sorted(names, key=lambda name: (name in named, name)):
            refused = self - allowed[name]
            if refused and vals is not None:
                refused = refused._tsm_guard_changing(name, vals[name])
            if refused:
                refused[:1]._tsm_guard_refuse(operation, name)

    def _tsm_guard_refuse(self, operation, name):
        label = self._fields[name]._description_string(self.env)
        if operation == "create":
            raise AccessError(
                self.env._(
                    "A new %(document)s cannot be created with “%(field)s” already set: "
                    "it is set later by the document's buttons or computed.",
                    document=self._description,
                    field=label,
                )
            )
        if self._tsm_guard_could("write", name):
            state_field = self._tsm_guard_state_field()
            state = self._tsm_guard_state()
            if state_field and state_field.type == "selection":
                state = dict(state_field._description_selection(self.env)).get(state, state)
            raise UserError(
                self.env._(
                    "“%(field)s” of %(record)s cannot be changed while it is %(state)s.",
                    field=label,
                    record=self.display_name,
                    state=state or self.env._("in this state"),
                )
            )
        raise AccessError(
            self.env._(
                "You cannot change “%(field)s” of %(record)s: it is set by its buttons, "
                "computed, or changed by another role.",
                field=label,
                record=self.display_name,
            )
        )

    # ------------------------------------------------------------------
    # Helpers for action methods: role and separation of duties
    # ------------------------------------------------------------------
    @api.model
    def _tsm_require(self, *groups, action):
        """Refuse unless the user has one of ``groups``; ``action`` says what
        they tried ("close a pay period")."""
        if any(self.env.user.has_group(group) for group in groups):
            return
        names = [
            group.name
            for group in (self.env.ref(xmlid, raise_if_not_found=False) for xmlid in groups)
            if group
        ]
        raise AccessError(
            self.env._(
                "Only %(roles)s may %(action)s.",
                roles=self.env._(" or ").join(names),
                action=action,
            )
        )

    def _tsm_check_other_actor(self, users, action, record=None):
        """Separation of duties: refuse when the current user is one of
        ``users`` (who already acted on this chain), unless the company of
        ``record`` allows one person in two roles; each such use is noted in
        the record's chatter."""
        record = record or self[:1]
        if self.env.user not in users:
            return
        company = record.company_id if "company_id" in record._fields else self.env.company
        if not company.sudo().tsm_allow_dual_role:
            raise UserError(
                self.env._(
                    "You already acted on %(record)s: someone else must %(action)s it.",
                    record=record.display_name,
                    action=action,
                )
            )
        if hasattr(record, "message_post"):
            record.sudo().message_post(
                body=self.env._(
                    "%(user)s acted in two roles on this document (%(action)s), as the company "
                    "settings allow.",
                    user=self.env.user.name,
                    action=action,
                ),
                subtype_xmlid="mail.mt_note",
            )
