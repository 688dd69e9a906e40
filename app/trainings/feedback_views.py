"""Feedback pages: organisers define surveys and read results; participants answer once and may edit."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice, SelectField
from wtforms.validators import DataRequired

from app.accounts.forms import ConfirmForm
from app.core.charts import bar_chart
from app.core.forms import refusal_onto
from app.core.http import content_disposition
from app.core.i18n import current_language
from app.events.permissions import event_required
from app.registration.services import registration_of
from app.trainings import feedback, services
from app.trainings.blueprint import bp
from app.trainings.forms import QuestionForm, SurveyForm, SurveySettingsForm, answer_form, answers_from, choices_hint
from app.trainings.models import QuestionKind


def _survey_or_404(event, survey_id: int):
    survey = feedback.survey_of(event, survey_id)
    if survey is None:
        abort(404)
    return survey


# --- organisers: surveys ------------------------------------------------------------------

def _render_surveys(event, form, status_code=200):
    surveys = feedback.surveys_of(event)
    return render_template("trainings/feedback_surveys.html", event=event, surveys=surveys, form=form,
                           counts=feedback.response_counts(event), questions=feedback.questions_by_survey(surveys),
                           title=lambda survey: feedback.survey_title(survey, event)), status_code


@bp.get("/manage/events/<slug>/feedback")
@event_required("event.manage")
def feedback_surveys(event):
    return _render_surveys(event, SurveyForm(feedback.feedback_sessions(event), event))


@bp.post("/manage/events/<slug>/feedback/new")
@event_required("event.manage")
def feedback_new(event):
    form = SurveyForm(feedback.feedback_sessions(event), event)
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            survey = feedback.create_survey(event, current_user, form.session_id, bool(form.anonymous.data))
        if not refused:
            flash(_("The survey has been created. Now add its questions."), "success")
            return redirect(url_for(".feedback_survey", slug=event.slug, survey_id=survey.id))
    return _render_surveys(event, form, 400)


def _render_survey(event, survey, settings_form, status_code=200):
    return render_template("trainings/feedback_survey.html", event=event, survey=survey,
                           title=feedback.survey_title(survey, event), questions=feedback.questions_of(survey),
                           settings_form=settings_form, action_form=ConfirmForm(),
                           answered=feedback.has_responses(survey)), status_code


@bp.route("/manage/events/<slug>/feedback/<id:survey_id>", methods=["GET", "POST"])
@event_required("event.manage")
def feedback_survey(event, survey_id: int):
    survey = _survey_or_404(event, survey_id)
    form = SurveySettingsForm(obj=survey)
    if request.method == "POST":
        if form.validate_on_submit():
            with refusal_onto(form) as refused:
                feedback.update_survey(survey, event, current_user, anonymous=bool(form.anonymous.data),
                                       is_open=bool(form.is_open.data))
            if refused:
                survey = _survey_or_404(event, survey_id)
            else:
                flash(_("The survey settings have been saved."), "success")
                return redirect(url_for(".feedback_survey", slug=event.slug, survey_id=survey.id))
        return _render_survey(event, survey, form, 400)
    return _render_survey(event, survey, form)


@bp.post("/manage/events/<slug>/feedback/<id:survey_id>/delete")
@event_required("event.manage")
def feedback_delete(event, survey_id: int):
    survey = _survey_or_404(event, survey_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    feedback.delete_survey(survey, event, current_user)
    flash(_("The survey and its answers have been deleted."), "success")
    return redirect(url_for(".feedback_surveys", slug=event.slug))


# --- organisers: questions ----------------------------------------------------------------

def _edit_question(event, survey, question):
    form = QuestionForm(event, obj=question, question=question)
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            feedback.save_question(survey, event, current_user, kind=form.kind_value, label=form.label.data,
                                   required=bool(form.required.data), choice_labels=form.parsed_choices,
                                   question=question)
        if not refused:
            flash(_("The question has been saved."), "success")
            return redirect(url_for(".feedback_survey", slug=event.slug, survey_id=survey.id))
    return render_template("trainings/question_form.html", event=event, survey=survey, question=question, form=form,
                           title=feedback.survey_title(survey, event),
                           choices_hint=choices_hint(event)), 400 if form.errors or form.form_errors else 200


@bp.route("/manage/events/<slug>/feedback/<id:survey_id>/questions/new", methods=["GET", "POST"])
@event_required("event.manage")
def question_new(event, survey_id: int):
    return _edit_question(event, _survey_or_404(event, survey_id), None)


def _question_or_404(survey, question_id: int):
    question = feedback.question_of(survey, question_id)
    if question is None:
        abort(404)
    return question


@bp.route("/manage/events/<slug>/feedback/<id:survey_id>/questions/<id:question_id>", methods=["GET", "POST"])
@event_required("event.manage")
def question_edit(event, survey_id: int, question_id: int):
    survey = _survey_or_404(event, survey_id)
    return _edit_question(event, survey, _question_or_404(survey, question_id))


@bp.post("/manage/events/<slug>/feedback/<id:survey_id>/questions/<id:question_id>/delete")
@event_required("event.manage")
def question_delete(event, survey_id: int, question_id: int):
    survey = _survey_or_404(event, survey_id)
    question = _question_or_404(survey, question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    feedback.delete_question(question, survey, event, current_user)
    flash(_("The question has been removed."), "success")
    return redirect(url_for(".feedback_survey", slug=event.slug, survey_id=survey.id))


class MoveForm(ConfirmForm):
    direction = SelectField(choices=[SelectChoice("up"), SelectChoice("down")], validators=[DataRequired()])


@bp.post("/manage/events/<slug>/feedback/<id:survey_id>/questions/<id:question_id>/move")
@event_required("event.manage")
def question_move(event, survey_id: int, question_id: int):
    survey = _survey_or_404(event, survey_id)
    question = _question_or_404(survey, question_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    feedback.move_question(question, survey, event, current_user, -1 if form.direction.data == "up" else 1)
    return redirect(url_for(".feedback_survey", slug=event.slug, survey_id=survey.id, _anchor=f"question-{question.id}"))


# --- organisers: results ------------------------------------------------------------------

@bp.get("/manage/events/<slug>/feedback/<id:survey_id>/results")
@event_required("event.manage")
def feedback_results(event, survey_id: int):
    survey = _survey_or_404(event, survey_id)
    questions = feedback.questions_of(survey)
    responses = feedback.responses_of(survey)
    results = feedback.results(survey, event, questions, responses)
    charts = {result.question.id: bar_chart(
        f"chart-{result.question.id}", result.label, result.bars, total=result.answered or None,
        label_header=_("Rating") if result.question.kind == QuestionKind.RATING else _("Answer"),
        value_header=_("Answers")) for result in results if result.bars}
    return render_template("trainings/feedback_results.html", event=event, survey=survey,
                           title=feedback.survey_title(survey, event), responses=len(responses),
                           results=results, charts=charts, participants=len(services.participants(event)))


@bp.get("/manage/events/<slug>/feedback/<id:survey_id>/results.csv")
@event_required("event.manage")
def feedback_results_csv(event, survey_id: int):
    survey = _survey_or_404(event, survey_id)
    text = feedback.csv_text(survey, event, feedback.questions_of(survey), feedback.responses_of(survey))
    filename = f"feedback-{event.slug}-{survey.id}.csv"
    return Response(text.encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": content_disposition(filename)})


# --- participants -------------------------------------------------------------------------

def _participant(event):
    """The signed-in user's registration when they are a confirmed participant, else None."""
    registration = registration_of(event, current_user)
    return registration if services.is_participant(registration, event) else None


