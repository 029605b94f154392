"""The steps of the wizard, in the order the parent meets them."""

from .child import ChildStep
from .fee import FeeStep
from .guardian import GuardianStep
from .household_register import HouseholdRegisterStep
from .office import OfficeStep
from .photo import PhotoStep

STEPS = [OfficeStep(), ChildStep(), HouseholdRegisterStep(), GuardianStep(), PhotoStep(), FeeStep()]
STEPS_BY_ID = {step.identifier: step for step in STEPS}
