"""Domain errors. Each message says which rule was broken, in words a pledger understands."""

from __future__ import annotations


class DomainError(Exception):
    """A command the domain refuses."""

    code = "domain_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidPledgeError(DomainError):
    """Input that can never be valid, whatever the pledge's history (HTTP 422)."""

    code = "invalid_input"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class NotFoundError(DomainError):
    code = "not_found"


class PledgeNotFoundError(NotFoundError):
    def __init__(self, pledge: object) -> None:
        super().__init__(f"No pledge has the id or reference {pledge!s}.")


class PledgerNotFoundError(NotFoundError):
    def __init__(self, pledger: object) -> None:
        super().__init__(f"No pledger has the id {pledger!s}.")


class RuleViolationError(DomainError):
    """The pledge's lifecycle forbids the command now (HTTP 409)."""

    code = "rule_violation"


class PledgeClosedError(RuleViolationError):
    code = "pledge_closed"


class NotMatchableError(RuleViolationError):
    code = "not_matchable"


class NotPartnerableError(RuleViolationError):
    code = "not_partnerable"


class OwnPledgeError(RuleViolationError):
    code = "own_pledge"


class AlreadyPartnerError(RuleViolationError):
    code = "already_partner"


class ReportDateError(RuleViolationError):
    code = "report_date"


class DeadlineError(RuleViolationError):
    code = "deadline"


class NotLapsableError(RuleViolationError):
    code = "not_lapsable"


class NotLapsedError(RuleViolationError):
    code = "not_lapsed"


class ReminderAlreadySentError(RuleViolationError):
    code = "reminder_already_sent"


class NotPendingError(RuleViolationError):
    """Publish or return a pledge that is not waiting for review."""

    code = "not_pending"


class NotAllowedError(DomainError):
    """The actor's role may not do this (HTTP 403)."""

    code = "not_allowed"


class VersionConflictError(DomainError):
    """The client's expected version is not the current one (HTTP 412)."""

    code = "version_mismatch"

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            f"The pledge is at version {current}, not {expected}: reload it and try again."
        )
        self.expected = expected
        self.current = current


class ConcurrentModificationError(DomainError):
    """Another writer saved first; the command was not applied (HTTP 409 after retries)."""

    code = "concurrent_modification"


class IdempotencyKeyReusedError(DomainError):
    """The same idempotency key came with a different request (HTTP 422)."""

    code = "idempotency_key_reused"


class OfferNotFoundError(NotFoundError):
    def __init__(self, pledge: str, offer: object) -> None:
        super().__init__(f"Pledge {pledge} has no match offer {offer!s}.")


class OfferAnsweredError(RuleViolationError):
    """An offer is answered (accepted, refused or withdrawn) once."""

    code = "offer_answered"


class InvitationError(RuleViolationError):
    """An invitation to partner that is not pending, or does not exist on this pledge."""

    code = "invitation"
