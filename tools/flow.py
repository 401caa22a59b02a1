"""Writes that only the addon's own buttons and crons make.

Action methods mark their environment with ``flow(records)``; ``write``
methods let locked fields through only when ``in_flow(env)``. The mark is a
Python object, which no client can put in a request's context (JSON carries
no objects), so it cannot be forged over RPC the way a plain context key
could."""

_FLOW = object()


def flow(records):
    """``records`` in an environment whose writes come from the addon's code."""
    return records.with_context(tsm_flow=_FLOW)


def in_flow(env):
    return env.context.get("tsm_flow") is _FLOW
