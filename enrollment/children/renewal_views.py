"""Paying for the next year, for the parent: confirm the details and the subsidy group, then
see what to pay, by when and how. The proof uploaded with a renewal is served only to the
family and the office's staff, like every other upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import access, file_types
from ..applications import selectors
from ..models import CoverYear, InsuredChild
from . import renewals
from .renewal_forms import RenewalForm


@login_required
def renew(request, public_id):
    child = selectors.own_insured_child(request.user, public_id)
    record_url = reverse("enrollment:child_record", args=[child.public_id])
    offer = renewals.renewal_offer(child, today=timezone.localdate())
    if offer is None:
        messages.info(request, _("There is no year to pay for now."))
        return redirect(record_url)
    earlier = offer.renewed.renewal if offer.renewed else None
    categories = list(offer.schedule.subsidy_categories.all())
    form = RenewalForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        child=child,
        subsidy_categories=categories,
        kept_proof=earlier,
        initial=_initial_answers(child, offer, categories),
    )
    if request.method == "POST" and form.is_valid():
        try:
            cover_year = renewals.renewal_confirm(
                child=child,
                parent=request.user,
                details=form.details(),
                subsidy=form.chosen_category(),
                proof=form.checked_proof,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _confirmed_message(cover_year))
            return redirect(f"{record_url}#year-{cover_year.year}")
    return render(
        request,
        "enrollment/renew.html",
        {"child": child, "offer": offer, "form": form, "back_url": record_url},
    )


@login_required
def renewal_proof(request, public_id, year):
    child = get_object_or_404(InsuredChild, public_id=public_id)
    family = selectors.insured_children_of(request.user).filter(pk=child.pk).exists()
    if not (family or access.may_review_child(request.user, child)):
        raise Http404
    cover_year = get_object_or_404(
        CoverYear.objects.select_related("renewal"), child=child, year=year
    )
    renewal = getattr(cover_year, "renewal", None)
    if renewal is None or not renewal.subsidy_proof:
        raise Http404
    response = FileResponse(
        renewal.subsidy_proof.open("rb"), content_type=renewal.proof_content_type
    )
    extension = file_types.STORED_EXTENSION[renewal.proof_content_type]
    response["Content-Disposition"] = f'inline; filename="subsidy_proof_{year}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _initial_answers(child, offer, categories):
    """The details as last given; the group chosen at an earlier confirmation of this year, or
    last year's group of the same name (the parent confirms it, or says it no longer holds)."""
    initial = renewals.current_details(child)
    if offer.renewed is not None:
        chosen = offer.renewed.subsidy_category
        initial["subsidy"] = str(chosen.pk) if chosen else RenewalForm.NO_SUBSIDY
    return initial


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def _confirmed_message(cover_year):
    if cover_year.status == CoverYear.Status.WAIVED:
        return _("Confirmed. The government pays all of %(year)s: there is nothing to pay.") % {
            "year": cover_year.year
        }
    return _("Confirmed. Pay ¥%(amount)s for %(year)s by %(deadline)s.") % {
        "amount": cover_year.amount_due,
        "year": cover_year.year,
        "deadline": date_format(cover_year.pay_by),
    }
