"""The portal's models, one module per capability; every model is importable from here, as
Django and the migrations expect."""

from .applications import (  # noqa: F401
    Application,
    Child,
    Document,
    Guardian,
    HouseholdRegister,
    Sex,
    document_thumbnail_upload_to,
    document_upload_to,
)
from .card_batches import CardBatch  # noqa: F401
from .cover_years import (  # noqa: F401
    CoverYear,
    CoverYearChange,
    InsuredChild,
    QuotedYear,
    Renewal,
    RenewalReminder,
    YearTerms,
    renewal_proof_upload_to,
)
from .fees import FeeSchedule, FeeScheduleChange, SubsidyCategory  # noqa: F401
from .history import AccessLog, Notice, StatusChange  # noqa: F401
from .offices import CommunityOffice, StaffMembership  # noqa: F401
from .payment_lists import PaymentImport, payment_list_upload_to  # noqa: F401
