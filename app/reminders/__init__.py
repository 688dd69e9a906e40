"""Automatic reminders: mail the organiser switches on per event, sent once per person by a periodic job."""
