"""The supervisors' dashboard and consistency checks, and the public transparency page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.roles import SUPERVISOR, role_required
from moderation.policy.selectors import policy_version_in_force, policy_versions
from moderation.supervision import consistency
from moderation.supervision.forms import PRESETS, PeriodForm
from moderation.supervision.selectors import (
    dashboard_table,
    dashboard_tables,
    supervised_site_ids,
)
from moderation.supervision.tables import Table, table_csv
from moderation.supervision.transparency import transparency_tables

# The City's policy page (built with the Policy duties issue); linked by path until it lands.


def _period_form(request) -> PeriodForm:
    return PeriodForm(request.GET if request.GET else None)


def _with_csv_links(tables: list[Table], url_name: str, query: str = "") -> list[Table]:
    for table in tables:
        table.csv_url = reverse(url_name, args=[table.key]) + (f"?{query}" if query else "")
    return tables


def _csv_response(table: Table, filename: str, preamble: list[list[str]]) -> HttpResponse:
    response = HttpResponse(
        table_csv(table, preamble=preamble), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(SUPERVISOR)
@require_safe
def dashboard(request):
    site_ids = supervised_site_ids(request.user)
    form = _period_form(request)
    period = form.period()
    return render(
        request,
        "moderation/supervision/dashboard.html",
        {
            "form": form,
            "period": period,
            "presets": PRESETS,
            "tables": _with_csv_links(
                dashboard_tables(site_ids, period), "moderation:supervision_csv", period.as_query()
            ),
        },
    )


@role_required(SUPERVISOR)
@require_safe
def dashboard_csv(request, table: str):
    site_ids = supervised_site_ids(request.user)
    period = _period_form(request).period()
    found = dashboard_table(table, site_ids, period)
    if found is None:
        raise Http404("No such table.")
    return _csv_response(
        found,
        f"stanton-{found.key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv",
        [[found.title], [f"{period.start.isoformat()} to {period.end.isoformat()}"]],
    )


def _consistency_tables(request):
    site_ids = supervised_site_ids(request.user)
    form = _period_form(request)
    period = form.period()
    rates = consistency.removal_rates(site_ids, period)
    pairs = consistency.disagreements(site_ids, period)
    return form, period, rates, pairs


@role_required(SUPERVISOR)
@require_safe
def consistency_page(request):
    form, period, rates, pairs = _consistency_tables(request)
    return render(
        request,
        "moderation/supervision/consistency.html",
        {
            "form": form,
            "period": period,
            "rates": rates,
            "presets": PRESETS,
            "rates_table": _with_csv_links(
                [consistency.rates_table(rates)],
                "moderation:supervision_consistency_csv",
                period.as_query(),
            )[0],
            "pairs": pairs,
            "pairs_csv": reverse("moderation:supervision_consistency_csv", args=["disagreements"])
            + f"?{period.as_query()}",
            "min_sample": consistency.MIN_SAMPLE,
            "similarity": consistency.SIMILARITY,
            "similarity_pct": round(consistency.SIMILARITY * 100),
            "shingle": consistency.SHINGLE,
        },
    )


@role_required(SUPERVISOR)
@require_safe
def consistency_csv(request, table: str):
    _form, period, rates, pairs = _consistency_tables(request)
    tables = {
        "removal-rates": consistency.rates_table(rates),
        "disagreements": consistency.pairs_table(pairs),
    }
    if table not in tables:
        raise Http404("No such table.")
    found = tables[table]
    return _csv_response(
        found,
        f"stanton-{found.key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv",
        [[found.title], [f"{period.start.isoformat()} to {period.end.isoformat()}"]],
    )


# --- public -----------------------------------------------------------------------------------
@login_not_required
@require_safe
def transparency(request):
    return render(
        request,
        "moderation/supervision/transparency.html",
        {
            "tables": _with_csv_links(transparency_tables(), "moderation:transparency_csv"),
            "today": timezone.localdate(),
            "policy_url": reverse("moderation:policy_public"),
            "policy_versions": policy_versions(),
            "policy_in_force": policy_version_in_force(),
        },
    )


@login_not_required
@require_safe
def transparency_csv(request, table: str):
    found = next((t for t in transparency_tables() if t.key == table), None)
    if found is None:
        raise Http404("No such table.")
    return _csv_response(
        found,
        f"stanton-transparency-{found.key}.csv",
        [[f"City of Stanton: {found.title}"], [f"As of {timezone.localdate().isoformat()}"]],
    )
