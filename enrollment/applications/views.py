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

from .. import access, fees, file_types, wizard
from ..children import renewals
from ..models import AccessLog, Application, Document
from . import answers, checklist, forms, selectors, services, statuses


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


def _continue_url(application, flow=None, *, change=False):
    """Where the parent goes next: the first incomplete step, or the check page."""
    if not application.is_editable:
        return reverse("enrollment:application", args=[application.public_id])
    flow = flow or wizard.Flow(application)
    if flow.is_complete:
        return reverse("enrollment:check", args=[application.public_id])
    return _step_url(application, flow.first_incomplete, change=change)


@login_required
@require_http_methods(["GET", "POST"])
def new_application(request):
    """The office question for an application not yet created: the office step's form and
    page, before there is an application to hold the answer."""
    step = wizard.Flow.step("office")
    form = step.make_form(None, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        application = answers.application_start(
            owner=request.user, office=form.cleaned_data["office"]
        )
        return redirect(_continue_url(application))
    number, count = wizard.Flow.position(step)
    return render(
        request,
        step.template_name,
        {
            "form": form,
            "step": step,
            "back_url": reverse("enrollment:start"),
            "step_number": number,
            "step_count": count,
        },
    )


@login_required
def application_page(request, public_id):
    """A draft resumes at its first incomplete step; any other application shows its status,
    its history and what the office asked for."""
    application = selectors.own_application(
        request.user, public_id, parts=(*selectors.PARTS, "insured_child")
    )
    if application.status == Application.Status.DRAFT:
        return redirect(_continue_url(application))
    return render(
        request,
        "enrollment/application_detail.html",
        {
            "application": application,
            "sections": wizard.answer_sections(application),
            "history": application.history.all(),
            "years": selectors.payment_years(application),
            "office_request": selectors.office_request(application),
            "status_wording": statuses.page_wording(application),
            "tells_how_to_pay": statuses.facts(application.status).tells_how_to_pay,
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
    """One page of the wizard: the flow says whether the parent may see it, the step makes the
    form and saves what it accepts, the page comes back with the answers and any errors."""
    step = wizard.Flow.step(step_id)
    application = selectors.own_application(
        request.user,
        public_id,
        parts=wizard.parts_read_up_to(step),
        leave_out=selectors.RECORDED_BY_THE_OFFICE,
    )
    flow = wizard.Flow(application)
    if not application.is_editable or not flow.may_open(step):
        return redirect(_continue_url(application, flow))
    change = request.GET.get("change") == "1"
    if request.method == "POST":
        form = step.make_form(application, request.POST, request.FILES)
        if step.save(form, application):
            return redirect(_after_saving(request.user, public_id, step, change=change))
    else:
        form = step.make_form(application)
    return render(request, step.template_name, _step_context(flow, step, form, change=change))


def _after_saving(user, public_id, step, *, change):
    """The page after a step's answers are saved: the next step (or the first one missing when
    the parent came from the check page), or the check page once every answer is in. A step
    saved but not complete shows again (the card photo, until the parent confirms it)."""
    application = selectors.own_application(user, public_id)
    flow = wizard.Flow(application)
    if step in flow.steps and not flow.is_completed(step):
        return _step_url(application, step, change=change)
    if change or step not in flow.steps or flow.after(step) is None:
        return _continue_url(application, flow, change=change)
    return _step_url(application, flow.after(step))


def _step_context(flow, step, form, *, change):
    application = flow.application
    previous = flow.before(step)
    if change:
        back_url = reverse("enrollment:check", args=[application.public_id])
    elif previous:
        back_url = _step_url(application, previous)
    else:
        back_url = reverse("enrollment:my_applications")
    number, count = flow.position(step)
    return {
        "application": application,
        "step": step,
        "form": form,
        "back_url": back_url,
        "change": change,
        "office_request": selectors.office_request(application),
        "step_number": number,
        "step_count": count,
        **step.context(application, form),
    }


@login_required
def check_page(request, public_id):
    application = selectors.own_application(request.user, public_id)
    if not application.is_editable:
        return redirect("enrollment:application", public_id=application.public_id)
    flow = wizard.Flow(application)
    if not flow.is_complete:
        return redirect(_continue_url(application, flow, change=True))
    return render(
        request,
        "enrollment/check.html",
        {
            "application": application,
            "office_request": selectors.office_request(application),
            "sections": wizard.answer_sections(application),
            "quote": fees.application_quote(application),
            "back_url": _step_url(application, flow.steps[-1]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def declaration_page(request, public_id):
    application = selectors.own_application(request.user, public_id)
    if not application.is_editable:
        return redirect("enrollment:confirmation", public_id=application.public_id)
    flow = wizard.Flow(application)
    if not flow.is_complete:
        return redirect(_continue_url(application, flow, change=True))
    form = forms.DeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and request.user.contact_confirmed:
        try:
            services.application_submit(application=application, by=request.user)
        except answers.ApplicationNotEditable:
            pass  # submitted by an earlier click or another tab: show that submission
        except services.ApplicationIncomplete:  # changed in another tab meanwhile
            return redirect(_continue_url(application, change=True))
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
            "years": selectors.payment_years(application),
        },
    )


@login_required
def my_applications(request):
    children = list(selectors.insured_children_of(request.user))
    offers = renewals.offers_for(children, today=timezone.localdate())
    return render(
        request,
        "enrollment/my_applications.html",
        {
            "applications": selectors.applications_of(request.user),
            "insured_children": children,
            "renewal_offers": [offers[child.pk] for child in children if child.pk in offers],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_draft_page(request, public_id):
    """The parent deletes a draft and its files, after saying so."""
    application = selectors.own_application(request.user, public_id)
    if application.status != Application.Status.DRAFT:
        return redirect("enrollment:application", public_id=application.public_id)
    if request.method == "POST":
        answers.application_delete_draft(application=application, by=request.user)
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
    no URL serves MEDIA_ROOT directly. With `?size=thumbnail`, an image's small preview (made
    now if the image was stored before previews existed); a PDF has none."""
    application = get_object_or_404(Application, public_id=public_id)
    if not access.may_see(request.user, application):
        raise Http404
    document = get_object_or_404(Document, application=application, kind=kind)
    thumbnail = None
    if request.GET.get("size") == "thumbnail":
        thumbnail = answers.document_thumbnail(document=document)
        if not thumbnail:
            raise Http404
    access.record_access(
        user=request.user, application=application, action=AccessLog.Action.DOWNLOADED, detail=kind
    )
    if thumbnail:
        response = FileResponse(thumbnail.open("rb"), content_type=file_types.JPEG)
        extension = file_types.STORED_EXTENSION[file_types.JPEG]
    else:
        response = FileResponse(document.file.open("rb"), content_type=document.content_type)
        extension = file_types.STORED_EXTENSION[document.content_type]
    response["Content-Disposition"] = f'inline; filename="{kind}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
