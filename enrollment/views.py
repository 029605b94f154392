"""The parent's pages: start, the wizard steps, check answers, declaration, confirmation,
my applications and the private document view. Thin: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import access, checklist, fees, file_types, forms, selectors, services, summary, wizard
from .models import AccessLog, Application, Document


def start(request):
    """The public start page: what you need, how long it takes, what it costs, other ways to apply."""
    return render(
        request,
        "enrollment/start.html",
        {
            "schedules": fees.published_schedules(timezone.localdate()),
            "checklist": checklist.generic_checklist(),
        },
    )


def _step_url(application, step, *, change=False):
    url = reverse("enrollment:step", args=[application.public_id, step.identifier])
    return f"{url}?change=1" if change else url


def _continue_url(application, *, change=False):
    """Where the parent goes next: the first incomplete step, or the check page."""
    if not application.is_editable:
        return reverse("enrollment:application", args=[application.public_id])
    step = wizard.first_incomplete_step(application)
    if step is None:
        return reverse("enrollment:check", args=[application.public_id])
    return _step_url(application, step, change=change)


@login_required
@require_http_methods(["GET", "POST"])
def new_application(request):
    """The office question for an application not yet created."""
    form = forms.OfficeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        application = services.application_start(
            owner=request.user, office=form.cleaned_data["office"]
        )
        return redirect(_step_url(application, wizard.STEPS_BY_ID["child"]))
    return render(
        request,
        wizard.OfficeStep.template_name,
        {
            "form": form,
            "step": wizard.STEPS_BY_ID["office"],
            "back_url": reverse("enrollment:start"),
        },
    )


@login_required
def application_page(request, public_id):
    """A draft resumes at its first incomplete step; any other application shows its status,
    its history and what the office asked for."""
    application = selectors.own_application(request.user, public_id)
    if application.status == Application.Status.DRAFT:
        return redirect(_continue_url(application))
    return render(
        request,
        "enrollment/application_detail.html",
        {
            "application": application,
            "sections": summary.answer_sections(application),
            "history": application.history.all(),
            "office_request": selectors.office_request(application),
            "can_withdraw": "withdraw" in services.moves_allowed(application, staff=False),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_page(request, public_id):
    """The parent takes the application back, before the office has verified it."""
    application = selectors.own_application(request.user, public_id)
    if "withdraw" not in services.moves_allowed(application, staff=False):
        return redirect("enrollment:application", public_id=application.public_id)
    form = forms.WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.MoveNotAllowed:
            pass  # the office moved it first; the status page shows where it stands
        return redirect("enrollment:application", public_id=application.public_id)
    return render(
        request,
        "enrollment/withdraw.html",
        {
            "application": application,
            "form": form,
            "back_url": reverse("enrollment:application", args=[application.public_id]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_page(request, public_id, step_id):
    step = wizard.STEPS_BY_ID.get(step_id)
    if step is None:
        raise Http404
    application = selectors.own_application(request.user, public_id)
    if not application.is_editable:
        return redirect("enrollment:application", public_id=application.public_id)
    if not step.is_applicable(application):
        return redirect(_continue_url(application))
    first_incomplete = wizard.first_incomplete_step(application)
    steps = wizard.applicable_steps(application)
    if first_incomplete and steps.index(step) > steps.index(first_incomplete):
        return redirect(_step_url(application, first_incomplete))
    change = request.GET.get("change") == "1"

    if request.method == "POST":
        form = step.make_form(application, request.POST, request.FILES)
        is_valid = form.is_valid()
        for kind, upload in getattr(form, "checked_uploads", {}).items():
            stored = services.document_store(application=application, kind=kind, upload=upload)
            form.show_stored(stored)
        if is_valid:
            step.save(form, application)
            application = selectors.own_application(request.user, public_id)
            if change:
                return redirect(_continue_url(application, change=True))
            following = wizard.step_after(application, step)
            if following is None:
                return redirect("enrollment:check", public_id=application.public_id)
            return redirect(_step_url(application, following))
    else:
        form = step.make_form(application)

    previous = wizard.step_before(application, step)
    if change:
        back_url = reverse("enrollment:check", args=[application.public_id])
    elif previous:
        back_url = _step_url(application, previous)
    else:
        back_url = reverse("enrollment:my_applications")
    return render(
        request,
        step.template_name,
        {
            "application": application,
            "step": step,
            "form": form,
            "back_url": back_url,
            "change": change,
            "office_request": selectors.office_request(application),
            "step_number": steps.index(step) + 1,
            "step_count": len(steps),
            **step.context(application, form),
        },
    )


@login_required
def check_page(request, public_id):
    application = selectors.own_application(request.user, public_id)
    if not application.is_editable:
        return redirect("enrollment:application", public_id=application.public_id)
    if wizard.first_incomplete_step(application):
        return redirect(_continue_url(application, change=True))
    return render(
        request,
        "enrollment/check.html",
        {
            "application": application,
            "office_request": selectors.office_request(application),
            "sections": summary.answer_sections(application),
            "quote": wizard.STEPS_BY_ID["fee"].quote(application),
            "back_url": _step_url(application, wizard.applicable_steps(application)[-1]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def declaration_page(request, public_id):
    application = selectors.own_application(request.user, public_id)
    if not application.is_editable:
        return redirect("enrollment:confirmation", public_id=application.public_id)
    incomplete = wizard.first_incomplete_step(application)
    if incomplete:
        return redirect(_continue_url(application, change=True))
    form = forms.DeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and request.user.email_confirmed:
        try:
            services.application_submit(
                application=application, by=request.user, incomplete_step=incomplete
            )
        except services.ApplicationNotEditable:
            pass  # submitted by an earlier click or another tab: show that submission
        return redirect("enrollment:confirmation", public_id=application.public_id)
    return render(
        request,
        "enrollment/declaration.html",
        {
            "application": application,
            "office_request": selectors.office_request(application),
            "form": form,
            "back_url": reverse("enrollment:check", args=[application.public_id]),
        },
    )


@login_required
def confirmation_page(request, public_id):
    application = selectors.own_application(request.user, public_id)
    if application.is_editable:
        return redirect(_continue_url(application))
    return render(
        request,
        "enrollment/confirmation.html",
        {
            "application": application,
            "checklist": checklist.checklist_for(application),
            "photo_note": checklist.photo_note(application),
        },
    )


@login_required
def my_applications(request):
    return render(
        request,
        "enrollment/my_applications.html",
        {"applications": selectors.applications_of(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_draft_page(request, public_id):
    """The parent deletes a draft and its files, after saying so."""
    application = selectors.own_application(request.user, public_id)
    if application.status != Application.Status.DRAFT:
        return redirect("enrollment:application", public_id=application.public_id)
    if request.method == "POST":
        services.application_delete_draft(application=application, by=request.user)
        messages.success(request, _("The draft and its files are deleted."))
        return redirect("enrollment:my_applications")
    return render(
        request,
        "enrollment/delete_draft.html",
        {"application": application, "back_url": reverse("enrollment:my_applications")},
    )


@login_required
def document_file(request, public_id, kind):
    """Stream an uploaded document to its owner or to the staff who review the application;
    no URL serves MEDIA_ROOT directly."""
    application = get_object_or_404(Application, public_id=public_id)
    if not access.may_see(request.user, application):
        raise Http404
    document = get_object_or_404(Document, application=application, kind=kind)
    access.record_access(
        user=request.user, application=application, action=AccessLog.Action.DOWNLOADED, detail=kind
    )
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    extension = file_types.STORED_EXTENSION[document.content_type]
    response["Content-Disposition"] = f'inline; filename="{kind}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
