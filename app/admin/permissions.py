"""Who may use the site administration (registered with app.core.permissions by app.admin.wiring).

Actions:
  admin.users     find accounts, grant and revoke site roles, disable and re-enable accounts
  admin.audit     read the instance's activity log
  event.approve   approve or refuse an event awaiting approval (object: the event)
All of them are the site administrators'. The area's overview and its header link ask "admin"
(app.core.permissions).
"""
from __future__ import annotations

from app.core.permissions import Rule, is_admin

RULES: dict[str, Rule] = {
    "admin.users": lambda user, _obj=None: is_admin(user),
    "admin.audit": lambda user, _obj=None: is_admin(user),
    "event.approve": lambda user, _event=None: is_admin(user),
}
