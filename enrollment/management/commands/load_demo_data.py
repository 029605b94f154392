"""Demo data for `make run`: one community office, example fee schedules for this year and next,
a staff member of the office, a supervisor and a parent. Safe to run again: it updates in place
and gives the three accounts new passwords, which it prints."""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enrollment.models import CommunityOffice, FeeSchedule, StaffMembership, SubsidyCategory
from enrollment.roles import OFFICE_STAFF, SUPERVISORS

REGION = "示例区"
REGION_NAME = ("示例区", "Example District")
# Texts parents read are kept in Chinese and English (enrollment/translation.py): (zh, en).
PAYMENT_METHODS = (
    "微信或支付宝：搜索“税务缴费”。\n"
    "银行：柜台或手机银行，凭孩子的身份证号码缴费。\n"
    "税务App，或区办税服务厅。",
    "WeChat or Alipay: search for the tax authority's social insurance payment service.\n"
    "Bank: at the counter or in the bank's app, with the child's ID number.\n"
    "The tax authority's app, or its counter in the district service hall.",
)
# The individual contribution and the government subsidy per person of a cover year, with where
# they come from. Years not listed take the latest listed year's figures, marked as examples.
FIGURES = {
    2026: (
        Decimal("400.00"),
        Decimal("700.00"),
        (
            "2025年国家医保局、财政部、税务总局居民医保通知（2026年度）：个人缴费不低于400元，"
            "财政补助每人700元。",
            "2025 national notice on residents' medical insurance (National Healthcare Security "
            "Administration, Ministry of Finance, State Taxation Administration), for the 2026 "
            "cover year: individual contribution at least ¥400, government subsidy ¥700 per "
            "person.",
        ),
    ),
    2027: (
        Decimal("420.00"),
        Decimal("724.00"),
        (
            "财政补助每人724元（2026年通知增加24元）；个人缴费420元为示例，2027年度标准尚未公布。",
            "Government subsidy ¥724 per person (¥24 more, 2026 national notice); the individual "
            "¥420 is an example: the 2027 figure is not yet published.",
        ),
    ),
}
# ((name zh, en), kind, amount, (proof zh, en)): figures are examples of the kinds local tables use.
SUBSIDIES = [
    (
        ("特困人员", "Extremely poor persons"),
        SubsidyCategory.Kind.FULL,
        0,
        ("特困人员救助供养证", "Certificate of support for extremely poor persons"),
    ),
    (
        ("孤儿", "Orphans"),
        SubsidyCategory.Kind.FULL,
        0,
        ("孤儿证明", "Orphan certificate from the civil affairs office"),
    ),
    (
        ("低保家庭", "Minimum-living-guarantee families"),
        SubsidyCategory.Kind.SHARE,
        80,
        ("最低生活保障证", "Minimum-living-guarantee certificate"),
    ),
    (
        ("防止返贫监测对象", "Monitored for falling back into poverty"),
        SubsidyCategory.Kind.SHARE,
        50,
        (
            "防止返贫监测对象认定材料",
            "Certificate of monitoring from the rural revitalisation office",
        ),
    ),
    (
        ("重度残疾儿童", "Severely disabled children"),
        SubsidyCategory.Kind.FIXED,
        300,
        ("残疾人证（一、二级）", "Disability certificate, grade 1 or 2"),
    ),
]


def figures_for(year):
    """The (individual, subsidy, (source zh, en)) of a cover year: as listed, or the latest
    listed year's figures, said to be examples."""
    if year in FIGURES:
        return FIGURES[year]
    individual, subsidy, _source = FIGURES[max(FIGURES)]
    return (
        individual,
        subsidy,
        (
            f"示例金额，取自{max(FIGURES)}年度。",
            f"Example figures, from the {max(FIGURES)} cover year.",
        ),
    )


class Command(BaseCommand):
    help = "Load the demo office, example fee schedules and the demo accounts; print the passwords."

    @transaction.atomic
    def handle(self, *args, **options):
        office, _ = CommunityOffice.objects.update_or_create(
            name_zh_hans="示例街道社区服务中心",
            defaults={
                "name_en": "Example Street Community Office",
                "region": REGION,
                "address_zh_hans": "示例市示例区幸福路 88 号",
                "address_en": "88 Xingfu Road, Example District",
                "opening_hours_zh_hans": "周一至周五 9:00–12:00，13:30–17:00",
                "opening_hours_en": "Monday to Friday 9:00–12:00 and 13:30–17:00",
                "phone": "010-8888 6666",
                "email": "shebao@community.example",
                "requires_birth_certificate": True,
                "is_active": True,
            },
        )
        this_year = timezone.localdate().year
        for year in (this_year, this_year + 1):
            contribution, government_subsidy, source = figures_for(year)
            schedule, _ = FeeSchedule.objects.update_or_create(
                year=year,
                region=REGION,
                office=None,
                defaults={
                    "region_name_zh_hans": REGION_NAME[0],
                    "region_name_en": REGION_NAME[1],
                    "individual_contribution": contribution,
                    "government_subsidy": government_subsidy,
                    "source_zh_hans": source[0],
                    "source_en": source[1],
                    "enrollment_opens": datetime.date(year - 1, 9, 1),
                    "enrollment_closes": datetime.date(year - 1, 12, 31),
                    "waiting_period_months": 3,
                    "payment_methods_zh_hans": PAYMENT_METHODS[0],
                    "payment_methods_en": PAYMENT_METHODS[1],
                    "is_example": True,
                },
            )
            for order, (name, kind, amount, proof) in enumerate(SUBSIDIES):
                SubsidyCategory.objects.update_or_create(
                    fee_schedule=schedule,
                    name_zh_hans=name[0],
                    defaults={
                        "name_en": name[1],
                        "kind": kind,
                        "amount": Decimal(amount),
                        "proof_required_zh_hans": proof[0],
                        "proof_required_en": proof[1],
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
        base_url = settings.PORTAL_BASE_URL
        self.stdout.write(
            f"Parents start at {base_url}{reverse('enrollment:start')} and sign in at "
            f"{base_url}{reverse('login')}; staff at {base_url}{reverse('admin:index')}"
        )

    def _account(self, email, **fields):
        password = secrets.token_urlsafe(9)
        user, _ = get_user_model().objects.update_or_create(email=email, defaults=fields)
        user.set_password(password)
        user.email_confirmed_at = user.email_confirmed_at or timezone.now()
        user.save()
        return password
