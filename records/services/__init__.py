"""Every write in the records app: keyword-only, atomic, audited in the same transaction."""

from records.services.exemptions import exemption_create, exemption_update  # noqa: F401
from records.services.holds import (  # noqa: F401
    closure_add,
    closure_withdraw,
    closures_add,
    hold_place,
    hold_release,
    open_requests_due_recompute,
)
from records.services.letters import letter_send, letter_template_save  # noqa: F401
from records.services.packages import (  # noqa: F401
    package_complete,
    package_download_log,
    package_fail,
    package_progress,
    package_request,
    package_retry,
    package_start,
)
from records.services.portal import (  # noqa: F401
    archive_copies_make,
    archive_copy_make,
    package_release,
    request_archive_set,
    request_message_from_requester,
    request_message_to_requester,
    request_submit_public,
)
from records.services.redactions import (  # noqa: F401
    redaction_create,
    redaction_mark,
    redaction_withdraw,
)
from records.services.reminders import reminders_send  # noqa: F401
from records.services.requests import (  # noqa: F401
    assistance_log_add,
    request_assign,
    request_create,
    request_determine,
    request_extend,
    request_save_criteria,
    request_transition,
)
from records.services.selection import request_records_choose  # noqa: F401
