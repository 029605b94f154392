"""{% office_dashboard %}: the office's figures above the admin's app list
(templates/admin/index.html).

Office staff see their own office's. Supervisors see every office's together, or one office's
chosen with ?office=<id>, and a table of each office. Any other member of staff sees the admin's
usual first page.
"""

from django import template
from django.utils.formats import date_format

from enrollment import access
from enrollment.office_work import charts, dashboard

register = template.Library()


@register.filter
def shows_office_dashboard(user) -> bool:
    """Whether the user reviews for an office or supervises them all."""
    return access.office_scope(user).reaches_any


def _office_id(value):
    """The office a supervisor chose (?office=<id>): anything but a number is ignored, and so
    is a number that is not an office's (every office is then shown)."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


@register.inclusion_tag("admin/enrollment/dashboard/dashboard.html", takes_context=True)
def office_dashboard(context):
    request = context["request"]
    user = request.user
    scope = access.office_scope(user)
    supervisor = scope.every_office
    if supervisor:
        office_id = _office_id(request.GET.get("office"))
    else:
        # A member of staff's own office, whatever ?office= says.
        office_id = scope.office_id
        if office_id is None:
            return {"figures": None}
    figures = dashboard.dashboard(office_id, every_office=supervisor)
    payments = [
        (str(year.year), [("paid", year.paid), ("due", year.due)]) for year in figures.payments
    ]
    return {
        "figures": figures,
        "is_supervisor": supervisor,
        "weeks_chart": charts.bar_chart(
            [(date_format(week.starts, "MONTH_DAY_FORMAT"), week.count) for week in figures.weeks],
            label_every=4,
        ),
        "status_chart": charts.bar_chart(
            [(count.label, count.count) for count in figures.status_counts],
            horizontal=True,
            label_width=200,
            height=8 + 32 * len(figures.status_counts) + 30,
        ),
        "payments_chart": charts.share_chart(payments),
        "this_year": figures.today.year,
        "next_year": figures.today.year + 1,
    }
