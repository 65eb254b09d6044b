"""Writers of the consolidated list: CSV, XLSX and JSON, from the pledge summaries."""
