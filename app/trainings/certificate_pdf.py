"""The certificate of attendance as a PDF (fpdf2), in the certificate's language.

Text is set in DejaVu Sans (static/fonts/), which has every Cyrillic and
Kazakh letter (ә ғ қ ң ө ұ ү һ і); fpdf2 embeds a subset with a ToUnicode map,
so the text can also be searched and copied. The QR code (segno) links to the
public verification page.
"""
from __future__ import annotations

import io
from pathlib import Path
from zoneinfo import ZoneInfo

import segno
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF

from app.core.i18n import format_date, format_date_range, localize
from app.trainings.services import display_code, format_hours

BRAND = (31, 90, 166)
INK = (29, 36, 51)
MUTED = (83, 93, 110)


def _fonts_dir() -> Path:
    return Path(current_app.static_folder) / "fonts"


class _CertificatePDF(FPDF):
    def __init__(self):
        super().__init__(orientation="L", unit="mm", format="A4")
        fonts = _fonts_dir()
        self.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_margins(24, 20, 24)
        self.set_auto_page_break(True, margin=18)

    def frame(self) -> None:
        self.set_draw_color(*BRAND)
        self.set_line_width(1.2)
        self.rect(8, 8, self.w - 16, self.h - 16)
        self.set_line_width(0.3)
        self.rect(11, 11, self.w - 22, self.h - 22)

    def centred(self, text: str, size: float, style: str = "", colour=INK, height: float | None = None) -> None:
        self.set_font("DejaVu", style, size)
        self.set_text_color(*colour)
        self.multi_cell(0, height or size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, width: float, height: float, text: str, align: str = "L") -> None:
        """Text set ragged (fpdf2 justifies multi_cell by default, which opens wide gaps in short lines)."""
        x = self.get_x()
        self.multi_cell(width, height, text, align=align, new_x="LEFT", new_y="NEXT")
        self.set_x(x)

    def signature(self, x: float, y: float, width: float, name: str, title: str) -> None:
        """A line to sign on, the signatory's name under it and their title under that."""
        self.set_draw_color(*INK)
        self.set_line_width(0.3)
        self.line(x, y, x + width, y)
        self.set_xy(x, y + 1.5)
        self.set_font("DejaVu", "B", 10.5)
        self.set_text_color(*INK)
        self.paragraph(width, 5.5, name, align="C")
        if title:
            self.set_font("DejaVu", "", 9)
            self.set_text_color(*MUTED)
            self.paragraph(width, 4.5, title, align="C")


def certificate_pdf(certificate, event, modules: list, verify_url: str, signatory: tuple[str, dict] = ("", {})) -> bytes:
    """The PDF bytes of `certificate`; `modules` are the sessions it names (title, starts_at); `signatory`
    (name, {language: title}) who signs it: a signature line when the name is given."""
    lang = certificate.language
    tz = ZoneInfo(event.timezone)
    with force_locale(lang):
        title = str(localize(event.title, event.default_language, lang=lang))
        venue = str(localize(event.venue, event.default_language, lang=lang))
        pdf = _CertificatePDF()
        pdf.set_lang(lang)
        pdf.set_title(_("Certificate of attendance") + " — " + certificate.holder_name)
        pdf.set_author("Convene")
        pdf.set_creator("Convene")
        pdf.add_page()
        pdf.frame()

        pdf.set_y(22)
        pdf.centred(_("Certificate of attendance").upper(), 26, "B", BRAND, height=13)
        pdf.ln(3)
        pdf.centred(_("This is to certify that"), 12, colour=MUTED, height=7)
        pdf.ln(1)
        pdf.centred(certificate.holder_name, 24, "B", height=12)
        pdf.ln(1)
        pdf.centred(_("attended the training"), 12, colour=MUTED, height=7)
        pdf.ln(1)
        pdf.centred(title, 16, "B", height=8)
        place = format_date_range(event.start_date, event.end_date) + (f" · {venue}" if venue else "")
        pdf.centred(place, 11, colour=MUTED, height=6)
        pdf.ln(3)
        pdf.centred(_("Hours of training attended: %(hours)s", hours=format_hours(certificate.hours, lang)),
                    12, "B", height=7)

        if modules:
            pdf.ln(3)
            pdf.set_font("DejaVu", "B", 10.5)
            pdf.set_text_color(*INK)
            pdf.cell(0, 6, _("Modules attended:"), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 9.5)
            for module in modules:
                when = format_date(module.starts_at.astimezone(tz).date(), "compact")
                name = str(localize(module.title, event.default_language, lang=lang))
                pdf.paragraph(0, 5, f"•  {name} — {when}")

        # Footer: issue date, verification code, the signature and the QR code of the verification page.
        qr_size = 30
        signatory_name, signatory_titles = signatory
        signatory_title = str(localize(signatory_titles, event.default_language, lang=lang)) if signatory_name else ""
        footer_top = max(pdf.get_y() + (12 if signatory_name else 4), pdf.h - 20 - qr_size)
        if footer_top + qr_size > pdf.h - 12:
            pdf.add_page()
            pdf.frame()
            footer_top = pdf.h - 20 - qr_size
        png = io.BytesIO()
        segno.make(verify_url, error="m").save(png, kind="png", scale=8, border=1)
        png.seek(0)
        pdf.image(png, x=pdf.w - pdf.r_margin - qr_size, y=footer_top, w=qr_size, h=qr_size)
        room = pdf.w - pdf.l_margin - pdf.r_margin - qr_size - 6
        signature_width = 78 if signatory_name else 0
        text_width = room - signature_width - (10 if signatory_name else 0)
        if signatory_name:
            pdf.signature(pdf.l_margin + text_width + 10, footer_top + 12, signature_width,
                          signatory_name, signatory_title)
        pdf.set_xy(pdf.l_margin, footer_top + 2)
        pdf.set_font("DejaVu", "", 10)
        pdf.set_text_color(*INK)
        issued = format_date(certificate.issued_at.astimezone(tz).date(), "date")
        pdf.paragraph(text_width, 5.5, _("Issued on %(date)s", date=issued))
        pdf.set_font("DejaVu", "B", 11)
        pdf.paragraph(text_width, 6, _("Verification code: %(code)s", code=display_code(certificate.code)))
        pdf.set_font("DejaVu", "", 9)
        pdf.set_text_color(*MUTED)
        pdf.paragraph(text_width, 5, _("Check that this certificate is valid: scan the QR code or open %(url)s",
                                       url=verify_url))
    return bytes(pdf.output())
