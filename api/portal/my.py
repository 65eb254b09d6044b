"""The pledger portal: my pledges (owned and partnered) and submitting a new one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request, Response

from api import partnering
from api.deps import ContainerDep
from api.portal import submission
from api.portal.auth import PledgerDep, PostedDep, Visitor, VisitorDep
from api.portal.forms import FormInvalidError, FormReader, language_of, number_words, sentence
from api.portal.my_matching import my_matching
from api.portal.render import page, redirect, status_of
from api.schemas.pledges import PledgeCreate
from domain.application import CommandResult
from domain.errors import DomainError, InvalidPledgeError
from domain.pledge import Pledge
from infrastructure.container import Container
from projections.listing import Filters

router = APIRouter(include_in_schema=False)
SETTLE_SECONDS = 5.0


def settled(container: Container, result: CommandResult) -> None:
    """Waits (briefly) until the lists include the command, so the next page shows it."""
    if result.position is not None:
        container.queries.wait_for(result.position, SETTLE_SECONDS)


@router.get("/my")
def my_pledges(request: Request, visitor: VisitorDep, me: PledgerDep, c: ContainerDep) -> Response:
    today = c.app.today()
    # Its own pledges in every review state (pending, returned, published).
    mine = Filters(pledger=me.subject, review=[])
    listed = c.queries.list(mine, today, sort="deadline", limit=200)
    for item in listed.items:
        item["mine"] = str(item["pledger_id"]) == me.subject
    invited = partnering.invitations_to(c, me.subject)
    context = {"items": listed.items, "total": listed.total, "today": today, "invited": invited}
    context.update(my_matching(c, me.subject, listed.items))
    return page(request, visitor, "my.html", context)


def form_page(
    request: Request, visitor: VisitorDep, c: ContainerDep, extra: dict[str, Any], status: int
) -> Response:
    today = c.app.today()
    context = {
        **submission.choices(),
        **number_words(language_of(request, visitor)),
        "today": today,
        "values": None,
        **extra,
    }
    return page(request, visitor, "submit.html", context, status)


def shown_again(error: DomainError, visitor: Visitor, what: str) -> dict[str, Any]:
    """The submission or amendment form again: every fault by its input, and what was typed."""
    if isinstance(error, FormInvalidError):
        faults, message = error.errors, error.message
    elif isinstance(error, InvalidPledgeError):
        faults = {submission.key_of(error.field): sentence(error.reason)}
        message = f"{what}: {error.reason}."
    else:  # e.g. an unknown pledger, a closed pledge: said in the page, nothing recorded
        faults, message = {}, error.message
    return {"values": submission.form_values(visitor), "field_errors": faults, "error": message}


def partners_posted(form: FormReader, c: Container) -> list[dict[str, Any]]:
    """The partners named on the form: a registered organisation by its exact name (else the
    names that come close, as a fault), or an organisation and email; blank rows skipped."""
    named: list[dict[str, Any]] = []
    for i in range(submission.PARTNER_ROWS):
        name, org, email, contribution = (
            form.value(f"partner_{part}_{i}").strip()
            for part in ("name", "org", "email", "contribution")
        )
        if not (name or org or email or contribution):
            continue
        row: dict[str, Any] = {"contribution": contribution}
        if name:
            found = c.queries.search_pledgers(name)
            exact = [r for r in found if r["name"].casefold() == name.casefold()]
            if len(exact) != 1:
                close = ", ".join(r["name"] for r in found[:5])
                hint = f"; did you mean: {close}" if close else ""
                form.add("partners", f"no registered organisation is named “{name}”{hint}")
                continue
            row["pledger_id"] = str(exact[0]["id"])
        else:
            row.update(organisation=org or None, email=email or None)
        named.append(row)
    return named


@router.get("/my/pledges/new")
def new_pledge(request: Request, visitor: VisitorDep, _me: PledgerDep, c: ContainerDep) -> Response:
    return form_page(request, visitor, c, {}, 200)


@router.post("/my/pledges")
def submit_pledge(
    request: Request, visitor: PostedDep, me: PledgerDep, c: ContainerDep, tasks: BackgroundTasks
) -> Response:
    today = c.app.today()
    form = FormReader(visitor, language_of(request, visitor), submission.NEEDS)
    try:
        wire = submission.wire_from(form, me.subject, today)
        wire["partners"] = partners_posted(form, c)
        body = form.check(PledgeCreate, wire, submission.key_of)  # the API's own schema
        if body is not None:
            form.rule("*", lambda: Pledge.check_dates(body.pledged_on, body.deadline, today))
            form.rule("*", body.content)  # the domain's rules of the content as a whole
        form.done("The pledge was not submitted")
        assert body is not None  # noqa: S101 - done() raised otherwise
        partnering.check_partners(c, body.pledger_id, body.content().type, body.partners)
        result = c.app.submit(
            body.pledger_id, body.content(), body.pledged_on, body.deadline, me.actor
        )
        result = partnering.invite_all(c, result, body.partners, me.actor, tasks)
    except DomainError as error:
        extra = shown_again(error, visitor, "The pledge was not submitted")
        return form_page(request, visitor, c, extra, status_of(error))
    settled(c, result)
    done = "submitted-review" if c.app.review_pledges else "submitted"
    return redirect(f"/my/pledges/{result.reference}?done={done}")
