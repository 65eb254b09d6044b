"""What a pledge is and how it may change. Imports nothing of ours outside this package."""
