"""The public web pages: the dashboard, a pledge's page and the consolidated report."""
