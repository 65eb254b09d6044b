"""Import of earlier pledges from a file: the exports' own format (CSV or XLSX) or the
documented template (docs/import-template.xlsx). One importer for the command line and the
console (importer.py): every row checked by the API's schemas and the domain's rules, every
error named by sheet, row and column, nothing written unless every row is right."""
