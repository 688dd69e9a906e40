"""Every model module, imported once so the metadata (and Alembic) sees all tables."""
from app.accounts.models import ApiToken, SignIn, User  # noqa: F401
from app.agenda.models import AgendaFeed, AgendaPublication, Person, Room, Session, SessionPerson, SessionStar, Track  # noqa: F401
from app.core.models import AuditEntry, OutboxMessage  # noqa: F401
from app.events.models import Event, EventMember  # noqa: F401
from app.materials.models import Material, MaterialVersion, SpeakerInvitation  # noqa: F401
from app.messages.models import EventMessage, MessageRecipient, MessageSettings  # noqa: F401
from app.notes.models import Note, NoteRevision  # noqa: F401
from app.registration.models import (  # noqa: F401
                               Invitation,
                               Registration,
                               RegistrationField,
                               SeatCounter,
                               SessionRegistration,
                               SessionSeatCounter,
)
from app.reminders.models import Reminder, ReminderDelivery  # noqa: F401
from app.trainings.models import (  # noqa: F401
                               Attendance,
                               Certificate,
                               CompletionRule,
                               FeedbackQuestion,
                               FeedbackResponse,
                               FeedbackSurvey,
)
