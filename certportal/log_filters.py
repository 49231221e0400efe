"""Logging filters: what a log line must not keep.

`MaskResponseIds` (on every handler in settings.LOGGING) replaces a response's id
and the secrets in its private and share links with placeholders, wherever a line
carries them (Django's "Not Found: /eligibility/<id>/", the rate limit's 429 and
the database's 503 lines, a traceback): whoever reads the logs can't open anyone's
answers, and a line says nothing about which response it was.
"""

import logging
import re

UUID = re.compile(
    r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE
)
# /eligibility/<id>/private/<token>/ and /eligibility/shared/<token>/ (the token
# of applicants.models.new_token: URL-safe base64).
LINK_SECRET = re.compile(r"/(private|shared)/[A-Za-z0-9_-]+")


def mask(text):
    return LINK_SECRET.sub(r"/\1/<token>", UUID.sub("<id>", text))


class MaskResponseIds(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # Format the traceback now, masked, for the handlers to reuse.
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
        return True
