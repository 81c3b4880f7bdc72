"""Calendar invitations (``.ics``, RFC 5545) for partnership meetings, written with icalendar.

Plain values in, bytes out: no Flask and no database, so the web view and a test use the same
function. Times are local Dutch time (``Europe/Amsterdam``) with the VTIMEZONE included, so
Outlook and other clients place the meeting right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event
from icalendar import vCalAddress
from icalendar import vText

from sroi_plugin.rules.months import add_minutes

#: The time zone meetings are planned in.
TIMEZONE = ZoneInfo("Europe/Amsterdam")
#: PRODID of the calendars the plugin writes.
PRODID = "-//sroi_plugin//Partnership meetings//NL"
#: Start time used when a meeting has none.
DEFAULT_START = time(10, 0)


@dataclass(frozen=True)
class Attendee:
    """Someone invited; without an e-mail address they are listed in the description only."""

    name: str
    email: str | None


@dataclass(frozen=True)
class Invitation:
    """What the invitation says."""

    #: stable UID, so a re-export updates the same appointment
    uid: str
    title: str
    day: date
    start: time | None
    duration_minutes: int
    location: str
    #: the agenda as plain text
    description: str
    attendees: Sequence[Attendee] = field(default_factory=tuple)
    #: who sends it; with an organizer the calendar is a REQUEST, otherwise a PUBLISH
    organizer: Attendee | None = None
    #: when the export was made (DTSTAMP)
    stamp: datetime | None = None


def _address(person: Attendee) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    return address


def invitation_ics(invitation: Invitation) -> bytes:
    """The ``.ics`` file for one meeting.

    :param invitation: the meeting's details and attendees.
    :returns: the calendar as bytes (CRLF line endings, folded as RFC 5545 requires).
    """
    start = datetime.combine(invitation.day, invitation.start or DEFAULT_START, TIMEZONE)
    organizer = (
        invitation.organizer if invitation.organizer and invitation.organizer.email else None
    )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST" if organizer else "PUBLISH")
    event = Event()
    event.add("uid", invitation.uid)
    event.add("dtstamp", invitation.stamp or datetime.now(UTC))
    event.add("dtstart", start)
    event.add("dtend", add_minutes(start, invitation.duration_minutes))
    event.add("summary", invitation.title)
    if invitation.location:
        event.add("location", invitation.location)
    event.add("description", invitation.description)
    if organizer is not None:
        event.add("organizer", _address(organizer))
    for person in invitation.attendees:
        if not person.email:
            continue
        address = _address(person)
        address.params["ROLE"] = vText("REQ-PARTICIPANT")
        address.params["PARTSTAT"] = vText("NEEDS-ACTION")
        address.params["RSVP"] = vText("TRUE")
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    ics: bytes = calendar.to_ical()
    return ics
