"""Every page the portal serves, built from the URLconf, with the data and the person each needs.

The one catalogue of pages: the accessibility walk, the HTML validation, the query-count
regression test, the private-caching test and `make bench` all use it. A URL name the map does
not know fails `check_every_url_is_mapped`, so a new page cannot be left out of any of them.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from enrollment import card_batches, payment_import, wizard
from enrollment.applications import answers, services
from enrollment.children import renewals
from enrollment.models import Application, CommunityOffice, FeeSchedule, SubsidyCategory
from legal import loader
from legal.models import Article
from portal.accounts import email_confirmation_tokens
from tools import factories
from tools.fake import resident_id

# Not pages: a JSON health check, POST-only endpoints and file downloads.
NOT_PAGES = {
    "health",
    "switch_language",
    "send_confirmation_again",
    "logout",
    "enrollment:document",
    "enrollment:renewal_proof",
    "admin:enrollment_cardbatch_download",  # a ZIP file
    "admin:enrollment_cardbatch_issue",  # POST only; its form is on the batch's page
    # The human check's picture (an image), its sound and refresh (django-simple-captcha's
    # own; the portal offers a written question instead of the sound).
    "captcha-image",
    "captcha-image-2x",
    "captcha-audio",
    "captcha-refresh",
    # Pages that need a code sent in this very session: the parent's journey in the browser
    # checks the sign-in code page with axe (tests/browser/test_journey.py), the account's
    # number change is walked in tests/portal/test_account_page.py.
    "phone_code",
    "change_number_code",
    # The staff's second step before the admin: the walk's staff sessions have passed it;
    # tests/browser/test_staff_two_factor.py walks both pages with axe.
    "staff_two_factor",
    "staff_two_factor_setup",
}
# The admin pages staff and supervisors use; the rest of Django's admin is Django's own.
ADMIN_PAGES = {
    "admin:index",
    "admin:enrollment_application_child_id_number",
    "admin:login",
    "admin:enrollment_application_changelist",
    "admin:enrollment_application_change",
    "admin:enrollment_application_move",
    "admin:enrollment_insuredchild_changelist",
    "admin:enrollment_insuredchild_change",
    "admin:enrollment_insuredchild_record_payment",
    "admin:enrollment_communityoffice_changelist",
    "admin:enrollment_communityoffice_change",
    "admin:enrollment_feeschedule_changelist",
    "admin:enrollment_feeschedule_change",
    "admin:enrollment_staffmembership_changelist",
    "admin:legal_law_changelist",
    "admin:legal_chapter_changelist",
    "admin:legal_article_changelist",
    "admin:legal_article_change",
    "admin:portal_user_changelist",
    "admin:portal_user_add",
    "admin:portal_user_change",
    "admin:enrollment_accesslog_changelist",
    "admin:enrollment_notice_changelist",
    "admin:enrollment_paymentimport_add",
    "admin:enrollment_paymentimport_change",
    "admin:enrollment_cardbatch_changelist",
    "admin:enrollment_cardbatch_add",
    "admin:enrollment_cardbatch_change",
}
# Our apps' admin pages nobody needs to reach: there is no add page for applications, say.
APPS_WITH_ADMIN = ("enrollment", "legal", "portal")


@dataclass(frozen=True)
class Page:
    name: str  # the URL's name
    url: str
    who: str  # "anonymous", "parent", "staff" or "supervisor"
    has_form: bool = False
    status: int = 200  # the error pages answer with their own status
    label: str = ""  # how the benchmark lists it, where one URL name has several pages
    # A page whose first visit swaps a token in its address for the session and redirects:
    # browsers follow; the benchmark, which repeats one address, leaves it out.
    redirects_first: bool = False

    @property
    def title(self) -> str:
        return self.label or self.name

    @property
    def for_parents(self) -> bool:
        """A page of the public site (counted against the parents' page-weight budget)."""
        return self.who in ("anonymous", "parent") and not self.name.startswith("admin")


def url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


@dataclass
class SiteData:
    parent: object
    unconfirmed: object
    staff: object
    supervisor: object
    office: CommunityOffice
    draft: Application
    submitted: Application
    returned: Application
    newborn: Application  # at the fee page, quoted two years
    after_a_break: Application  # at the fee page, offered to pay for missed years
    paid: Application  # a newborn's two years registered and paid: the record of contributions
    renewing: Application  # its child covered this year, next year renewed and due
    # A newborn submitted with the birth medical certificate number, at an office that takes
    # newborns by it; staff are still to add the ID number.
    by_certificate: Application | None = None
    certificate_draft: Application | None = None  # its child step asks for the number
    # A payment list staff uploaded, not yet confirmed, with a row of every outcome.
    payment_import: object = None
    # Returned, changed by the parent and resubmitted: its page shows what changed.
    resubmitted: Application | None = None
    card_batch: object = None  # sent to the card centre, its cards not yet arrived


def make_site_data(office=None) -> SiteData:
    """One of everything a page can show: offices, fees, law texts, applications in each state.
    The benchmark passes one of its seeded offices, with its schedules, to act among them."""
    if not Article.objects.exists():
        loader.load_files()
    if office is None:
        office = _office_in_both_languages()
    parent = factories.make_user("walker@example.com")
    unconfirmed = factories.make_user("new-walker@example.com", email_confirmed_at=None)
    staff = factories.make_staff(office, "walker-staff@example.com")
    supervisor = factories.make_supervisor("walker-supervisor@example.com")
    draft = factories.make_application(parent, office)
    submitted = factories.make_application(parent, office, upto="submitted")
    returned = factories.make_application(parent, office, upto="submitted")
    services.application_return(
        application=returned, by=staff, changes_needed="Rescan the child's page."
    )
    today = timezone.localdate()
    newborn = factories.make_application(
        parent,
        office,
        before=wizard.FeeStep,
        born=today - datetime.timedelta(days=10),
        first_enrollment=True,
    )
    after_a_break = factories.make_application(
        parent, office, before=wizard.FeeStep, last_covered_year=today.year - 3
    )
    paid = factories.move_to(
        factories.make_application(
            parent,
            office,
            upto="submitted",
            born=today - datetime.timedelta(days=40),
            first_enrollment=True,
            child_id=resident_id(today - datetime.timedelta(days=40), male=False),
        ),
        "paid",
        staff=staff,
    )
    renewing = factories.make_covered_child(parent, office, staff=staff)
    child = renewing.insured_child
    renewals.renewal_confirm(
        child=child,
        parent=parent,
        details=renewals.current_details(child),
        subsidy=None,
        proof=None,
    )
    return SiteData(
        parent,
        unconfirmed,
        staff,
        supervisor,
        office,
        draft,
        submitted,
        returned,
        newborn,
        after_a_break,
        paid,
        renewing,
        **_newborns_by_certificate(parent, office),
        payment_import=_payment_import_of_every_outcome(parent, office, staff, paid),
        resubmitted=_resubmitted(parent, office, staff),
        card_batch=_card_batch(parent, office, staff),
    )


def _resubmitted(parent, office, staff) -> Application:
    application = factories.make_application(parent, office, upto="submitted")
    returned = services.application_return(
        application=application, by=staff, changes_needed="Check the guardian's phone number."
    )
    guardian = returned.guardian
    guardian.phone = "13912345678"
    answers.answers_save(application=returned, part=guardian)
    return services.application_submit(application=returned, by=parent)


def _card_batch(parent, office, staff):
    paid = factories.move_to(
        factories.make_application(parent, office, upto="submitted"), "paid", staff=staff
    )
    return card_batches.card_batch_send(office=office, applications=[paid], by=staff)


# Each text parents read from the data, in Chinese and in English: a page in one language
# shows none of the other's (tests/fees/test_bilingual_data.py walks every page with them).
DATA_TEXTS = {
    "office_name": ("示例街道社区服务中心", "Example Street Community Office"),
    "office_address": ("示例区幸福路 88 号", "88 Xingfu Road, Example District"),
    "opening_hours": ("周一至周五 9:00–17:00", "Monday to Friday 9:00–17:00"),
    "certificate_office_name": ("出生证明示例社区", "Birth Certificate Example Community"),
    "region_name": ("示例区", "Example District"),
    "payment_methods": ("微信、支付宝、银行或税务App", "WeChat, Alipay, a bank or the tax app"),
    "source": ("示例金额", "Example figures from the notice"),
    "subsidy_name": ("低保家庭", "Minimum-living-guarantee families"),
    "proof_required": ("最低生活保障证", "Minimum-living-guarantee certificate"),
}


def _both(field, key):
    chinese, english = DATA_TEXTS[key]
    return {f"{field}_zh_hans": chinese, f"{field}_en": english}


def _office_in_both_languages(**fields) -> CommunityOffice:
    office = factories.make_office(
        region="示例区",
        **_both("name", "office_name"),
        **_both("address", "office_address"),
        **_both("opening_hours", "opening_hours"),
        **fields,
    )
    factories.make_recent_schedules(
        region=office.region,
        **_both("region_name", "region_name"),
        **_both("payment_methods", "payment_methods"),
        **_both("source", "source"),
    )
    for schedule in FeeSchedule.objects.filter(region=office.region):
        SubsidyCategory.objects.create(
            fee_schedule=schedule,
            kind="share",
            amount=Decimal("80"),
            **_both("name", "subsidy_name"),
            **_both("proof_required", "proof_required"),
        )
    return office


def _newborns_by_certificate(parent, office) -> dict:
    certificate_office = factories.make_office(
        region=office.region,
        takes_newborns_by_birth_certificate=True,
        **_both("name", "certificate_office_name"),
        **_both("address", "office_address"),
        **_both("opening_hours", "opening_hours"),
    )
    born = timezone.localdate() - datetime.timedelta(days=20)
    return {
        "by_certificate": factories.make_application(
            parent,
            certificate_office,
            upto="submitted",
            born=born,
            first_enrollment=True,
            birth_certificate_number="O123456789",
        ),
        "certificate_draft": factories.make_application(
            parent, certificate_office, before=wizard.ChildStep
        ),
    }


def _payment_import_of_every_outcome(parent, office, staff, paid):
    """A tax authority's list with a row of each outcome, previewed by staff (a newborn's two
    years due: one matched, one with another amount; the paid newborn's year listed twice; the
    other year of it already recorded; a child nobody registered; another name)."""
    today = timezone.localdate()
    born = today - datetime.timedelta(days=15)
    newborn = factories.move_to(
        factories.make_application(
            parent,
            office,
            upto="submitted",
            born=born,
            first_enrollment=True,
            child_id=resident_id(born, male=False, serial=77),
        ),
        "verified",
        staff=staff,
    )
    due = list(newborn.insured_child.cover_years.order_by("year"))
    recorded = list(paid.insured_child.cover_years.order_by("year"))
    child, paid_child, day = newborn.child, paid.insured_child, today.isoformat()
    rows = [
        ("证件号码", "姓名", "缴费年度", "实缴金额", "缴费日期", "电子税票号码"),
        (child.id_number, child.full_name, due[0].year, due[0].amount_due, day, "326000000001"),
        (child.id_number, "王*明", due[-1].year, "1.00", day, "326000000002"),
        (resident_id(born, serial=78), "李四", due[-1].year, "400.00", day, "326000000003"),
        (child.id_number, "张三", due[0].year - 1, "400.00", day, "326000000004"),
        (paid_child.id_number, paid_child.full_name, recorded[0].year, "400.00", day, "R-0001"),
        (paid_child.id_number, paid_child.full_name, recorded[-1].year, "400.00", day, "T-1"),
        (paid_child.id_number, paid_child.full_name, recorded[-1].year, "400.00", day, "T-2"),
    ]
    content = "\r\n".join(",".join(str(cell) for cell in row) for row in rows).encode("gb18030")
    upload = SimpleUploadedFile("缴费清单.csv", content)
    imported, _check = payment_import.payment_import_store(
        payment_list=payment_import.read_upload(upload), by=staff
    )
    return imported


def pages(data: SiteData) -> list[Page]:
    draft, submitted, returned = data.draft, data.submitted, data.returned
    uid = urlsafe_base64_encode(force_bytes(data.parent.pk))
    token = default_token_generator.make_token(data.parent)
    staff_uid = urlsafe_base64_encode(force_bytes(data.staff.pk))
    staff_token = default_token_generator.make_token(data.staff)
    new_uid = urlsafe_base64_encode(force_bytes(data.unconfirmed.pk))
    confirmation_token = email_confirmation_tokens.make_token(data.unconfirmed)
    article = Article.objects.get(number=4)
    changelist = reverse("admin:enrollment_application_changelist")
    child = submitted.child
    listed = [
        Page("home", reverse("home"), "anonymous"),
        Page("request_too_large", reverse("request_too_large"), "anonymous", status=413),
        Page("login", reverse("login"), "anonymous", has_form=True),
        Page("email_sign_in", reverse("email_sign_in"), "anonymous", has_form=True),
        Page("sign_up", reverse("sign_up"), "anonymous", has_form=True),
        Page("sign_up_sent", reverse("sign_up_sent"), "anonymous"),
        Page(
            "confirm_email",
            reverse("confirm_email", args=[new_uid, confirmation_token]),
            "anonymous",
            has_form=True,
        ),
        Page("password_reset", reverse("password_reset"), "anonymous", has_form=True),
        Page("password_reset_done", reverse("password_reset_done"), "anonymous"),
        # The first visit swaps the token for a session and redirects; the walk follows it.
        Page(
            "password_reset_confirm",
            reverse("password_reset_confirm", args=[uid, token]),
            "anonymous",
            has_form=True,
            redirects_first=True,
        ),
        Page("password_reset_complete", reverse("password_reset_complete"), "anonymous"),
        Page("enrollment:start", reverse("enrollment:start"), "anonymous"),
        Page("enrollment:public_checklist", reverse("enrollment:public_checklist"), "anonymous"),
        Page("enrollment:new", reverse("enrollment:new"), "parent", has_form=True),
        Page("enrollment:my_applications", reverse("enrollment:my_applications"), "parent"),
        Page("account", reverse("account"), "parent"),
        Page("change_number", reverse("change_number"), "parent", has_form=True),
        Page("change_email", reverse("change_email"), "parent", has_form=True),
        Page("change_language", reverse("change_language"), "parent", has_form=True),
        Page("change_notices", reverse("change_notices"), "parent", has_form=True),
        *[
            Page(
                "enrollment:step",
                reverse("enrollment:step", args=[draft.public_id, step.identifier]),
                "parent",
                has_form=True,
                label=f"wizard: {step.identifier}",
            )
            for step in wizard.STEPS
        ],
        *[
            Page(
                "enrollment:step",
                reverse("enrollment:step", args=[application.public_id, "fee"]),
                "parent",
                has_form=True,
                label=label,
            )
            for application, label in [
                (data.newborn, "wizard: fee of a newborn's two years"),
                (data.after_a_break, "wizard: fee after a break in cover"),
            ]
        ],
        Page(
            "enrollment:step",
            reverse("enrollment:step", args=[data.certificate_draft.public_id, "child"]),
            "parent",
            has_form=True,
            label="wizard: child, at an office taking newborns by birth certificate",
        ),
        Page("enrollment:check", reverse("enrollment:check", args=[draft.public_id]), "parent"),
        Page(
            "enrollment:child_record",
            reverse("enrollment:child_record", args=[data.paid.insured_child.public_id]),
            "parent",
        ),
        Page(
            "enrollment:child_record",
            reverse("enrollment:child_record", args=[data.renewing.insured_child.public_id]),
            "parent",
            label="record with next year to pay",
        ),
        Page(
            "enrollment:renew",
            reverse("enrollment:renew", args=[data.renewing.insured_child.public_id]),
            "parent",
            has_form=True,
        ),
        Page(
            "enrollment:child_record_print",
            reverse("enrollment:child_record_print", args=[data.paid.insured_child.public_id]),
            "parent",
        ),
        Page(
            "enrollment:declaration",
            reverse("enrollment:declaration", args=[draft.public_id]),
            "parent",
            has_form=True,
        ),
        Page(
            "enrollment:confirmation",
            reverse("enrollment:confirmation", args=[submitted.public_id]),
            "parent",
        ),
        Page(
            "enrollment:application",
            reverse("enrollment:application", args=[submitted.public_id]),
            "parent",
            label="status: submitted",
        ),
        Page(
            "enrollment:application",
            reverse("enrollment:application", args=[returned.public_id]),
            "parent",
            label="status: returned",
        ),
        Page(
            "enrollment:delete_draft",
            reverse("enrollment:delete_draft", args=[draft.public_id]),
            "parent",
        ),
        Page(
            "enrollment:withdraw",
            reverse("enrollment:withdraw", args=[submitted.public_id]),
            "parent",
            has_form=True,
        ),
        Page(
            "enrollment:print_checklist",
            reverse("enrollment:print_checklist", args=[submitted.public_id]),
            "parent",
        ),
        Page(
            "enrollment:print_form",
            reverse("enrollment:print_form", args=[submitted.public_id]),
            "parent",
        ),
        Page("legal:index", reverse("legal:index"), "anonymous"),
        Page("legal:search", reverse("legal:search") + "?q=%E5%8C%BB%E7%96%97", "anonymous"),
        Page("legal:law", reverse("legal:law", args=[article.law.slug]), "anonymous"),
        Page("legal:article", article.get_absolute_url(), "anonymous"),
        Page("admin:login", reverse("admin:login"), "anonymous", has_form=True),
        Page("admin_password_reset", reverse("admin_password_reset"), "anonymous", has_form=True),
        Page("admin_password_reset_done", reverse("admin_password_reset_done"), "anonymous"),
        Page(
            "admin_password_reset_confirm",
            reverse("admin_password_reset_confirm", args=[staff_uid, staff_token]),
            "anonymous",
            has_form=True,
            redirects_first=True,
        ),
        Page(
            "admin_password_reset_complete", reverse("admin_password_reset_complete"), "anonymous"
        ),
        Page("admin:index", reverse("admin:index"), "staff"),
        Page("admin:enrollment_application_changelist", changelist, "staff", label="admin list"),
        Page(
            "admin:enrollment_application_changelist",
            changelist,
            "supervisor",
            label="admin list (supervisor)",
        ),
        Page(
            "admin:enrollment_application_changelist",
            changelist + "?status__exact=submitted&category=preschool",
            "staff",
            label="admin list filtered",
        ),
        Page(
            "admin:enrollment_application_changelist",
            changelist + f"?q={child.id_number}",
            "staff",
            label="admin search: ID number",
        ),
        Page(
            "admin:enrollment_application_changelist",
            changelist + f"?q={submitted.reference_number}",
            "staff",
            label="admin search: reference",
        ),
        Page(
            "admin:enrollment_application_changelist",
            changelist + f"?q={child.full_name}",
            "staff",
            label="admin search: name",
        ),
        Page(
            "admin:enrollment_application_changelist",
            changelist + "?queue=closed",
            "staff",
            label="admin list: closed",
        ),
        Page(
            "admin:enrollment_application_change",
            reverse("admin:enrollment_application_change", args=[submitted.pk]),
            "staff",
        ),
        Page(
            "admin:enrollment_application_change",
            reverse("admin:enrollment_application_change", args=[data.resubmitted.pk]),
            "staff",
            label="admin: resubmitted, what changed",
        ),
        *[
            Page(
                "admin:enrollment_application_move",
                reverse("admin:enrollment_application_move", args=[submitted.pk, move]),
                "staff",
                label=f"admin move: {move}",
            )
            for move in services.moves_allowed(submitted, staff=True)
        ],
        Page(
            "admin:enrollment_application_change",
            reverse("admin:enrollment_application_change", args=[data.by_certificate.pk]),
            "supervisor",
            label="admin: a newborn without an ID number yet",
        ),
        Page(
            "admin:enrollment_application_child_id_number",
            reverse("admin:enrollment_application_child_id_number", args=[data.by_certificate.pk]),
            "supervisor",
            has_form=True,
        ),
        Page(
            "admin:enrollment_insuredchild_changelist",
            reverse("admin:enrollment_insuredchild_changelist"),
            "staff",
        ),
        Page(
            "admin:enrollment_insuredchild_change",
            reverse("admin:enrollment_insuredchild_change", args=[data.paid.insured_child_id]),
            "staff",
        ),
        Page(
            "admin:enrollment_insuredchild_change",
            reverse("admin:enrollment_insuredchild_change", args=[data.renewing.insured_child_id]),
            "staff",
            label="admin: record with a renewal due",
        ),
        Page(
            "admin:enrollment_insuredchild_record_payment",
            reverse(
                "admin:enrollment_insuredchild_record_payment",
                args=[data.renewing.insured_child_id, timezone.localdate().year + 1],
            ),
            "staff",
            has_form=True,
        ),
        Page(
            "admin:enrollment_communityoffice_changelist",
            reverse("admin:enrollment_communityoffice_changelist"),
            "supervisor",
        ),
        Page(
            "admin:enrollment_communityoffice_change",
            reverse("admin:enrollment_communityoffice_change", args=[data.office.pk]),
            "supervisor",
        ),
        Page(
            "admin:enrollment_feeschedule_changelist",
            reverse("admin:enrollment_feeschedule_changelist"),
            "supervisor",
        ),
        Page(
            "admin:enrollment_feeschedule_change",
            reverse("admin:enrollment_feeschedule_change", args=[FeeSchedule.objects.first().pk]),
            "supervisor",
        ),
        Page(
            "admin:enrollment_staffmembership_changelist",
            reverse("admin:enrollment_staffmembership_changelist"),
            "supervisor",
        ),
        Page("admin:legal_law_changelist", reverse("admin:legal_law_changelist"), "staff"),
        Page("admin:legal_chapter_changelist", reverse("admin:legal_chapter_changelist"), "staff"),
        Page("admin:legal_article_changelist", reverse("admin:legal_article_changelist"), "staff"),
        Page("admin:portal_user_changelist", reverse("admin:portal_user_changelist"), "supervisor"),
        Page("admin:portal_user_add", reverse("admin:portal_user_add"), "supervisor"),
        Page(
            "admin:portal_user_change",
            reverse("admin:portal_user_change", args=[data.staff.pk]),
            "supervisor",
        ),
        Page(
            "admin:enrollment_accesslog_changelist",
            reverse("admin:enrollment_accesslog_changelist"),
            "staff",
        ),
        Page(
            "admin:enrollment_notice_changelist",
            reverse("admin:enrollment_notice_changelist"),
            "supervisor",
        ),
        Page(
            "admin:portal_accountmessage_changelist",
            reverse("admin:portal_accountmessage_changelist"),
            "supervisor",
        ),
        Page(
            "admin:enrollment_paymentimport_changelist",
            reverse("admin:enrollment_paymentimport_changelist"),
            "staff",
        ),
        Page(
            "admin:enrollment_paymentimport_add",
            reverse("admin:enrollment_paymentimport_add"),
            "staff",
            has_form=True,
            label="admin import payments: upload",
        ),
        Page(
            "admin:enrollment_paymentimport_change",
            reverse("admin:enrollment_paymentimport_change", args=[data.payment_import.pk]),
            "staff",
            label="admin import payments: preview",
        ),
        Page(
            "admin:legal_article_change",
            reverse("admin:legal_article_change", args=[article.pk]),
            "staff",
        ),
        Page(
            "admin:enrollment_cardbatch_changelist",
            reverse("admin:enrollment_cardbatch_changelist"),
            "staff",
        ),
        Page(
            "admin:enrollment_cardbatch_add",
            reverse("admin:enrollment_cardbatch_add"),
            "staff",
            has_form=True,
            label="admin card batch: send",
        ),
        Page(
            "admin:enrollment_cardbatch_add",
            reverse("admin:enrollment_cardbatch_add"),
            "supervisor",
            has_form=True,
            label="admin card batch: choose the office",
        ),
        Page(
            "admin:enrollment_cardbatch_change",
            reverse("admin:enrollment_cardbatch_change", args=[data.card_batch.pk]),
            "staff",
            has_form=True,
            label="admin card batch",
        ),
        Page(
            "admin:index",
            reverse("admin:index"),
            "supervisor",
            label="admin dashboard (supervisor)",
        ),
    ]
    return listed


def check_every_url_is_mapped(listed: list[Page]) -> set[str]:
    """The site's URL names that the map forgot: every page outside the admin, and the list page
    of every model our apps register in the admin."""
    from django.contrib import admin

    admin_lists = {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
        if model._meta.app_label in APPS_WITH_ADMIN
    }
    ours = (
        {name for name in url_names() if not name.startswith("admin:")} | ADMIN_PAGES | admin_lists
    )
    return ours - {page.name for page in listed} - NOT_PAGES
