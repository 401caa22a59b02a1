"""Code of the addon that is not a model: imported by the models, wizards and
reports (``from ..tools.flow import flow``)."""
