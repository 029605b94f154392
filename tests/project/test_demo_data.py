import re

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation

from enrollment.models import CommunityOffice, FeeSchedule, StaffMembership, SubsidyCategory


def test_demo_data_loads_twice_without_duplicates_and_prints_working_passwords(db, capsys):
    call_command("load_demo_data")
    call_command("load_demo_data")
    output = capsys.readouterr().out
    assert CommunityOffice.objects.count() == 1
    assert FeeSchedule.objects.count() == 2
    assert all(s.is_example for s in FeeSchedule.objects.all())
    assert all(s.subsidy_categories.count() == 5 for s in FeeSchedule.objects.all())
    office = CommunityOffice.objects.get()
    assert office.address and office.opening_hours
    assert StaffMembership.objects.get().user.email == "staff@example.com"
    last_run = output.split("Demo data loaded")[-1]
    passwords = dict(re.findall(r"^\s+(\S+@example\.com)\s+(\S+)$", last_run, re.MULTILINE))
    assert set(passwords) == {"parent@example.com", "staff@example.com", "supervisor@example.com"}
    for email, password in passwords.items():
        assert (
            authenticate(RequestFactory().post("/"), username=email, password=password) is not None
        )
    supervisor = authenticate(
        RequestFactory().post("/"),
        username="supervisor@example.com",
        password=passwords["supervisor@example.com"],
    )
    assert supervisor.has_perm("enrollment.review_all_offices") and not supervisor.is_superuser
    staff = authenticate(
        RequestFactory().post("/"),
        username="staff@example.com",
        password=passwords["staff@example.com"],
    )
    assert staff.is_staff and not staff.has_perm("enrollment.change_communityoffice")
    assert staff.staff_membership.office.name.endswith("Example Street Community Office")


def test_demo_figures_are_the_national_ones_with_their_source(db):
    """2026: the 2026 notice's subsidy of ¥724 (+¥24), the ¥400 minimum of the 2024 notice.
    2027: no figure is published, so the row is an example and says so."""
    call_command("load_demo_data")
    schedules = {s.year: s for s in FeeSchedule.objects.all()}
    this_year = min(schedules)
    with translation.override("en"):
        for year, schedule in schedules.items():
            assert schedule.source, year
            if year == 2026:
                assert (schedule.individual_contribution, schedule.government_subsidy) == (
                    400,
                    724,
                )
                assert "the 2026 national notice" in schedule.source
                assert "¥24 more than 2025's ¥700" in schedule.source
            if year == 2027:
                assert schedule.source.startswith("Example figures: the 2027 figures are not")
    names = set(schedules[this_year].subsidy_categories.values_list("name_zh_hans", flat=True))
    assert any("防止返贫监测对象" in name for name in names)


def test_demo_subsidy_groups_use_the_national_kinds_and_cite_their_exemption(db):
    """全额资助 for the extremely poor, 定额资助 for minimum-living-guarantee families (the
    national notices); medical assistance recipients wait no waiting period (38号, as Zhuhai
    applies it; who they are: 国办发〔2021〕42号)."""
    call_command("load_demo_data")
    groups = {
        group.name_zh_hans: group
        for group in FeeSchedule.objects.order_by("year").first().subsidy_categories.all()
    }
    assert groups["特困人员"].kind == SubsidyCategory.Kind.FULL
    assert groups["低保家庭"].kind == SubsidyCategory.Kind.FIXED
    exempt = {name for name, group in groups.items() if group.exempt_from_waiting}
    assert exempt == {"特困人员", "孤儿", "低保家庭", "防止返贫监测对象"}
    for name in exempt:
        assert "国办发〔2024〕38号" in groups[name].source_zh_hans, name
        assert "国办发〔2021〕42号" in groups[name].source_zh_hans, name
    assert all(group.source_zh_hans and group.source_en for group in groups.values())
