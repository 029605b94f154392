import re

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from enrollment.models import CommunityOffice, FeeSchedule, StaffMembership


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
    call_command("load_demo_data")
    schedules = {s.year: s for s in FeeSchedule.objects.all()}
    this_year = min(schedules)
    for year, schedule in schedules.items():
        assert schedule.source, year
        if year == 2026:
            assert (schedule.individual_contribution, schedule.government_subsidy) == (400, 700)
            assert "2025" in schedule.source
        if year == 2027:
            assert schedule.government_subsidy == 724
            assert "example" in schedule.source
    names = set(schedules[this_year].subsidy_categories.values_list("name_zh_hans", flat=True))
    assert any("防止返贫监测对象" in name for name in names)