@bp.get("/events/<slug>/feedback")
@event_required("event.view")
def my_feedback(event):
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if _participant(event) is None:
        return render_template("trainings/not_participant.html", event=event), 404
    surveys = feedback.surveys_of(event, open_only=True)
    questions = feedback.questions_by_survey(surveys)
    surveys = [s for s in surveys if questions[s.id]]
    return render_template("trainings/my_feedback.html", event=event, surveys=surveys,
                           answered=feedback.answered_survey_ids(surveys, current_user),
                           title=lambda survey: feedback.survey_title(survey, event))


@bp.route("/events/<slug>/feedback/<id:survey_id>", methods=["GET", "POST"])
@event_required("event.view")
def answer_survey(event, survey_id: int):
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    survey = _survey_or_404(event, survey_id)
    if _participant(event) is None:
        return render_template("trainings/not_participant.html", event=event), 404
    questions = feedback.questions_of(survey)
    if not questions:
        abort(404)
    response = feedback.response_of(survey, current_user)
    # Earlier answers fill the form on GET only: a radio left unticked in a POST means "no answer".
    earlier = response.answers if response is not None and request.method == "GET" else None
    form = answer_form(questions, event, current_language(), answers=earlier)
    status_code = 200
    if request.method == "POST":
        if not survey.is_open:
            flash(_("This survey is closed."), "error")
            return redirect(url_for(".my_feedback", slug=event.slug))
        if form.validate_on_submit():
            with refusal_onto(form) as refused:
                feedback.submit_response(survey, event, current_user, answers_from(form), is_participant=True)
            if isinstance(refused.error, feedback.AlreadyAnswered):
                # The same answers sent twice at once (a double click): the first ones were saved.
                return redirect(url_for(".my_feedback", slug=event.slug))
            if not refused:
                flash(_("Thank you! Your answers have been saved. You can change them while the survey is open.")
                      if response is None else _("Your answers have been updated."), "success")
                return redirect(url_for(".my_feedback", slug=event.slug))
        status_code = 400
    return render_template("trainings/answer_survey.html", event=event, survey=survey, form=form,
                           title=feedback.survey_title(survey, event), response=response), status_code
