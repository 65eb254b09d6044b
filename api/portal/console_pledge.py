"""A pledge in the console: its history as a timeline by effective day with what each version
changed, the pledge as it stood on a day and as recorded at a moment, and lapse, reinstate
and extend with a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.pages.amendments import amendments_shown
from api.pages.labels import label
from api.pages.pledge import REVIEW_EVENTS
from api.portal.auth import PortalError, PostedDep, StaffDep, VisitorDep
from api.portal.forms import FormReader, present
from api.portal.history_view import by_effective_day, fields
from api.portal.my import settled
from api.portal.my_pledge import load
from api.portal.render import page, redirect, refused, status_of
from api.schemas.commands import DeadlineChange, LapseCreate
from api.schemas.matching import suggestions_for
from domain.application import CommandResult
from domain.errors import DeadlineError, DomainError, PledgeNotFoundError
from domain.pledge import Pledge
from infrastructure.container import Container
from infrastructure.sessions import Identity

router = APIRouter(include_in_schema=False)
MAX_DIFFED = 200  # versions compared one by one; a longer history shows its events only


def state_of(pledge: Pledge) -> dict[str, str]:
    c = pledge.content
    return {
        "status": label(pledge.status.value),
        "review": pledge.review.value,
        "deadline": pledge.deadline.isoformat(),
        "percent complete": str(pledge.percent_complete),
        "reports": str(pledge.report_count),
        "partners": str(len(pledge.partners)),
        "matches": str(len(pledge.matches)),
        "title": c.title,
        "objectives": ", ".join(map(str, c.objectives)),
        "forms": ", ".join(label(f.value) for f in c.forms),
        "countries": ", ".join(c.countries),
    }


def changes(c: Container, pledge: Pledge) -> dict[int, list[tuple[str, str, str]]]:
    """Per version: (field, before, after) for each summarised field that changed."""
    app = c.app
    out: dict[int, list[tuple[str, str, str]]] = {}
    if pledge.version > MAX_DIFFED:
        return out
    before: dict[str, str] = {}
    for version in range(1, pledge.version + 1):
        after = state_of(app.get_pledge(pledge.id, version=version))
        out[version] = [(k, before.get(k, ""), v) for k, v in after.items() if before.get(k) != v]
        before = after
    return out


def parse_moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise PortalError(400, "Not a date", f"{text[:40]!r} is not a date and time.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PortalError(400, "Not a date", f"{text[:40]!r} is not a date.") from None


def read_view(c: Container, pledge: Pledge, key: str, text: str) -> dict[str, Any]:
    """`on` a day (by effective dates) or `at` a moment (as recorded), typed as `text`."""
    found, error = None, None
    if text:
        try:
            if key == "on":
                found = c.app.get_pledge_on(pledge.id, parse_day(text))
            else:
                found = c.app.get_pledge_recorded_at(pledge.id, parse_moment(text))
        except PledgeNotFoundError:
            error = f"The pledge did not exist yet {key} {text}."
    state = state_of(found) if found else None
    return {"text": text, "pledge": found, "state": state, "error": error}


def views(c: Container, pledge: Pledge, on_text: str, at_text: str) -> dict[str, Any]:
    """The pledge as it stood on a day and as the record stood at a moment."""
    return {"on": read_view(c, pledge, "on", on_text), "at": read_view(c, pledge, "at", at_text)}


def context(c: Container, pledge: Pledge, on_text: str = "", at_text: str = "") -> dict[str, Any]:
    app = c.app
    history = c.histories.entries(pledge.id)
    return {
        "pledge": pledge,
        "owner_name": app.get_pledger(pledge.pledger_id).name,
        "history": by_effective_day(history),
        "fields": {e["version"]: fields(e["data"]) for e in history},
        "changes": changes(c, pledge),
        "amended": {a.version: a for a in amendments_shown(app.amendments(pledge.id))},
        "views": views(c, pledge, on_text, at_text),
        "today": app.today(),
        "review_events": REVIEW_EVENTS,
        "suggestions": suggestions_for(c, pledge),
    }


@router.get("/console/pledges/{reference}")
def pledge_page(
    request: Request, reference: str, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep
) -> Response:
    pledge = load(c, reference)
    on, at = (request.query_params.get(k, "").strip()[:40] for k in ("as_of", "recorded_as_of"))
    return page(request, visitor, "console_pledge.html", context(c, pledge, on, at))


def act(
    request: Request,
    visitor: PostedDep,
    c: Container,
    reference: str,
    done: str,
    work: Callable[[Pledge], CommandResult],
) -> Response:
    pledge = load(c, reference)
    try:
        result = work(pledge)
    except DomainError as error:
        shown = refused(error, done, visitor, {DeadlineError: "deadline"})
        full = {**context(c, pledge), **shown}
        return page(request, visitor, "console_pledge.html", full, status_of(error))
    settled(c, result)
    return redirect(f"/console/pledges/{pledge.reference}?done={done}")


NEEDS = {
    "reinstate": {
        "deadline": "Reinstating needs a new deadline (YYYY-MM-DD)",
        "reason": "Say why the pledge is reinstated",
    },
    "extend": {
        "deadline": "Extending needs the new deadline (YYYY-MM-DD)",
        "reason": "Say why the deadline moves",
    },
    "lapse": {"reason": "Say why the pledge lapses"},
}


def command(name: str) -> Callable[[Container, Identity, PostedDep, Pledge], CommandResult]:
    def run(c: Container, me: Identity, visitor: PostedDep, pledge: Pledge) -> CommandResult:
        app = c.app
        form = FormReader(visitor, "en", NEEDS[name])
        data = present({"deadline": form.value("deadline"), "reason": form.value("reason")})
        if name == "lapse":
            lapse = form.check(LapseCreate, data)
            form.done("The pledge did not lapse")
            assert lapse is not None  # noqa: S101 - done() raised otherwise
            return app.lapse(pledge.id, lapse.reason, me.actor)
        change = form.check(DeadlineChange, data)
        form.done("Nothing was changed")
        assert change is not None  # noqa: S101 - done() raised otherwise
        if name == "reinstate":
            return app.reinstate(pledge.id, change.deadline, change.reason, me.actor)
        return app.extend_deadline(pledge.id, change.deadline, change.reason, me.actor)

    return run


DONE = {"lapse": "lapsed", "reinstate": "reinstated", "extend": "extended"}


@router.post("/console/pledges/{reference}/{action}")
def transition(
    request: Request,
    reference: str,
    action: str,
    visitor: PostedDep,
    me: StaffDep,
    c: ContainerDep,
) -> Response:
    """lapse, reinstate or extend, with a reason (and a new deadline for the last two)."""
    if action not in DONE:
        raise PortalError(404, "Not found", "There is no such action.")
    run = command(action)
    return act(request, visitor, c, reference, DONE[action], lambda p: run(c, me, visitor, p))
