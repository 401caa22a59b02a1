"""How a crew shares the commission of a quantity report.

Each member has an agreed share (in %, the shares adding up to 100). A
member in probation earns no piece commission: their share is either
dropped (the company keeps it) or redistributed to the other members in
proportion to their shares. A pure function, so that the rule can be read
and tested without the ORM."""


def paid_shares(shares, excluded, rule):
    """{member: paid share in %} for ``shares`` ({member: agreed share in %}),
    the members ``excluded`` (in probation) and the company's ``rule`` for
    their share (``"drop"`` or ``"redistribute"``, EXCLUDED_SHARE_RULES).
    Excluded members are paid 0; with ``"redistribute"`` the others' shares
    are scaled up to 100 in all (nothing to scale when every member is
    excluded)."""
    eligible_total = sum(share for member, share in shares.items() if member not in excluded)
    paid = {}
    for member, share in shares.items():
        if member in excluded:
            paid[member] = 0.0
        elif rule == "redistribute" and eligible_total:
            paid[member] = share * 100.0 / eligible_total
        else:
            paid[member] = share
    return paid
