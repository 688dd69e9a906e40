"""Site administration: who may do what on the instance, and what happened on it.

An instance belongs to an organisation. Its administrators grant and revoke the site roles
(administrator, event creator), disable and re-enable accounts, approve or refuse the events
that others created (app/events decides which events need approval and keeps them private
until then), and read the instance's activity log. Every change is recorded in that log
(app/core/models.py: record_audit).
"""
