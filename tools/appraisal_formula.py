"""Safe arithmetic formulas over named metrics.

A formula is a Python *expression* restricted to numbers, metric names,
arithmetic (+ - * / // % **), comparisons, ``and``/``or``/``not``,
``x if condition else y`` and the functions min, max, abs, round, floor,
ceil. No attribute access, subscripts, strings or other calls are allowed,
so a formula can never run arbitrary code. Division by zero gives 0.
"""

import ast
import math
import operator

FUNCTIONS = {
    "min": min,
    "max": max,
    "abs": abs,
    "round": round,
    "floor": math.floor,
    "ceil": math.ceil,
}

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg, ast.Not: operator.not_}
_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


class FormulaError(ValueError):
    """A formula that cannot be accepted; the message says why."""


class _Untranslated:
    """Stands for an Odoo environment where none is at hand (plain English)."""

    @staticmethod
    def _(message, *args, **kwargs):
        return message % (kwargs or args) if (args or kwargs) else message


def parse(formula, env=_Untranslated):
    """Parse and check ``formula``; return (tree, names of metrics used).

    Raises FormulaError with the reason when the formula is not allowed;
    ``env`` (an Odoo environment) translates the reason.
    """
    if not formula or not formula.strip():
        raise FormulaError(env._("the formula is empty"))
    if len(formula) > 2000:
        raise FormulaError(env._("the formula is too long"))
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError as error:
        raise FormulaError(
            env._(
                "syntax error at column %(column)s: %(error)s", column=error.offset, error=error.msg
            )
        ) from None
    names = set()
    for node in ast.walk(tree):
        _check_node(node, names, env)
    return tree, names


def _check_node(node, names, env):
    """Refuse any node a formula may not contain; collect metric names."""
    if isinstance(node, ast.Expression | ast.Load | ast.And | ast.Or | ast.BoolOp | ast.IfExp):
        return
    if type(node) in _BINARY or type(node) in _UNARY or type(node) in _COMPARE:
        return
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, int | float) or isinstance(node.value, bool):
            raise FormulaError(env._("only numbers are allowed, not %s", repr(node.value)))
    elif isinstance(node, ast.Name):
        if node.id not in FUNCTIONS:
            names.add(node.id)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise FormulaError(
                env._("only the functions %s may be called", ", ".join(sorted(FUNCTIONS)))
            )
        if node.keywords:
            raise FormulaError(env._("functions take no named arguments"))
    elif isinstance(node, ast.BinOp | ast.UnaryOp):
        if type(node.op) not in _BINARY and type(node.op) not in _UNARY:
            raise FormulaError(env._("the operator %s is not allowed", type(node.op).__name__))
    elif isinstance(node, ast.Compare):
        if any(type(op) not in _COMPARE for op in node.ops):
            raise FormulaError(env._("only the comparisons == != < <= > >= are allowed"))
    else:
        raise FormulaError(env._("%s is not allowed in a formula", type(node).__name__))


def evaluate(tree, values):
    """Evaluate a parsed formula with ``values`` {metric name: number}."""
    return float(_eval(tree.body, values))


def _eval(node, values):  # noqa: C901 - one branch per node kind
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise FormulaError(f"unknown metric {node.id}")
        return values[node.id] or 0.0
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        if isinstance(node.op, ast.Div | ast.FloorDiv | ast.Mod) and not right:
            return 0.0
        if isinstance(node.op, ast.Pow) and abs(right) > 100:
            raise FormulaError("exponent too large")
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_eval(node.operand, values))
    if isinstance(node, ast.Compare):
        left = _eval(node.left, values)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, values)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            result = True
            for value in node.values:
                result = _eval(value, values)
                if not result:
                    return result
            return result
        result = False
        for value in node.values:
            result = _eval(value, values)
            if result:
                return result
        return result
    if isinstance(node, ast.IfExp):
        branch = node.body if _eval(node.test, values) else node.orelse
        return _eval(branch, values)
    if isinstance(node, ast.Call):
        return FUNCTIONS[node.func.id](*(_eval(arg, values) for arg in node.args))
    raise FormulaError(f"{type(node).__name__} is not allowed in a formula")
