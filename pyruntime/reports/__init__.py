"""One module per report; each returns JSON-able dicts for the page to draw."""
