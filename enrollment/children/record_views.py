"""A child's record of contributions, for the parent: every cover year on a page, and the same
as a printable A4 record (Social Insurance Law, Article 4: the right to inquire about the
records of contributions)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ..applications import qr_codes, selectors
from . import continuity, renewals


def _record_context(request, public_id):
    child = selectors.own_insured_child(request.user, public_id)
    return {
        "child": child,
        "years": list(child.cover_years.all()),
        "continuity": continuity.continuity_of(child, today=timezone.localdate()),
        "enrollment": selectors.enrollment_reference(child),
    }


@login_required
def child_record(request, public_id):
    context = _record_context(request, public_id)
    context["offer"] = renewals.renewal_offer(context["child"], today=timezone.localdate())
    return render(request, "enrollment/child_record.html", context)


@login_required
def child_record_print(request, public_id):
    context = {**_record_context(request, public_id), "today": timezone.localdate()}
    enrollment = context["enrollment"]
    if enrollment is not None:
        context["qr_code"] = qr_codes.qr_code_svg(
            qr_codes.staff_lookup_url(enrollment),
            label=_("QR code of reference number %(ref)s, for the office's staff")
            % {"ref": enrollment.reference_number},
        )
    return render(request, "enrollment/print/child_record.html", context)
