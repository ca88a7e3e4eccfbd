"""Referral slips a client can take home: PDF in five formats, drawn with reportlab (no Qt).

``render_slip(records, SlipOptions(...))`` returns the PDF bytes; ``desktop.printing`` sends them
to a printer and ``desktop.commands.slip`` is the command line.
"""

from desktop.slips.content import (
    DEFAULT_MESSAGE,
    SENSITIVE_WORDS,
    SlipService,
    slip_service,
    slip_worries,
)
from desktop.slips.render import (
    FORMATS,
    MAX_SERVICES,
    SlipError,
    SlipOptions,
    render_slip,
    write_slip,
)

__all__ = [
    "DEFAULT_MESSAGE",
    "FORMATS",
    "MAX_SERVICES",
    "SENSITIVE_WORDS",
    "SlipError",
    "SlipOptions",
    "SlipService",
    "render_slip",
    "slip_service",
    "slip_worries",
    "write_slip",
]
