"""Links and sessions against contacts being erased (issue 13, finding 4): nothing is issued
for a contact that is gone, and rows made before links named their contact end with any."""

from __future__ import annotations

from uuid import UUID

from domain.taxonomy import Category, Role
from domain.values import Actor
from infrastructure.contacts import Contact
from infrastructure.container import Container
from infrastructure.sessions import Identity, SessionStore


def pledger(c: Container, *emails: str) -> tuple[UUID, list[int]]:
    admin = Actor("test", Role.SECRETARIAT)
    pid = c.app.register_pledger("Faro network", Category.CIVIL_SOCIETY, "PRT", False, admin)
    c.contacts.add(pid, [Contact(name="X", email=e) for e in emails])
    return pid, [int(contact.id or 0) for contact in c.contacts.list(pid)]


def test_nothing_is_issued_for_a_contact_removed_before(container: Container) -> None:
    store = SessionStore(container.database.pool(), "secret")
    pid, [kept, removed] = pledger(container, "kept@faro.example.org", "gone@faro.example.org")
    assert container.contacts.remove(pid, removed)
    gone = Identity(Role.PLEDGER, str(pid), "Faro network", removed)
    assert store.issue_link(gone) is None and store.open_session(gone) is None
    other_pledgers = Identity(Role.PLEDGER, str(UUID(int=1)), "Elsewhere", kept)
    assert store.issue_link(other_pledgers) is None  # the row id alone is not enough
    link = store.issue_link(Identity(Role.PLEDGER, str(pid), "Faro network", kept))
    assert link is not None and store.consume_link(link) is not None


def test_rows_from_before_contacts_were_named_end_with_any_contact(container: Container) -> None:
    store = SessionStore(container.database.pool(), "secret")
    pid, [first, second] = pledger(container, "a@faro.example.org", "b@faro.example.org")
    opened = store.open_session(Identity(Role.PLEDGER, str(pid), "Faro network", second))
    assert opened is not None
    with container.database.pool().connection() as conn:
        conn.execute("UPDATE portal_sessions SET contact_id = NULL")  # as an older row
    assert store.session(opened[0]) is not None
    assert container.contacts.remove(pid, first)
    assert store.session(opened[0]) is None
