"""The consolidated report as a PDF (fpdf2), the same content as the report page.

Text is set in DejaVu Sans, embedded from static/fonts/, which covers Cyrillic
and the Kazakh letters (ә ғ қ ң ө ұ ү һ і). The PDF has a title page, a table of
contents with page numbers and links, and an outline (bookmarks) of every section.
Notes are the same sanitised HTML as on the page, simplified for fpdf2: their
headings become bold paragraphs (they stay out of the outline) and images become
their alternative text (the PDF never fetches anything).
"""
from __future__ import annotations

import logging
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import pgettext
from fpdf import FPDF, FontFace, TextStyle
from fpdf.enums import XPos, YPos
from fpdf.errors import FPDFException

from app.core.i18n import (
    current_language,
    format_date,
    format_date_in,
    format_date_range,
    format_time_in,
    language_in_text,
    language_name,
    localize,
)
from app.core.markdown import render_markdown

INK = (29, 36, 51)
MUTED = (83, 93, 110)
BRAND = (31, 90, 166)
LINE = (213, 218, 227)
FONT = "DejaVu"

_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf",
               "BI": "DejaVuSans-BoldOblique.ttf"}


_LINE_HEIGHT = ' line-height="1.35"'


class _PdfHtml(HTMLParser):
    """Sanitised note HTML -> HTML that fpdf2 lays out: no headings in the outline, no images."""

    _HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    _BLOCKS = _HEADINGS | {"p", "ul", "ol", "li", "blockquote", "pre", "table", "thead", "tbody", "tr", "th", "td",
                           "hr", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.after_block = True  # the last thing written opened or closed a block
        self.in_pre = False

    def _emit(self, text: str, tag: str | None = None) -> None:
        self.out.append(text)
        self.after_block = tag in self._BLOCKS

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "pre":
            self.in_pre = True
        if tag in self._HEADINGS:
            self._emit(f"<p{_LINE_HEIGHT}><b>", "p")
        elif tag == "img":
            alt = attributes.get("alt") or ""
            if alt:
                self._emit(f"[{escape(alt)}]")
        elif tag == "a" and attributes.get("href"):
            self._emit(f'<a href="{escape(attributes["href"])}">')
        elif tag == "ol":
            start = attributes.get("start") or ""
            self._emit(f'<ol start="{start}"{_LINE_HEIGHT}>' if start.isdigit() else f"<ol{_LINE_HEIGHT}>", tag)
        elif tag in ("p", "ul", "blockquote", "pre"):
            self._emit(f"<{tag}{_LINE_HEIGHT}>", tag)
        elif tag in ("td", "th") and attributes.get("align") in ("left", "center", "right"):
            self._emit(f'<{tag} align="{attributes["align"]}">', tag)
        else:
            self._emit(f"<{tag}>", tag)

    def handle_startendtag(self, tag, attrs):
        if tag == "img":
            self.handle_starttag(tag, attrs)
        else:
            self._emit(f"<{tag}>", tag)

    def handle_endtag(self, tag):
        if tag == "pre":
            self.in_pre = False
        if tag in self._HEADINGS:
            self._emit("</b></p>", "p")
        elif tag != "img":
            self._emit(f"</{tag}>", tag)

    def handle_data(self, data):
        if not data.strip() and not self.in_pre:
            # Newlines between blocks would print as empty lines; between inline elements they are a space.
            if not self.after_block:
                self._emit(" ")
            return
        self._emit(escape(data, quote=False))


def pdf_html(html: str) -> str:
    parser = _PdfHtml()
    parser.feed(str(html))
    parser.close()
    return "".join(parser.out)


def _fit(pdf, text: str, width: float) -> str:
    """`text` shortened with an ellipsis to fit `width` in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


# Kazakh says "as of 3 December 2026" as "2026 жылғы 3 желтоқсандағы жағдай бойынша": the month takes the
# attributive locative suffix (-дағы/-дегі/-тегі by vowel harmony), which no CLDR date format gives.
_KK_MONTHS_AS_OF = ("қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы",
                    "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы")


def as_of_date(value, tz_name: str) -> str:
    """The date for "Published notes as of %(date)s" in the reader's language."""
    if current_language() == "kk":
        day = value.astimezone(ZoneInfo(tz_name)).date()
        return f"{day.year} жылғы {day.day} {_KK_MONTHS_AS_OF[day.month - 1]}"
    return format_date_in(value, tz_name, "long")


def _get(item, name: str, default=""):
    return item.get(name, default) if isinstance(item, dict) else getattr(item, name, default)


class ReportPDF(FPDF):
    def __init__(self, running_title: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_title = running_title
        fonts = Path(current_app.static_folder) / "fonts"
        for style, filename in _FONT_FILES.items():
            self.add_font(FONT, style, str(fonts / filename))
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)
        self.set_text_color(*INK)

    def footer(self):
        if self.page_no() == 1:
            return
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(self.epw * 0.75, 6, _fit(self, self.running_title, self.epw * 0.75 - 4), align="L")
        self.cell(0, 6, _("Page %(page)s of %(pages)s", page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(*INK)


class _Writer:
    def __init__(self, report):
        self.report = report
        self.event = report.event
        self.lang = report.language
        self.title = str(localize(self.event.title, self.event.default_language))
        self.pdf = ReportPDF(f"{self.title} · {_('Report')}")
        self.pdf.set_title(f"{self.title} — {_('Report')}")
        self.pdf.set_lang(self.lang)
        self.pdf.set_creator("Convene")
        self.pdf.set_subject(_("Consolidated report"))

    # --- primitives ---------------------------------------------------------------

    def text(self, value, size=10.5, style="", color=INK, height=None, align="L"):
        pdf = self.pdf
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(0, height or size * 0.55, str(value), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*INK)

    def heading(self, value: str, level: int):
        pdf = self.pdf
        size = {0: 17, 1: 13, 2: 11.5}[level]
        if pdf.get_y() > pdf.page_break_trigger - (40 if level else 60):
            pdf.add_page()
        pdf.ln(2 if level else 0)
        pdf.start_section(value, level, strict=False)
        self.text(value, size=size, style="B", color=BRAND if level == 0 else INK, height=size * 0.5)
        if level == 0:
            pdf.set_draw_color(*LINE)
            pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + pdf.epw, pdf.get_y() + 1)
            pdf.ln(4)
        else:
            pdf.ln(1)

    def facts(self, rows):
        pdf = self.pdf
        label_width = 42
        for label, value in rows:
            if not value:
                continue
            pdf.set_font(FONT, "B", 9.5)
            pdf.set_text_color(*MUTED)
            y = pdf.get_y()
            pdf.multi_cell(label_width, 5.5, str(label), align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
            pdf.set_text_color(*INK)
            pdf.set_font(FONT, "", 10.5)
            pdf.set_xy(pdf.l_margin + label_width, y)
            pdf.multi_cell(0, 5.5, str(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)

    def notice(self, value: str):
        pdf = self.pdf
        pdf.set_fill_color(234, 241, 251)
        pdf.set_font(FONT, "I", 9.5)
        pdf.multi_cell(0, 5.5, value, align="L", fill=True, padding=(2, 3), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)

    def html(self, markup, fallback_text: str = ""):
        pdf = self.pdf
        pdf.set_font(FONT, "", 10.5)
        pdf.set_text_color(*INK)
        try:
            pdf.write_html(
                pdf_html(markup), font_family=FONT, li_prefix_color=INK, ul_bullet_char="\u2022",
                warn_on_tags_not_matching=False,
                tag_styles={
                    "a": FontFace(color=BRAND, emphasis="UNDERLINE"),
                    "code": FontFace(family=FONT),
                    "pre": TextStyle(font_family=FONT, t_margin=2, b_margin=2),
                    "blockquote": TextStyle(color=MUTED, l_margin=6, t_margin=2, b_margin=2),
                    "p": TextStyle(t_margin=0, b_margin=0),
                    "li": TextStyle(l_margin=6, t_margin=1),
                    "ul": TextStyle(t_margin=0, b_margin=0),
                    "ol": TextStyle(t_margin=0, b_margin=0),
                },
            )
        except (FPDFException, ValueError, NotImplementedError, KeyError, IndexError):
            # A structure fpdf2 cannot lay out (an unusual table, say): print the text as written.
            logging.getLogger(__name__).warning("Note printed as plain text in the PDF report", exc_info=True)
            self.text(fallback_text)
        pdf.ln(1)


    def session_line(self, session) -> str:
        tz = self.event.timezone
        parts = [f"{format_date_in(session.starts_at, tz, 'long')}, "
                 f"{format_time_in(session.starts_at, tz)}–{format_time_in(session.ends_at, tz)}"]
        if session.room:
            parts.append(str(localize(session.room.name, self.event.default_language)))
        return " · ".join(parts)

    def people_line(self, session) -> str:
        return ", ".join(link.person.name for link in session.people)

    # --- the document -------------------------------------------------------------

    def title_page(self):
        pdf, event = self.pdf, self.event
        pdf.add_page()
        pdf.set_y(70)
        self.text(_("Report"), size=13, style="B", color=BRAND, height=8)
        pdf.ln(2)
        self.text(self.title, size=24, style="B", height=11)
        pdf.ln(6)
        dates = format_date_range(event.start_date, event.end_date)
        venue = str(localize(event.venue, event.default_language))
        self.text(" · ".join(v for v in (dates, venue) if v), size=12, color=MUTED, height=7)
        summary = str(localize(event.summary, event.default_language))
        if summary:
            pdf.ln(8)
            self.text(summary, size=11, height=6)
        pdf.set_y(-55)
        self.text(_("Language of this edition: %(language)s", language=language_in_text(self.lang)), size=9.5,
                  color=MUTED, height=5.5)
        as_of = as_of_date(self.report.as_of, self.event.timezone)
        self.text(_("Published notes as of %(date)s", date=as_of), size=9.5, color=MUTED, height=5.5)

    def contents(self):
        def render_toc(pdf, outline):
            pdf.set_x(pdf.l_margin)
            pdf.set_font(FONT, "B", 17)
            pdf.set_text_color(*BRAND)
            pdf.cell(0, 10, _("Contents"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(*INK)
            pdf.ln(4)
            for section in outline:
                if section.level > 1:
                    continue
                link = pdf.add_link(page=section.page_number)
                indent = 7 * section.level
                pdf.set_font(FONT, "B" if section.level == 0 else "", 10.5 if section.level == 0 else 9.5)
                if section.level == 0:
                    pdf.ln(1.5)
                pdf.set_x(pdf.l_margin + indent)
                pdf.multi_cell(pdf.epw - indent - 14, 5.5, section.name, link=link, align="L",
                               new_x=XPos.RIGHT, new_y=YPos.LAST)
                pdf.cell(14, 5.5, str(section.page_number), align="R", link=link,
                         new_x=XPos.LMARGIN, new_y=YPos.NEXT)

        # The contents take their own page(s), after the title page; about 30 entries fit on a page.
        entries = 5 + len(self.report.entries) + sum(1 for day in self.report.days if day.sessions)
        self.pdf.add_page()
        self.pdf.insert_toc_placeholder(render_toc, pages=1 + entries // 30, allow_extra_pages=True)

    def about(self):
        event, pdf = self.event, self.pdf
        self.heading(_("About the event"), 0)  # on the page that follows the contents
        self.facts([
            (_("Event"), self.title),
            (_("Dates"), format_date_range(event.start_date, event.end_date)),
            (_("Venue"), str(localize(event.venue, event.default_language))),
            (_("Time zone"), event.timezone),
            (_("Languages"), ", ".join(language_name(lang) for lang in event.languages)),
        ])
        description = localize(event.description, event.default_language)
        if description:
            pdf.ln(3)
            self.html(render_markdown(description), str(description))

    def agenda(self):
        pdf, event = self.pdf, self.event
        pdf.add_page()
        self.heading(_("Agenda"), 0)
        if not self.report.days:
            self.text(_("The agenda has not been published yet."), color=MUTED)
            return
        tz = event.timezone
        event_days = event.days
        for day in self.report.days:
            if not day.sessions:
                continue
            label = format_date(day.day, "full")
            if day.day in event_days:
                label = _("Day %(num)d", num=event_days.index(day.day) + 1) + " · " + label
            self.heading(label, 1)
            for session in day.sessions:
                if pdf.get_y() > pdf.page_break_trigger - 14:
                    pdf.add_page()
                y = pdf.get_y()
                pdf.set_font(FONT, "B", 9.5)
                pdf.cell(26, 5.2, f"{format_time_in(session.starts_at, tz)}–{format_time_in(session.ends_at, tz)}")
                pdf.set_xy(pdf.l_margin + 26, y)
                title = str(localize(session.title, event.default_language))
                if session.is_cancelled:
                    title = f"{title} ({pgettext('session', 'Cancelled')})"
                pdf.set_font(FONT, "", 10)
                pdf.multi_cell(0, 5.2, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                details = [str(localize(session.room.name, event.default_language))] if session.room else []
                if session.people:
                    details.append(self.people_line(session))
                if details:
                    pdf.set_x(pdf.l_margin + 26)
                    pdf.set_font(FONT, "", 8.5)
                    pdf.set_text_color(*MUTED)
                    pdf.multi_cell(0, 4.5, " · ".join(details), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                    pdf.set_text_color(*INK)
                pdf.ln(1.8)

    def notes(self):
        pdf, event = self.pdf, self.event
        pdf.add_page()
        self.heading(_("Session notes"), 0)
        if not self.report.entries:
            self.text(_("No session notes have been published yet."), color=MUTED)
            return
        for entry in self.report.entries:
            session, note = entry.session, entry.note
            self.heading(str(localize(session.title, event.default_language)), 1)
            self.text(self.session_line(session), size=9, color=MUTED, height=5)
            if session.people:
                self.text(self.people_line(session), size=9, color=MUTED, height=5)
            pdf.ln(2)
            if note.is_fallback:
                self.notice(str(note.fallback_notice))
            self.html(note.html, note.body)
            pdf.ln(3)

    def conclusions(self):
        pdf = self.pdf
        pdf.add_page()
        self.heading(_("Conclusions and recommendations"), 0)
        note = self.report.conclusions
        if note is None:
            self.text(_("The conclusions have not been published yet."), color=MUTED)
            return
        if note.is_fallback:
            self.notice(str(note.fallback_notice))
        self.html(note.html, note.body)

    def materials(self):
        pdf = self.pdf
        pdf.ln(6)
        self.heading(_("Materials"), 0)
        if not self.report.materials:
            self.text(_("No materials are listed."), color=MUTED)
            return
        for item in self.report.materials:
            pdf.set_font(FONT, "", 10)
            line = str(_get(item, "title"))
            if _get(item, "session_title"):
                line += f" ({_get(item, 'session_title')})"
            url = str(_get(item, "url"))
            pdf.multi_cell(0, 5.5, f"\u2022 {line}", align="L", link=url if url.startswith("http") else "",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def build(self) -> bytes:
        self.title_page()
        self.contents()
        self.about()
        self.agenda()
        self.notes()
        self.conclusions()
        self.materials()
        return bytes(self.pdf.output())


def report_pdf(report) -> bytes:
    """The report as PDF bytes, in the current locale (labels, dates) and `report.language` (texts)."""
    return _Writer(report).build()
