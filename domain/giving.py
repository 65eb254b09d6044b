"""What support a pledger could give, read from a pledge's forms: a financial pledge (or one
with an amount) could give financial support; human resources, process and policy pledges
technical support (expertise, assistance). Used to suggest matching pledges to it."""

from __future__ import annotations

from domain.taxonomy import Form, Support
from domain.values import PledgeContent

GIVES = {
    Form.FINANCIAL: Support.FINANCIAL,
    Form.HUMAN_RESOURCES: Support.TECHNICAL,
    Form.PROCESS: Support.TECHNICAL,
    Form.POLICY: Support.TECHNICAL,
}


def could_give(content: PledgeContent) -> list[str]:
    kinds = {GIVES[Form(f)] for f in content.forms}
    if content.financial is not None:
        kinds.add(Support.FINANCIAL)
    return sorted(str(k) for k in kinds)
