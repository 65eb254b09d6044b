"""Request and response bodies (pydantic v2), with descriptions and examples for the docs."""
