"""Moved to govsite.browser (the browser stage).  pipeline.py still imports the two entry points
from this path; this file goes once it reads `from govsite.browser import ...`."""
from govsite.browser import capture_evidence, run_browser_pass  # noqa: F401
