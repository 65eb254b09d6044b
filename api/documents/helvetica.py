"""Text set in Helvetica straight into a PDF page: the footer, the running header and the
"see page" numbers that the join stamps (stamp.py). Helvetica is one of the 14 fonts every PDF
reader has, so nothing is embedded; its widths (Adobe's AFM, in thousandths of the size)
right-align and centre the text. The body's Liberation Sans has the same metrics."""

from __future__ import annotations

WIDTHS = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
        "abcdefghijklmnopqrstuvwxyz{|}~",
        [
            278,
            278,
            355,
            556,
            556,
            889,
            667,
            191,
            333,
            333,
            389,
            584,
            278,
            333,
            278,
            278,
            *[556] * 10,
            278,
            278,
            584,
            584,
            584,
            556,
            1015,
            667,
            667,
            722,
            722,
            667,
            611,
            778,
            722,
            278,
            500,
            667,
            556,
            833,
            722,
            778,
            667,
            778,
            722,
            667,
            611,
            722,
            667,
            944,
            667,
            667,
            611,
            278,
            278,
            278,
            469,
            556,
            333,
            556,
            556,
            500,
            556,
            556,
            278,
            556,
            556,
            222,
            222,
            500,
            222,
            833,
            556,
            556,
            556,
            556,
            333,
            500,
            278,
            556,
            500,
            722,
            500,
            500,
            500,
            334,
            260,
            334,
            584,
        ],
        strict=True,
    )
)
WIDTHS["·"] = 278
NAME = "/FStamp"  # the font's name in each page's resources


def width(text: str, size: float) -> float:
    return sum(WIDTHS.get(c, 556) for c in text) * size / 1000


def literal(text: str) -> str:
    """A PDF string in WinAnsi (the font's encoding), parentheses and backslashes escaped."""
    raw = text.encode("cp1252", errors="replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_op(x: float, y: float, size: float, grey: float, text: str) -> str:
    return f"BT {NAME} {size} Tf {grey} g 1 0 0 1 {x:.2f} {y:.2f} Tm ({literal(text)}) Tj ET"
