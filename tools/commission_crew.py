"""The mark of the crew lines a job writes itself.

A job's ``create`` and ``write`` write its crew lines (``tsm.job.member``)
and check the shares once all of them are written; a crew line written on its
own checks them at once. The mark is a Python object, which no client can put
in a request's context, like ``tools/flow.py``'s ``flow()``."""

_JOB_CREW = object()


def job_crew_write(records):
    """``records`` in an environment whose crew writes the job checks itself."""
    return records.with_context(tsm_job_crew=_JOB_CREW)


def in_job_crew_write(env):
    return env.context.get("tsm_job_crew") is _JOB_CREW
