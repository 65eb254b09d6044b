"""The consolidated report as documents people hand out: PDF (WeasyPrint) and DOCX
(python-docx), from plain data (model.py). Each format can be written to a path or a binary
stream, with an optional progress callback, or returned as bytes."""
