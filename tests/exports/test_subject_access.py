"""Subject access packs: a DPO finds the person's records and gets everything held about them, for review."""

import subprocess

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from core.exceptions import PermissionDenied
from core.tenancy import authority_scope
from exports import storage
from exports.models import ExportJob, ExportKind, ExportStatus
from exports.services import export_request
from referrals.models import Subject
from tests.cases.casework import add_intervention, assess, assign, start_support
from tests.referrals.conftest import submitted

pytestmark = pytest.mark.django_db


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def worked_case(case, lead, practitioner):
    assign(case, practitioner, lead)
    assess(case, practitioner)
    start_support(case, lead)
    add_intervention(case, practitioner, provider="Example Mentoring Ltd (fictional)")
    return case


def test_a_dpo_searches_chooses_and_gets_everything_held(worked_case, practitioner, dpo, client_for,
                                                         django_capture_on_commit_callbacks, audit_rows):
    other_record = submitted(practitioner, first_name="Alex", last_name=worked_case.subject.last_name,
                             concern="A second, fictional concern about the same young person.")
    client = client_for(dpo)
    query = f"?last_name={worked_case.subject.last_name}"
    page = client.get(reverse("exports:subject_access") + query)
    assert page.status_code == 200 and "2 records found" in page.text
    assert worked_case.reference in page.text and other_record.reference in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:subject_access") + query,
                               {"subject_ids": [worked_case.subject_id, other_record.subject_id]})
    with scopes_disabled():
        job = ExportJob.objects.get()
    assert response.status_code == 302 and job.status == ExportStatus.DONE
    assert job.params == {"subject_ids": sorted([worked_case.subject_id, other_record.subject_id])}
    text = _text(storage.final_path(job))
    for expected in ("Subject access pack", "Not for release as it stands", worked_case.reference,
                     other_record.reference, "A second, fictional concern", "Example Mentoring Ltd (fictional)",
                     "Engaging with the mentor."):
        assert expected in text, expected
    assert text.count("OFFICIAL-SENSITIVE") >= 2
    assert job.file_name.startswith("threshold-subject-access-pack-")
    assert worked_case.subject.last_name not in job.file_name
    assert ("exports.subject.searched", "dee.dpo") in audit_rows()


def test_a_search_with_nothing_to_search_for_is_an_error(dpo, client_for):
    response = client_for(dpo).get(reverse("exports:subject_access") + "?first_name=Sam")
    assert response.status_code == 400 and "Enter a reference, or the person&#x27;s last name" in response.text


def test_choosing_a_record_not_in_the_results_is_refused(worked_case, practitioner, dpo, client_for):
    stranger = submitted(practitioner, first_name="Jo", last_name="Unrelated")
    response = client_for(dpo).post(reverse("exports:subject_access") + f"?reference={worked_case.reference}",
                                    {"subject_ids": [stranger.subject_id]})
    assert response.status_code == 400
    with scopes_disabled():
        assert not ExportJob.objects.exists()


@pytest.mark.parametrize("persona", ["practitioner", "lead", "manager", "admin_member"])
def test_only_the_dpo_may_prepare_packs(worked_case, persona, request, client_for):
    membership = request.getfixturevalue(persona)
    assert client_for(membership).get(reverse("exports:subject_access")).status_code == 403
    with authority_scope(membership.authority_id), pytest.raises(PermissionDenied):
        export_request(kind=ExportKind.SUBJECT_ACCESS, actor_membership=membership,
                       target_id=worked_case.subject_id)


def test_another_authoritys_person_is_not_found(worked_case, away):
    from accounts.roles import Role
    from tests.referrals.conftest import make_member

    their_dpo = make_member(away, Role.DPO, "dora.awaydpo")
    with authority_scope(away.pk), pytest.raises(Subject.DoesNotExist):
        export_request(kind=ExportKind.SUBJECT_ACCESS, actor_membership=their_dpo,
                       target_id=worked_case.subject_id)
