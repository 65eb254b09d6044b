"""Read models built from events, each with its tracking position, and their queries."""
