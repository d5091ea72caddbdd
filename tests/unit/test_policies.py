"""The rules as pure functions, without a database: the need's status machine, who acts for whom,
references, deadline edges, onboarding decisions."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import Refusal
from bot.features.needs import policy as needs
from bot.features.onboarding import policy as onboarding
from bot.features.reports import policy as reports
from bot.i18n import _
from bot.policy import Role, acts_for, require_secretariat, require_state_party_role, require_verified, state_party_role

UG_FOCAL = Role(1, 10, "UG", "state_party", "focal_point", "approved")
UG_PROVIDER = Role(2, 10, "UG", "state_party", "provider", "approved")
UG_PENDING = Role(3, 10, "UG", "state_party", "delegate", "pending")
AU_DELEGATE = Role(4, 20, "AUC", "igo", "delegate", "approved")
KE_DECLINED = Role(5, 30, "KE", "state_party", "focal_point", "declined")

# Every (step, from-status) pair the Secretariat may take, and where it leads; all others are refused.
ALLOWED = {
    (needs.REVIEW, needs.SUBMITTED): needs.UNDER_REVIEW, (needs.REVIEW, needs.ON_HOLD): needs.UNDER_REVIEW,
    (needs.SHARE, needs.SUBMITTED): needs.SHARED, (needs.SHARE, needs.UNDER_REVIEW): needs.SHARED,
    (needs.SHARE, needs.ON_HOLD): needs.SHARED,
    (needs.HOLD, needs.SUBMITTED): needs.ON_HOLD, (needs.HOLD, needs.UNDER_REVIEW): needs.ON_HOLD,
    (needs.HOLD, needs.SHARED): needs.ON_HOLD,
    (needs.MARK_MATCHED, needs.SHARED): needs.MATCHED,
    (needs.UNDER_WAY, needs.MATCHED): needs.IN_PROGRESS,
    **{(needs.CLOSE, s): needs.CLOSED for s in (needs.SUBMITTED, needs.UNDER_REVIEW, needs.ON_HOLD, needs.SHARED,
                                                 needs.MATCHED, needs.IN_PROGRESS)},
}


@pytest.mark.parametrize("step", list(needs.SECRETARIAT_MOVES))
@pytest.mark.parametrize("status", needs.STATUSES)
def test_every_secretariat_step_from_every_status(step, status):
    outcome = needs.secretariat_step(step, status, consent=True)
    assert outcome == ALLOWED.get((step, status), needs.Refused("not_now"))


@pytest.mark.parametrize("status", [needs.SUBMITTED, needs.UNDER_REVIEW, needs.ON_HOLD])
def test_sharing_needs_the_states_consent(status):
    assert needs.secretariat_step(needs.SHARE, status, consent=False) == needs.Refused("no_consent")
    assert needs.secretariat_step(needs.CLOSE, status, consent=False) == needs.CLOSED


def test_buttons_follow_the_table_and_final_statuses_offer_none():
    assert needs.steps_open(needs.SUBMITTED) == [needs.REVIEW, needs.SHARE, needs.HOLD, needs.CLOSE]
    assert needs.steps_open(needs.SHARED) == [needs.HOLD, needs.MARK_MATCHED, needs.CLOSE]
    assert needs.steps_open(needs.CLOSED) == [] and needs.steps_open(needs.WITHDRAWN) == []
    assert [s for s in needs.STATUSES if not needs.changeable(s)] == [needs.CLOSED, needs.WITHDRAWN, needs.ERASED]
    assert needs.steps_open(needs.ERASED) == []


@pytest.mark.parametrize("status,after", [(needs.SHARED, needs.UNDER_REVIEW), (needs.MATCHED, needs.UNDER_REVIEW),
                                          (needs.SUBMITTED, needs.SUBMITTED), (needs.ON_HOLD, needs.ON_HOLD),
                                          (needs.IN_PROGRESS, needs.IN_PROGRESS)])
def test_an_edit_sends_what_providers_saw_back_to_review(status, after):
    assert needs.after_edit(status) == after


def test_only_focal_points_and_delegates_act_for_their_state():
    assert acts_for([UG_FOCAL], 10) and not acts_for([UG_FOCAL], 30)
    assert not acts_for([UG_PROVIDER], 10), "an assistance provider does not act for its State"
    assert not acts_for([UG_PENDING], 10) and not acts_for([KE_DECLINED], 30)
    assert state_party_role([AU_DELEGATE, UG_PROVIDER, UG_FOCAL]) == UG_FOCAL
    assert state_party_role([AU_DELEGATE, UG_PROVIDER]) is None


def test_refusals_say_why_someone_cannot_act():
    with pytest.raises(Refusal) as nobody:
        require_state_party_role([])
    assert nobody.value.message.id == "You do not represent any delegation yet. Type /asp join to register."
    with pytest.raises(Refusal) as waiting:
        require_verified([UG_PENDING], "delegate")
    assert waiting.value.message.id.startswith("The Secretariat has not yet confirmed whom you represent.")
    with pytest.raises(Refusal) as organisation:
        require_state_party_role([AU_DELEGATE])
    assert organisation.value.message.id.startswith("Needs for assistance are registered by the focal points")
    assert require_state_party_role([AU_DELEGATE, UG_FOCAL]) == UG_FOCAL
    with pytest.raises(Refusal) as not_secretariat:
        require_secretariat(False, _("Only the Secretariat can review needs."))
    assert not_secretariat.value.message.id == "Only the Secretariat can review needs."
    require_secretariat(True, _("Only the Secretariat can review needs."))


def test_references_count_per_year_of_submission_on_the_assemblys_clock():
    new_year_in_the_hague = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January 2025 there
    assert needs.reference_prefix(new_year_in_the_hague, "Europe/Amsterdam") == "CP-2025"
    assert needs.reference_prefix(new_year_in_the_hague, "America/New_York") == "CP-2024"
    assert needs.reference("CP-2025", 7) == "CP-2025-0007"
    assert needs.reference("CP-2025", 12345) == "CP-2025-12345"
    assert reports.reference(reports.reference_prefix(new_year_in_the_hague, "Europe/Amsterdam"), 3) == "POA-2025-0003"


def test_a_call_takes_needs_up_to_the_last_second_of_its_final_deadline():
    opens = datetime(2024, 4, 22, tzinfo=UTC)
    final = datetime(2024, 10, 1, 21, 59, 59, tzinfo=UTC)  # 1 October 2024 23:59:59 in The Hague
    assert needs.call_open(opens, final, final) and needs.call_open(opens, final, opens)
    assert not needs.call_open(opens, final, final + timedelta(seconds=1))
    assert not needs.call_open(opens, final, opens - timedelta(seconds=1))
    preliminary = datetime(2024, 6, 10, 21, 59, 59, tzinfo=UTC)
    assert needs.before_preliminary(preliminary, preliminary)
    assert not needs.before_preliminary(preliminary, preliminary + timedelta(seconds=1))
    assert not needs.before_preliminary(None, opens)


def test_a_request_is_decided_once_and_asking_twice_is_recognised():
    assert onboarding.decided("pending", True) == "approved"
    assert onboarding.decided("pending", False) == "declined"
    assert onboarding.decided("approved", False) is None and onboarding.decided("declined", True) is None
    assert onboarding.same_request([UG_PENDING], "UG", "delegate") == UG_PENDING
    assert onboarding.same_request([UG_FOCAL], "UG", "focal_point") == UG_FOCAL
    assert onboarding.same_request([KE_DECLINED], "KE", "focal_point") is None, "a declined person may ask again"
    assert onboarding.same_request([UG_FOCAL], "UG", "delegate") is None


# Who may do what with a need of Uganda (delegation 10), written out by hand: every action × role × own/other.
UG_DELEGATE = Role(6, 10, "UG", "state_party", "delegate", "approved")
KE_FOCAL = Role(7, 30, "KE", "state_party", "focal_point", "approved")
KE_PROVIDER = Role(8, 30, "KE", "state_party", "provider", "approved")
STATE_STEPS = {"view", "edit", "withdraw", "answer", "hear"}
SECRETARIAT_STEPS = {"view", "versions", "ask", "decide", "list"}
PEOPLE = {
    "focal point of Uganda": ([UG_FOCAL], False, STATE_STEPS),
    "delegate of Uganda": ([UG_DELEGATE], False, STATE_STEPS),
    "assistance provider of Uganda": ([UG_PROVIDER], False, set()),
    "focal point of Uganda not yet verified": ([Role(9, 10, "UG", "state_party", "focal_point", "pending")], False,
                                               set()),
    "focal point of Kenya": ([KE_FOCAL], False, set()),
    "assistance provider of Kenya": ([KE_PROVIDER], False, set()),
    "delegate of the African Union": ([AU_DELEGATE], False, set()),
    "nobody verified": ([], False, set()),
    "Secretariat": ([], True, SECRETARIAT_STEPS),
    "Secretariat member who is also Uganda's provider": ([UG_PROVIDER], True, SECRETARIAT_STEPS),
    "focal point of Uganda who is also in the Secretariat": ([UG_FOCAL], True, STATE_STEPS | SECRETARIAT_STEPS),
}


@pytest.mark.parametrize("action", sorted(needs.WHO_MAY))
@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_who_may_do_what_with_a_need(action, person):
    roles, secretariat, allowed = PEOPLE[person]
    assert needs.may(action, roles, secretariat, 10) is (action in allowed), (person, action)


def test_the_table_names_every_action_and_only_members_who_act_for_the_state_hear_of_it():
    assert set(needs.WHO_MAY) == STATE_STEPS | SECRETARIAT_STEPS
    assert [role for role in ("focal_point", "delegate", "provider") if needs.hears(role)] == ["focal_point",
                                                                                              "delegate"]
