"""POST /api/pledgers: the Secretariat registers pledging entities."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ContainerDep, SecretariatDep
from api.openapi import problems
from api.schemas.pledgers import PledgerCreate, PledgerCreated
from infrastructure.contacts import Contact

router = APIRouter(prefix="/api/pledgers", tags=["pledgers"])


@router.post(
    "",
    status_code=201,
    response_model=PledgerCreated,
    summary="Register a pledging entity",
    responses=problems(401, 403, 422),
)
def register_pledger(
    body: PledgerCreate, actor: SecretariatDep, container: ContainerDep
) -> PledgerCreated:
    """Register a State, UN entity or stakeholder. Its contacts go to the personal-data table,
    never into an event, and no response ever shows them."""
    # Check every contact before recording anything, so a bad email leaves no half-made pledger.
    contacts = [Contact(c.name, c.email, c.position, c.phone) for c in body.contacts]
    pledger_id = container.app.register_pledger(
        body.name, body.category, body.country, body.gcm_champion, actor
    )
    if contacts:
        container.contacts.add(pledger_id, contacts)
    return PledgerCreated(
        id=pledger_id,
        name=body.name.strip(),
        category=body.category,
        country=body.country,
        gcm_champion=body.gcm_champion,
    )
