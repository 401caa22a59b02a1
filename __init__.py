from . import models, reports, wizards
