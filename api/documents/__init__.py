"""The consolidated report as documents people hand out, from plain data (model.py):

- `figures.report_of(meta, pledges)` makes a `Report` with its summary figures;
- `pdf.write_pdf(report, path_or_stream, progress, workers)` and `pdf.pdf_bytes(report)`;
- `word.write_docx(report, path_or_stream, progress)` and `word.docx_bytes(report)`.

`progress(stage, done, total)` is called as the work goes, for a progress bar. Nothing here
reads the database or fetches anything: whoever wires it to the read models, filters, routes
or the CLI builds the `Report`.
"""
