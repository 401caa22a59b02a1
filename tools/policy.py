"""The lines of a model's write policy (enforced by ``tsm.guard.mixin``).

A model lists what users may do with its records, e.g. a daily trip report::

    _tsm_policy = (
        Allow("date trip_id work_done", states=("draft",), who="_tsm_is_author"),
        Allow("manager_note", groups=("hr_tech_service.group_tsm_dept_manager",),
              states=("submitted",), who="_tsm_is_reviewer"),
        Allow(on="unlink", states=("draft",), who="_tsm_is_author"),
    )

Everything the policy does not name is written only by the addon's own code
(``flow()``, crons, or ``sudo()`` after a check of the caller).
"""

ALL = "*"
OPERATIONS = ("create", "write", "unlink")


class Allow:
    """Users may set ``fields`` (``create``/``write``) or delete the record
    (``unlink``) when all of these hold:

    - ``groups``: the user has one of these groups (xml ids; empty: anyone the
      access rights let in);
    - ``states``: the record's state (``_tsm_state_field`` of the model, a
      dotted path such as ``"sheet_id.state"``) is one of these (``None``:
      any state; on ``create`` the state of the new record);
    - ``who``: the name of a method of the model that takes the records and
      returns those the current user may act on (own record, job lead...).

    ``fields`` is a space-separated string or a tuple; ``"*"`` stands for
    every field of the addon on the model except computed read-only ones.
    ``on`` is one operation or a tuple of them (default: create and write).
    """

    __slots__ = ("fields", "groups", "states", "who", "on")

    def __init__(self, fields=(), *, groups=(), states=None, who=None, on=("create", "write")):
        if isinstance(fields, str):
            fields = tuple(fields.split())
        if isinstance(on, str):
            on = (on,)
        if isinstance(groups, str):
            groups = (groups,)
        unknown = set(on) - set(OPERATIONS)
        if unknown:
            raise ValueError(f"Allow(on=...): unknown operation {sorted(unknown)}")
        if "unlink" not in on and not fields:
            raise ValueError("Allow() for create or write needs fields")
        self.fields = frozenset(fields)
        self.groups = tuple(groups)
        self.states = None if states is None else frozenset(states)
        self.who = who
        self.on = frozenset(on)

    def __repr__(self):
        return (
            f"Allow({' '.join(sorted(self.fields))!r}, groups={self.groups}, "
            f"states={self.states and sorted(self.states)}, who={self.who}, on={sorted(self.on)})"
        )
