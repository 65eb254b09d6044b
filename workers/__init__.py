"""What runs in the background: projection runners, scheduled jobs, the mailer."""
