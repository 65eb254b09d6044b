"""Every export file's columns, once: the CSV headers, the XLSX sheets' headers and the data
package's schemas (GET /api/exports/datapackage.json) all come from here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.taxonomy import Category, PledgeType, Region, Status, Support

LIST = "; "  # how a cell holds several values


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless Table Schema type
    title: str
    description: str
    key: str = ""  # the item's key, when it is not the name
    enum: tuple[str, ...] = ()
    required: bool = False

    @property
    def source(self) -> str:
        return self.key or self.name


def codes(kind: type[StrEnum]) -> tuple[str, ...]:
    return tuple(c.value for c in kind)


def listed(name: str, title: str, what: str, key: str = "") -> Field:
    return Field(name, "string", title, f"{what}, separated by '{LIST}'", key)


PLEDGES: tuple[Field, ...] = (
    Field("reference", "string", "Reference", "The pledge's reference, as people cite it",
          required=True),
    Field("title", "string", "Title", "The pledge's title"),
    Field("description", "string", "Description", "What is pledged, as the pledger wrote it"),
    Field("status", "string", "Status (code)", "Lifecycle status", enum=codes(Status)),
    Field("status_label", "string", "Status", "The status as people read it"),
    Field("overdue", "boolean", "Overdue", "Deadline passed and not in a final state"),
    Field("pledger", "string", "Pledger", "The pledging organisation (public)",
          "pledger_name"),
    Field("pledger_category", "string", "Pledger category (code)", "Category of the pledger",
          "category", enum=codes(Category)),
    Field("pledger_category_label", "string", "Pledger category", "The category as people "
          "read it", "category_label"),
    Field("type", "string", "Type (code)", "individual, common, partnership or matching",
          enum=codes(PledgeType)),
    Field("type_label", "string", "Type", "The type as people read it"),
    listed("forms", "Forms (codes)", "financial, human_resources, process, policy"),
    listed("forms_labels", "Forms", "The forms as people read them"),
    listed("objectives", "Objectives (numbers)", "GCM objectives 1 to 23 (codes sheet)"),
    listed("objectives_labels", "Objectives", "The objectives with their short labels"),
    listed("round_tables", "Round tables", "IMRF round tables 1 to 4 its objectives fall in"),
    listed("principles", "Guiding principles (codes)", "GCM guiding principles"),
    listed("principles_labels", "Guiding principles", "The principles as people read them"),
    listed("levels", "Levels (codes)", "local, national, regional, international"),
    listed("levels_labels", "Levels", "The levels as people read them"),
    listed("countries", "Countries (codes)", "ISO 3166-1 alpha-3 countries of implementation"),
    listed("countries_names", "Countries", "The countries' names"),
    Field("region", "string", "Region (code)", "Region of implementation", enum=codes(Region)),
    Field("region_label", "string", "Region", "The region as people read it"),
    Field("language", "string", "Language", "Language the pledge is written in (ISO 639-1)"),
    Field("amount", "number", "Financial amount", "Amount pledged, in `currency`"),
    Field("currency", "string", "Currency", "ISO 4217 currency of the amount"),
    Field("gcr_mirror", "boolean", "Mirrors a GCR pledge", "Mirrors a Global Compact on "
          "Refugees pledge"),
    Field("pledged_on", "date", "Pledged on", "When it was pledged"),
    Field("deadline", "date", "Deadline", "When it is due"),
    Field("percent_complete", "integer", "Percent complete", "As of the latest progress "
          "report (0 to 100)"),
    Field("last_report_on", "date", "Last report on", "Date of the latest progress report"),
    Field("reports", "integer", "Progress reports", "Number of progress reports"),
    Field("latest_narrative", "string", "Latest narrative", "The latest report's narrative "
          "(the fulfilment's, once fulfilled)"),
    listed("targets", "Targets", "indicator (unit): baseline -> target, latest value",
           "targets_text"),
    Field("partners", "integer", "Partners", "Number of partners that joined"),
    listed("partner_names", "Partner names", "Partner organisations (partners file)"),
    Field("matches", "integer", "Matches", "Number of matches"),
    listed("matched_by", "Matched by", "Organisations that matched it (matches file)"),
    Field("fulfilled_on", "date", "Fulfilled on", "When it was reported fulfilled"),
    Field("version", "integer", "Version", "Number of recorded changes"),
    Field("updated_at", "datetime", "Updated at", "When it last changed (UTC)"),
    Field("id", "string", "Id", "The pledge's UUID", "pledge_id"),
)
REFERENCE = Field("reference", "string", "Pledge", "The pledge's reference (pledges file)",
                  required=True)
TARGETS = (
    REFERENCE,
    Field("indicator", "string", "Indicator", "What is measured"),
    Field("unit", "string", "Unit", "Unit of the values"),
    Field("baseline", "number", "Baseline", "Value at the start"),
    Field("target", "number", "Target", "Value pledged"),
    Field("latest", "number", "Latest value", "Latest value reported, if any"),
)
REPORTS = (
    REFERENCE,
    Field("kind", "string", "Kind", "progress: the latest progress report; fulfilment: the "
          "report of fulfilment", enum=("progress", "fulfilment")),
    Field("as_of", "date", "As of", "The date the report speaks of"),
    Field("percent_complete", "integer", "Percent complete", "0 to 100"),
    Field("narrative", "string", "Narrative", "What the pledger reported"),
)
PARTNERS = (
    REFERENCE,
    Field("partner", "string", "Partner", "The partner organisation (public)"),
    Field("contribution", "string", "Contribution", "What the partner brings"),
    Field("joined_on", "date", "Joined on", "When it joined"),
)
MATCHES = (
    REFERENCE,
    Field("matched_by", "string", "Matched by", "The organisation that matched it (public)"),
    Field("support", "string", "Support (code)", "Kind of support", enum=codes(Support)),
    Field("support_label", "string", "Support", "The support as people read it"),
    Field("description", "string", "Description", "What is committed"),
    Field("amount", "number", "Amount", "Amount committed, in `currency`"),
    Field("currency", "string", "Currency", "ISO 4217 currency"),
    Field("matched_on", "date", "Matched on", "When it was matched"),
)
CODES = (
    Field("field", "string", "Field", "The column the code is used in", required=True),
    Field("code", "string", "Code", "The code as the files hold it", required=True),
    Field("label", "string", "Label", "The code as people read it"),
)
RESOURCES: dict[str, tuple[str, tuple[Field, ...]]] = {
    "pledges": ("Pledges: one row per pledge", PLEDGES),
    "targets": ("Targets of each pledge, with the latest values reported", TARGETS),
    "reports": ("The latest progress report and the fulfilment report of each pledge", REPORTS),
    "partners": ("Partners that joined each pledge", PARTNERS),
    "matches": ("Matches committed to each matching pledge", MATCHES),
    "codes": ("Every code used in the files, with its label", CODES),
}
