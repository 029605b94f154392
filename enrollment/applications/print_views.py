"""The printable documents: the public checklist, and for a submitted application its own
checklist and the prefilled application form. The owner and the office's staff may print them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access, fees, wizard
from ..models import AccessLog, CommunityOffice
from . import checklist, qr_codes, selectors


def public_checklist(request):
    return render(
        request,
        "enrollment/print/public_checklist.html",
        {
            "checklist": checklist.generic_checklist(),
            "offices": CommunityOffice.objects.filter(is_active=True),
            "schedules": fees.published_schedules(timezone.localdate()),
        },
    )


def _printable(request, public_id, *, document, template, context):
    """A printable document of an application its owner or its reviewers may see, once it is
    submitted; `context(application, years)` gives what the document shows beside the years
    the application pays for."""
    application = get_object_or_404(
        selectors.applications_with_parts().select_related("fee_schedule"), public_id=public_id
    )
    if not access.may_see(request.user, application):
        raise Http404
    if application.is_editable:
        return redirect("enrollment:application", public_id=application.public_id)
    access.record_access(
        user=request.user, application=application, action=AccessLog.Action.PRINTED, detail=document
    )
    years = selectors.payment_years(application)
    reference = {
        "application": application,
        "years": years,
        "qr_code": qr_codes.qr_code_svg(
            qr_codes.staff_lookup_url(application),
            label=_("QR code of reference number %(ref)s, for the office's staff")
            % {"ref": application.reference_number},
        ),
    }
    return render(request, template, {**reference, **context(application, years)})


@login_required
def application_checklist(request, public_id):
    return _printable(
        request,
        public_id,
        document="checklist",
        template="enrollment/print/application_checklist.html",
        context=lambda application, years: {
            "checklist": checklist.checklist_for(application),
            "photo_note": checklist.photo_note(application),
        },
    )


@login_required
def application_form(request, public_id):
    return _printable(
        request,
        public_id,
        document="form",
        template="enrollment/print/application_form.html",
        context=lambda application, years: {
            "checklist": checklist.checklist_for(application),
            "sections": wizard.printed_sections(application, years),
        },
    )
