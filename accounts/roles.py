"""Roles and what each can do: the capability table of the design (§3), as data.

Views and APIs ask ``membership.can(Capability.X)``; nothing else compares role names.
"""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Safeguarding lead"
    MANAGER = "manager", "Manager"
    AUTHORITY_ADMIN = "authority_admin", "Authority administrator"
    DPO = "dpo", "Data protection officer"


class Capability(StrEnum):
    SUBMIT_REFERRAL = "referrals.submit"
    SEE_ALL_REFERRALS = "referrals.see_all"
    DECIDE_REFERRAL = "referrals.decide"
    SEE_ALL_CASES = "cases.see_all"
    RECORD_CASEWORK = "cases.record"
    PROPOSE_CLOSURE = "cases.propose_closure"
    APPROVE_CLOSURE = "cases.approve_closure"
    AUTHORITY_DASHBOARD = "reports.authority_dashboard"
    OWN_DASHBOARD = "reports.own_dashboard"
    EXPORT_CASE_PDF = "exports.case_pdf"
    SUBJECT_ACCESS = "exports.subject_access"
    EDIT_CONSENSUS = "consensus.edit"
    PROPOSE_CONSENSUS = "consensus.propose"
    SIGN_OFF_STRATEGIC = "consensus.sign_off_strategic"
    SIGN_OFF_FRONTLINE = "consensus.sign_off_frontline"
    MANAGE_USERS = "accounts.manage_users"
    READ_AUDIT = "audit.read"
    READ_AUDIT_ALL = "audit.read_all"
    EXPORT_AUDIT = "audit.export"


_P, _L, _M, _A, _D = Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.MANAGER, Role.AUTHORITY_ADMIN, Role.DPO
C = Capability

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    _P: frozenset({C.SUBMIT_REFERRAL, C.RECORD_CASEWORK, C.PROPOSE_CLOSURE, C.OWN_DASHBOARD}),
    _L: frozenset({
        C.SUBMIT_REFERRAL, C.SEE_ALL_REFERRALS, C.DECIDE_REFERRAL, C.SEE_ALL_CASES, C.RECORD_CASEWORK,
        C.PROPOSE_CLOSURE, C.APPROVE_CLOSURE, C.AUTHORITY_DASHBOARD, C.EXPORT_CASE_PDF, C.PROPOSE_CONSENSUS,
        C.SIGN_OFF_FRONTLINE, C.READ_AUDIT,
    }),
    _M: frozenset({
        C.SUBMIT_REFERRAL, C.SEE_ALL_REFERRALS, C.DECIDE_REFERRAL, C.SEE_ALL_CASES, C.RECORD_CASEWORK,
        C.PROPOSE_CLOSURE, C.APPROVE_CLOSURE, C.AUTHORITY_DASHBOARD, C.EXPORT_CASE_PDF, C.SIGN_OFF_STRATEGIC,
        C.READ_AUDIT, C.READ_AUDIT_ALL, C.EXPORT_AUDIT,
    }),
    _A: frozenset({C.EDIT_CONSENSUS, C.MANAGE_USERS}),
    _D: frozenset({C.SUBJECT_ACCESS, C.READ_AUDIT, C.READ_AUDIT_ALL, C.EXPORT_AUDIT}),
}

# What the home page tells each role it is there to do, in the words a council's staff would use.
ROLE_SUMMARIES: dict[str, list[str]] = {
    _P: [
        "Make a referral when you are worried someone is being drawn into extremism.",
        "Follow the referrals you made and work on the cases assigned to you.",
        "Propose closing a case when the work is done; a safeguarding lead approves it.",
    ],
    _L: [
        "Screen new referrals and decide the response from your authority's agreed pathways.",
        "See every referral and case in your authority and approve case closures.",
        "Propose changes to the agreement and give the frontline sign-off.",
        "Read the audit trail for the records you are responsible for.",
    ],
    _M: [
        "Screen and decide referrals, and approve case closures.",
        "Export case summaries as PDF for panels, courts and transfers.",
        "Give the strategic sign-off on your authority's agreement.",
        "Read and export your authority's audit trail.",
    ],
    _A: [
        "Edit drafts of your authority's agreement: definitions, responsibilities and response pathways.",
        "Add people, give them a role and a team, and remove access when they leave.",
        "You do not see referral or case records: that keeps administration separate from casework.",
    ],
    _D: [
        "Read, verify and export your authority's audit trail.",
        "Prepare subject access packs for review before release.",
    ],
}


def role_can(role: str, capability: Capability | str) -> bool:
    return Capability(capability) in ROLE_CAPABILITIES.get(role, frozenset())
