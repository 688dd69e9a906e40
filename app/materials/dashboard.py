"""The programme's part of the organiser's dashboard: how speakers answered their invitations and
which sessions still have no material (a constant number of queries)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, select

from app.agenda.models import Person, Session, SessionKind, SessionPerson, SessionStatus
from app.events.dashboard import DashboardPart
from app.extensions import db
from app.materials.models import InvitationStatus, Material, SpeakerInvitation

QUIET_KINDS = (SessionKind.BREAK, SessionKind.NETWORKING)
"""Sessions that need no material: breaks and networking."""
LISTED = 5  # sessions without material named on the dashboard; the materials page has them all


@dataclass
class ProgrammeCounts:
    speakers: int                          # people of the agenda with a role in a session
    invitations: dict[InvitationStatus, int]  # by the status of each speaker's latest invitation
    sessions: int                          # confirmed sessions that may have material
    without_material: int
    first_without: list[Session]

    @property
    def not_invited(self) -> int:
        return max(self.speakers - sum(self.invitations.values()), 0)


def programme_counts(event) -> ProgrammeCounts:
    """Four queries, whatever the size of the agenda."""
    in_agenda = select(SessionPerson.person_id).join(Session, Session.id == SessionPerson.session_id) \
        .where(Session.event_id == event.id)
    speakers = db.session.scalar(select(func.count(Person.id)).where(Person.event_id == event.id,
                                                                     Person.id.in_(in_agenda))) or 0
    latest = select(func.max(SpeakerInvitation.id)).where(SpeakerInvitation.event_id == event.id,
                                                          SpeakerInvitation.person_id.in_(in_agenda)) \
        .group_by(SpeakerInvitation.person_id)
    invitations = {status: 0 for status in InvitationStatus}
    invitations.update(dict(db.session.execute(
        select(SpeakerInvitation.status, func.count(SpeakerInvitation.id))
        .where(SpeakerInvitation.id.in_(latest)).group_by(SpeakerInvitation.status)).all()))
    needs_material = and_(Session.event_id == event.id, Session.status == SessionStatus.CONFIRMED,
                          Session.kind.not_in(QUIET_KINDS))
    lacking = ~exists(select(Material.id).where(Material.session_id == Session.id))
    sessions, without = db.session.execute(select(
        func.count(Session.id), func.coalesce(func.sum(case((lacking, 1), else_=0)), 0)).where(needs_material)).one()
    first = list(db.session.scalars(select(Session).where(needs_material, lacking)
                                    .order_by(Session.starts_at, Session.id).limit(LISTED))) if without else []
    return ProgrammeCounts(speakers, invitations, sessions or 0, int(without or 0), first)


def dashboard_parts(event, chart_ids) -> DashboardPart:
    return DashboardPart("materials/_dashboard_programme.html", 30,
                         {"counts": programme_counts(event), "statuses": InvitationStatus})
