"""Amending one's own pledge: the submission form filled with the pledge's content, and a
reason. The posted content goes through the API's amendment schema (every field, as changes)
and the domain's amend, which refuses an amendment that changes nothing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.portal import submission
from api.portal.auth import PledgerDep, PostedDep, Visitor, VisitorDep
from api.portal.forms import FormReader, language_of, number_words
from api.portal.my import settled, shown_again
from api.portal.my_pledge import check_access, load
from api.portal.render import page, redirect, status_of
from api.schemas.amendments import AmendmentCreate
from domain.errors import DomainError
from domain.pledge import Pledge
from domain.taxonomy import Review
from infrastructure.container import Container

router = APIRouter(include_in_schema=False)


def amend_page(
    request: Request, visitor: Visitor, pledge: Pledge, extra: dict[str, Any], status: int = 200
) -> Response:
    language = language_of(request, visitor)
    context = {
        **submission.choices(),
        **number_words(language),
        "amending": True,
        "pledge": pledge,
        "values": submission.values_of(pledge.content, language),
        **extra,
    }
    return page(request, visitor, "submit.html", context, status)


def own(c: Container, reference: str, me: Any) -> Pledge:
    pledge = load(c, reference)
    check_access(pledge, me, owner_only=True)
    return pledge


@router.get("/my/pledges/{reference}/amend")
def amend_form(
    request: Request, reference: str, visitor: VisitorDep, me: PledgerDep, c: ContainerDep
) -> Response:
    return amend_page(request, visitor, own(c, reference, me), {})


@router.post("/my/pledges/{reference}/amendments")
def amend(
    request: Request, reference: str, visitor: PostedDep, me: PledgerDep, c: ContainerDep
) -> Response:
    pledge = own(c, reference, me)
    form = FormReader(visitor, language_of(request, visitor), submission.NEEDS)
    try:
        data = {"changes": submission.content_from(form), "reason": form.value("reason")}
        body = form.check(AmendmentCreate, data, submission.key_of)
        if body is not None:
            form.rule("*", lambda: body.changes.applied_to(pledge.content))
        form.done("The amendment was not recorded")
        assert body is not None  # noqa: S101 - done() raised otherwise
        result = c.app.amend(pledge.id, body.changes.applied_to, body.reason, me.actor)
    except DomainError as error:
        extra = shown_again(error, visitor, "The amendment was not recorded")
        return amend_page(request, visitor, pledge, extra, status_of(error))
    settled(c, result)
    # A pledge not yet published has no public page to list the amendment on.
    done = "amended" if pledge.review == Review.PUBLISHED else "amended-review"
    return redirect(f"/my/pledges/{pledge.reference}?done={done}")
