"""A pledger's own pledge: file a report, invite partners (api/portal/partners.py), fulfil,
withdraw; and matching.

A pledger reaches only pledges it owns or partners (403 otherwise); owner-only actions are
checked here as in the API; every command goes through the same PledgeTracker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.portal.auth import PledgerDep, PortalError, PostedDep, VisitorDep
from api.portal.forms import FormReader, language_of
from api.portal.my import settled
from api.portal.progress_form import (
    FULFIL_NEEDS,
    REPORT_NEEDS,
    figures,
    fulfilment_body,
    report_body,
)
from api.portal.render import page, redirect, refused, status_of
from api.schemas.commands import WithdrawalCreate
from api.schemas.common import validated
from api.schemas.matching import suggestions_for
from domain.application import CommandResult
from domain.errors import DomainError, PledgeNotFoundError, ReportDateError
from domain.pledge import Pledge
from domain.taxonomy import PledgeType
from infrastructure.container import Container
from infrastructure.sessions import Identity

router = APIRouter(include_in_schema=False)
# A refusal by a rule (a date out of range) shown beside the input it is about.
BESIDE: dict[str, dict[type[DomainError], str]] = {
    "report": {ReportDateError: "as_of"},
    "fulfilled": {ReportDateError: "fulfilled_on"},
}


def load(c: Container, reference: str) -> Pledge:
    try:
        return c.app.get_pledge(reference[:100])
    except PledgeNotFoundError:
        raise PortalError(
            404, "Pledge not found", f"No pledge has the reference {reference[:100]!r}."
        ) from None


def check_access(pledge: Pledge, me: Identity, owner_only: bool = False) -> None:
    mine = str(pledge.pledger_id) == me.subject
    if not mine and (owner_only or not pledge.is_partner(UUID(me.subject))):
        raise PortalError(
            403,
            "Not your pledge",
            "Only the pledge's own pledger (or, for reports, its partners) can do this.",
        )


def names(c: Container) -> dict[str, str]:
    return {str(r["pledger_id"]): r["name"] for r in c.queries.pledgers()}


def filer(actor_id: str, known: dict[str, str]) -> str:
    if actor_id in known:
        return known[actor_id]
    return "the Secretariat" if actor_id.startswith(("staff:", "token:", "cli:")) else actor_id


def context(c: Container, pledge: Pledge, me: Identity, language: str = "en") -> dict[str, Any]:
    app = c.app
    known = names(c)
    reports = [(r, filer(r.reported_by, known)) for r in app.progress_reports(pledge.id)]
    return {
        "pledge": pledge,
        "today": app.today(),
        "owner": str(pledge.pledger_id) == me.subject,
        "owner_name": known.get(str(pledge.pledger_id), ""),
        "reports": reports,
        "partners": [(p, known.get(str(p.pledger_id), str(p.pledger_id))) for p in pledge.partners],
        "matches": [(m, known.get(str(m.pledger_id), str(m.pledger_id))) for m in pledge.matches],
        "takes_partners": pledge.content.type in (PledgeType.COMMON, PledgeType.PARTNERSHIP),
        "invitations": [
            (i, known.get(str(i.pledger_id), i.organisation)) for i in pledge.partner_invitations
        ],
        "partner_of": pledge.is_partner(UUID(me.subject)),
        **figures(pledge, language),
        "suggestions": suggestions_for(c, pledge) if str(pledge.pledger_id) == me.subject else None,
    }


@router.get("/my/pledges/{reference}")
def my_pledge(
    request: Request, reference: str, visitor: VisitorDep, me: PledgerDep, c: ContainerDep
) -> Response:
    pledge = load(c, reference)
    check_access(pledge, me)
    language = language_of(request, visitor)
    shown = context(c, pledge, me, language)
    find = request.query_params.get("find", "").strip()[:200]
    if find:  # the owner looks for a pledger to invite, by name
        others = {me.subject, *(str(p.pledger_id) for p in pledge.partners)}
        found = [r for r in c.queries.search_pledgers(find) if str(r["id"]) not in others]
        shown.update({"find": find, "found": found})
    return page(request, visitor, "my_pledge.html", shown)


def act(
    request: Request,
    visitor: PostedDep,
    me: Identity,
    c: Container,
    reference: str,
    done: str,
    work: Callable[[Pledge], CommandResult],
    owner_only: bool = True,
) -> Response:
    pledge = load(c, reference)
    check_access(pledge, me, owner_only)
    try:
        result = work(pledge)
    except DomainError as error:
        extra = refused(error, done, visitor, BESIDE.get(done))
        full = {**context(c, pledge, me, language_of(request, visitor)), **extra}
        return page(request, visitor, "my_pledge.html", full, status_of(error))
    settled(c, result)
    return redirect(f"/my/pledges/{pledge.reference}?done={done}")


@router.post("/my/pledges/{reference}/reports")
def report(
    request: Request, reference: str, visitor: PostedDep, me: PledgerDep, c: ContainerDep
) -> Response:
    app = c.app
    form = FormReader(visitor, language_of(request, visitor), REPORT_NEEDS)

    def work(pledge: Pledge) -> CommandResult:
        body = report_body(form, pledge, app.today())
        return app.report_progress(
            pledge.id,
            body.as_of,
            body.percent_complete,
            body.narrative,
            body.indicator_values(),
            me.actor,
        )

    return act(request, visitor, me, c, reference, "report", work, owner_only=False)


@router.post("/my/pledges/{reference}/fulfilment")
def fulfil(
    request: Request, reference: str, visitor: PostedDep, me: PledgerDep, c: ContainerDep
) -> Response:
    app = c.app

    form = FormReader(visitor, language_of(request, visitor), FULFIL_NEEDS)

    def work(pledge: Pledge) -> CommandResult:
        body = fulfilment_body(form, pledge, app.today())
        return app.fulfil(
            pledge.id, body.fulfilled_on, body.narrative, me.actor, explanation=body.explanation
        )

    return act(request, visitor, me, c, reference, "fulfilled", work)


@router.post("/my/pledges/{reference}/withdrawal")
def withdraw(
    request: Request, reference: str, visitor: PostedDep, me: PledgerDep, c: ContainerDep
) -> Response:
    app = c.app

    def work(pledge: Pledge) -> CommandResult:
        body = validated(WithdrawalCreate, {"reason": visitor.value("reason")})
        return app.withdraw(pledge.id, body.reason, me.actor)

    return act(request, visitor, me, c, reference, "withdrawn", work)
