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
from django_otp.plugins.otp_totp.models import TOTPDevice

from enrollment.models import CommunityOffice, FeeSchedule, StaffMembership, SubsidyCategory
from enrollment.roles import OFFICE_STAFF, SUPERVISORS
from portal import staff_two_factor
from portal.phone_numbers import spaced_phone_number

REGION = "示例区"
REGION_NAME = ("示例区", "Example District")
# A made-up number, printed for the newcomer to sign in with.
DEMO_PARENT_PHONE = "+8613700137000"
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
        Decimal("724.00"),
        (
            "财政补助每人724元：国家医保局、财政部、税务总局2026年城乡居民基本医疗保险工作通知"
            "（比2025年的700元增加24元）；个人缴费400元：2024年通知定的最低标准，2025年保持不变。",
            "Government subsidy ¥724 per person: the 2026 national notice on residents' medical "
            "insurance (National Healthcare Security Administration, Ministry of Finance, State "
            "Taxation Administration), ¥24 more than 2025's ¥700. Individual contribution ¥400: "
            "the minimum set by the 2024 notice and kept in 2025.",
        ),
    ),
    2027: (
        Decimal("400.00"),
        Decimal("724.00"),
        (
            "示例金额：2027年度标准尚未公布，暂按2026年度的个人缴费400元、财政补助724元示例。",
            "Example figures: the 2027 figures are not published yet; 2026's individual ¥400 "
            "and subsidy ¥724 stand in for them.",
        ),
    ),
}
# The waiting period and its exemptions, and continuous cover's reward (国办发〔2024〕38号).
CONTINUITY = {
    "continuous_years_before_reward": 4,
    "serious_illness_limit_raise": Decimal("1000.00"),
    "serious_illness_limit_raise_cap": Decimal("60000.00"),
    "continuity_source_zh_hans": (
        "国办发〔2024〕38号：连续参保满4年后，每连续参保1年适当提高大病保险最高支付限额，"
        "提高总额原则上不超过原封顶线的20%；断保后重新计算。每年1000元、累计60000元"
        "（原封顶线30万元的20%）为示例金额。"
    ),
    "continuity_source_en": (
        "State Council General Office 2024 No. 38: after 4 continuous years, each further "
        "continuous year raises the serious-illness insurance's payment limit, in all by no "
        "more than 20% of the original limit; a break resets the count. ¥1,000 a year and "
        "¥60,000 in all (20% of a ¥300,000 limit) are example figures."
    ),
}
# Medical assistance recipients (医疗救助对象: 国办发〔2021〕42号 names 特困人员, 低保对象 and
# people monitored for falling back into poverty) wait no waiting period in cities that exempt
# them, as Zhuhai does (新生儿、医疗救助对象等特殊群体除外).
EXEMPT_SOURCE = (
    "无待遇等待期：国办发〔2024〕38号规定新生儿等特殊群体除外，各地将医疗救助对象列入（如珠海）；"
    "医疗救助对象见国办发〔2021〕42号。",
    "No waiting period: the 2024 No. 38 opinions except newborns and other groups cities name, "
    "medical assistance recipients among them (Zhuhai, for one); who they are: State Council "
    "General Office 2021 No. 42.",
)
# ((name zh, en), kind, amount, (proof zh, en), exempt, (source zh, en)). The kinds are the
# national terms (全额资助 for the extremely poor and orphans, 定额资助 for minimum-living-
# guarantee families and the monitored); the amounts are examples.
SUBSIDIES = [
    (
        ("特困人员", "Extremely poor persons"),
        SubsidyCategory.Kind.FULL,
        0,
        ("特困人员救助供养证", "Certificate of support for extremely poor persons"),
        True,
        (
            "全额资助：国家医保局等关于做好城乡居民基本医疗保障工作的通知（对特困人员给予全额资助）。",
            "Full subsidy: the national notices on residents' medical insurance (extremely poor "
            "persons are subsidised in full).",
        ),
    ),
    (
        ("孤儿", "Orphans"),
        SubsidyCategory.Kind.FULL,
        0,
        ("孤儿证明", "Orphan certificate from the civil affairs office"),
        True,
        (
            "全额资助：孤儿按特困人员供养政策资助参保（各地标准）。",
            "Full subsidy: orphans are subsidised as extremely poor persons (local tables).",
        ),
    ),
    (
        ("低保家庭", "Minimum-living-guarantee families"),
        SubsidyCategory.Kind.FIXED,
        300,
        ("最低生活保障证", "Minimum-living-guarantee certificate"),
        True,
        (
            "定额资助：国家医保局等关于做好城乡居民基本医疗保障工作的通知（对低保对象给予定额资助）；"
            "300元为示例金额。",
            "Fixed-amount subsidy: the national notices on residents' medical insurance "
            "(minimum-living-guarantee recipients get a fixed amount); ¥300 is an example.",
        ),
    ),
    (
        ("防止返贫监测对象", "Monitored for falling back into poverty"),
        SubsidyCategory.Kind.FIXED,
        200,
        (
            "防止返贫监测对象认定材料",
            "Certificate of monitoring from the rural revitalisation office",
        ),
        True,
        (
            "定额资助：各地对防止返贫监测对象给予定额资助；200元为示例金额。",
            "Fixed-amount subsidy, as local tables give people monitored for falling back into "
            "poverty; ¥200 is an example.",
        ),
    ),
    (
        ("重度残疾儿童", "Severely disabled children"),
        SubsidyCategory.Kind.FIXED,
        300,
        ("残疾人证（一、二级）", "Disability certificate, grade 1 or 2"),
        False,
        (
            "定额资助：《社会保险法》第二十五条（丧失劳动能力的残疾人）；300元为示例金额。",
            "Fixed-amount subsidy: Social Insurance Law, Article 25 (people who lost the "
            "ability to work through disability); ¥300 is an example.",
        ),
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
                    **CONTINUITY,
                },
            )
            for order, (name, kind, amount, proof, exempt, source) in enumerate(SUBSIDIES):
                SubsidyCategory.objects.update_or_create(
                    fee_schedule=schedule,
                    name_zh_hans=name[0],
                    defaults={
                        "name_en": name[1],
                        "kind": kind,
                        "amount": Decimal(amount),
                        "proof_required_zh_hans": proof[0],
                        "proof_required_en": proof[1],
                        "exempt_from_waiting": exempt,
                        "source_zh_hans": source[0] + (f" {EXEMPT_SOURCE[0]}" if exempt else ""),
                        "source_en": source[1] + (f" {EXEMPT_SOURCE[1]}" if exempt else ""),
                        "order": order,
                    },
                )

        passwords = {
            "parent@example.com": self._account(
                "parent@example.com",
                first_name="Demo parent",
                phone=DEMO_PARENT_PHONE,
                phone_confirmed_at=timezone.now(),
            ),
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
        supervisor = users.get(email="supervisor@example.com")
        supervisor.groups.add(Group.objects.get(name=SUPERVISORS))
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Accounts (new passwords on each run):")
        )
        for email, password in passwords.items():
            self.stdout.write(f"  {email:<24} {password}")
        self.stdout.write(
            "Staff sign in with a second factor: an authenticator app with the key below, or "
            "one of the recovery codes (each works once; new ones on each run)."
        )
        for member in (staff, supervisor):
            key, codes = self._second_factor(member)
            self.stdout.write(f"  {member.email:<24} key {key}; codes {' '.join(codes)}")
        base_url = settings.PORTAL_BASE_URL
        self.stdout.write(
            "The demo parent also signs in with the mobile number "
            f"{spaced_phone_number(DEMO_PARENT_PHONE)}: "
            "the code is printed in this console (any new number makes a new account)."
        )
        self.stdout.write(
            f"Parents start at {base_url}{reverse('enrollment:start')} and sign in at "
            f"{base_url}{reverse('login')}; staff at {base_url}{reverse('admin:index')}"
        )

    def _second_factor(self, user):
        """A fresh authenticator key and recovery codes, enrolled as if at a first sign-in."""
        staff_two_factor.reset_second_factor(user=user)
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
        codes = staff_two_factor.enrol(user=user, device=device)
        return staff_two_factor.spaced_secret(device).replace(" ", ""), codes[:5]

    def _account(self, email, **fields):
        password = secrets.token_urlsafe(9)
        user, _ = get_user_model().objects.update_or_create(email=email, defaults=fields)
        user.set_password(password)
        user.email_confirmed_at = user.email_confirmed_at or timezone.now()
        user.save()
        return password
