"""Demo data for `make run`: one community office, example fee schedules for this year and next,
a staff member of the office, a supervisor and a parent. Safe to run again: it updates in place
and gives the three accounts new passwords, which it prints."""

import datetime
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from enrollment.models import CommunityOffice, FeeSchedule, StaffMembership, SubsidyCategory
from enrollment.roles import OFFICE_STAFF, SUPERVISORS

REGION = "示例区 Example District"
PAYMENT_METHODS = (
    "WeChat or Alipay: search for the tax authority's social insurance payment service.\n"
    "Bank: at the counter or in the bank's app, with the child's ID number.\n"
    "The tax authority's app, or its counter in the district service hall.\n"
    "微信或支付宝：搜索“税务缴费”；银行柜台或手机银行；税务APP或办税服务厅。"
)
# (name, kind, amount, proof): figures are examples of the kinds local tables use.
SUBSIDIES = [
    (
        "特困人员 Extremely poor persons",
        SubsidyCategory.Kind.FULL,
        0,
        "特困人员救助供养证 Certificate of support for extremely poor persons",
    ),
    (
        "孤儿 Orphans",
        SubsidyCategory.Kind.FULL,
        0,
        "孤儿证明 Orphan certificate from the civil affairs office",
    ),
    (
        "低保家庭 Minimum-living-guarantee families",
        SubsidyCategory.Kind.SHARE,
        80,
        "最低生活保障证 Minimum-living-guarantee certificate",
    ),
    (
        "重度残疾儿童 Severely disabled children",
        SubsidyCategory.Kind.FIXED,
        300,
        "残疾人证（一、二级） Disability certificate, grade 1 or 2",
    ),
]


class Command(BaseCommand):
    help = "Load the demo office, example fee schedules and the demo accounts; print the passwords."

    @transaction.atomic
    def handle(self, *args, **options):
        office, _ = CommunityOffice.objects.update_or_create(
            name="示例街道社区服务中心 Example Street Community Office",
            defaults={
                "region": REGION,
                "address": "示例市示例区幸福路 88 号 / 88 Xingfu Road, Example District",
                "opening_hours": "周一至周五 9:00–12:00, 13:30–17:00\nMonday to Friday 9:00–12:00 and 13:30–17:00",
                "phone": "010-8888 6666",
                "email": "shebao@community.example",
                "requires_birth_certificate": True,
                "is_active": True,
            },
        )
        this_year = timezone.localdate().year
        for year, contribution in (
            (this_year, Decimal("400.00")),
            (this_year + 1, Decimal("420.00")),
        ):
            schedule, _ = FeeSchedule.objects.update_or_create(
                year=year,
                region=REGION,
                office=None,
                defaults={
                    "individual_contribution": contribution,
                    "government_subsidy": Decimal("670.00"),
                    "enrollment_opens": datetime.date(year - 1, 9, 1),
                    "enrollment_closes": datetime.date(year - 1, 12, 31),
                    "waiting_period_months": 3,
                    "payment_methods": PAYMENT_METHODS,
                    "is_example": True,
                },
            )
            for order, (name, kind, amount, proof) in enumerate(SUBSIDIES):
                SubsidyCategory.objects.update_or_create(
                    fee_schedule=schedule,
                    name=name,
                    defaults={
                        "kind": kind,
                        "amount": Decimal(amount),
                        "proof_required": proof,
                        "order": order,
                    },
                )

        passwords = {
            "parent@example.com": self._account("parent@example.com", first_name="Demo parent"),
            "staff@example.com": self._account(
                "staff@example.com", first_name="Demo staff", is_staff=True
            ),
            "supervisor@example.com": self._account(
                "supervisor@example.com", first_name="Demo supervisor", is_staff=True
            ),
        }
        users = get_user_model().objects
        staff = users.get(email="staff@example.com")
        staff.groups.add(Group.objects.get(name=OFFICE_STAFF))
        StaffMembership.objects.update_or_create(user=staff, defaults={"office": office})
        users.get(email="supervisor@example.com").groups.add(Group.objects.get(name=SUPERVISORS))
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Accounts (new passwords on each run):")
        )
        for email, password in passwords.items():
            self.stdout.write(f"  {email:<24} {password}")
        self.stdout.write(
            "Parents sign in at http://127.0.0.1:8000/account/sign-in/, staff at /admin/."
        )

    def _account(self, email, **fields):
        password = secrets.token_urlsafe(9)
        user, _ = get_user_model().objects.update_or_create(email=email, defaults=fields)
        user.set_password(password)
        user.email_confirmed_at = user.email_confirmed_at or timezone.now()
        user.save()
        return password
