"""SMTP connections whose every message must finish within an overall deadline.

smtplib's `timeout` bounds each socket operation, not a conversation: a server that
accepts and then answers one byte per second never trips it and can hold a sender for
ever. Here a watchdog thread (one per connection, not one per message) shuts the socket
down when a message's deadline passes; whatever read or write was blocked ends at once and
the caller gets SMTPDeadlineExceeded. (With MAIL_USE_SSL the TLS handshake inside connect() is bounded
only by the per-operation timeout: the watchdog sees the socket once it is wrapped.)
"""
from __future__ import annotations

import smtplib
import socket
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager


class SMTPDeadlineExceeded(smtplib.SMTPException):
    """The conversation for one message took longer than its deadline."""


class _DeadlineMixin:
    sock: socket.socket | None

    def _init_watchdog(self) -> None:
        self._watch_lock = threading.Lock()
        self._watch = threading.Condition(self._watch_lock)
        # One watchdog thread per connection, not one timer thread per message: a message's
        # deadline is a time it looks at, and it sleeps until the earliest one.
        self._watcher: threading.Thread | None = None
        self._expires_at: float | None = None  # the running block's deadline (time.monotonic())
        self._wake_at: float | None = None  # when the watchdog wakes next (None: when told)
        self._closed = False
        self.expired = False
        # Called just before the DATA command: from then on the server may accept the message.
        self.before_data: Callable[[], None] | None = None

    @contextmanager
    def deadline(self, seconds: float):
        """Run the block (connect, send_message, ...) with at most `seconds` for all of it."""
        with self._watch:
            self.expired = False
            self._closed = False
            self._expires_at = time.monotonic() + seconds
            if self._watcher is None or not self._watcher.is_alive():
                self._watcher = threading.Thread(target=self._watch_deadlines, name="smtp-deadline", daemon=True)
                self._watcher.start()
            elif self._wake_at is None or self._expires_at < self._wake_at:
                self._watch.notify()  # it sleeps past this deadline: wake it to sleep less
        try:
            yield self
        except Exception as error:
            if self.expired:
                raise SMTPDeadlineExceeded(f"the SMTP conversation exceeded its deadline of {seconds:g} s") from error
            raise
        finally:
            with self._watch:
                self._expires_at = None  # the watchdog finds none when it wakes, and sleeps on
            if self.expired:
                self.close()  # the socket is shut down: the next message reconnects

    def _watch_deadlines(self) -> None:
        with self._watch:
            while not self._closed:
                now = time.monotonic()
                if self._expires_at is not None and self._expires_at <= now:
                    self._expires_at = None
                    self._expire_locked()
                    continue
                self._wake_at = self._expires_at
                self._watch.wait(None if self._wake_at is None else self._wake_at - now)
                self._wake_at = None
            self._watcher = None

    def _expire_locked(self) -> None:
        self.expired = True
        sock = self.sock
        if sock is not None:
            try:
                # The plain socket's shutdown, also for a TLS socket: it ends a blocked
                # recv/send in the other thread without touching the TLS state.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        super().close()
        with self._watch:
            self._closed = True  # the watchdog ends; a later deadline() starts another
            self._watch.notify()

    def _get_socket(self, host, port, timeout):
        sock = super()._get_socket(host, port, timeout)
        with self._watch_lock:
            # Visible to the watchdog before the greeting is read (connect() sets it only after).
            self.sock = sock
            expired = self.expired
        if expired:
            self.sock = None
            sock.close()
            raise SMTPDeadlineExceeded("the SMTP conversation exceeded its deadline while connecting")
        return sock

    def data(self, msg):
        if self.before_data is not None:
            self.before_data()
        return super().data(msg)


class DeadlineSMTP(_DeadlineMixin, smtplib.SMTP):
    def __init__(self, host: str, port: int, timeout: float):
        # Not connected yet: connect() runs inside deadline(), so the greeting counts too.
        super().__init__(timeout=timeout)
        self._host = host  # what starttls() checks the certificate against
        self._init_watchdog()


class DeadlineSMTP_SSL(_DeadlineMixin, smtplib.SMTP_SSL):
    def __init__(self, host: str, port: int, timeout: float, context):
        super().__init__(timeout=timeout, context=context)
        self._host = host
        self._init_watchdog()
