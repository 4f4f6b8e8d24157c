"""``annualreport serve``: the HTTP API (FastAPI) and the browser editor, an optional extra (``annualreport[server]``)."""
