from accounts import roles as role_constants
from accounts.roles import role_names


def roles(request):
    """`roles` (the user's role names) and the role constants for templates' navigation."""
    user = getattr(request, "user", None)
    names = role_names(user) if user is not None else frozenset()
    return {
        "roles": names,
        "is_administrator": role_constants.ADMINISTRATOR in names,
        "is_supervisor": role_constants.SUPERVISOR in names,
        "is_moderator": role_constants.MODERATOR in names,
        "is_records_clerk": role_constants.RECORDS_CLERK in names,
    }
