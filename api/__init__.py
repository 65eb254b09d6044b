"""HTTP: routers, request and response schemas, auth, error mapping."""
