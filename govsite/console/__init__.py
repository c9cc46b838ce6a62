"""The e-gov centre's web console (`govsite serve`): units sign in, see their own findings and
columns, report fixes; the centre decides on requests for acceptance; the next complete scan
verifies every fix (govsite/claims.py).  app.create_app builds the ASGI application."""
