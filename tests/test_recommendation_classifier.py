"""The recommendation classifier and the owner finder, on sentences written for these tests.

The sentences are in the voice of peer challenge reports but are not taken from them (bar the
issue 14 examples at the end), so they check the linguistic rules rather than the five seeds.
"""

from __future__ import annotations

import pytest

from importers.acting_owners import owners_asked_to_act
from importers.recommendation_classifier import SentenceInput, classify_sentence
from importers.recommendations import recommendations_in, summary_recommendation

# Prescribes without hedging: should, needs to, is needed, would benefit from, the team suggests…
FIRM = [
    "The council should set out a clear timetable for refreshing its carers strategy.",
    "Senior leaders need to make sure that the transformation plan is understood by frontline teams.",
    "There is a need for a single, shared picture of who is waiting for an assessment and for how long.",
    "A refreshed market position statement is needed, with clearer messages to providers about future demand.",
    "The peer team recommends that the council reviews its approach to annual reviews.",
    "We would recommend a review of how transitions cases are allocated at 17.",
    "The directorate would benefit from a clearer performance framework that links team targets to outcomes.",
    "It is essential that the self-assessment is updated before CQC issues its information return.",
    "It will be important to evidence the impact of the reablement offer on long-term admissions.",
    "Making the voice of people with lived experience visible in governance will be key.",
    "The team suggests that the council maps its prevention offer against local need.",
    "More work is required to embed Making Safeguarding Personal in the locality teams.",
    "There is more to do to make the front door easy to navigate for carers.",
    "The Safeguarding Adults Board will need to assure itself that learning from reviews is embedded in practice.",
    "Commissioners must ensure that contract monitoring captures the experience of people using services.",
    "Consideration should be given to a joint workforce plan with the NHS.",
    "Establish a clear route for staff to escalate concerns about unallocated cases.",
    "Peers would suggest the service revisits its threshold guidance with partners.",
    "Improving the timeliness of financial assessments is vital if the new charging policy is to work.",
    "The Principal Social Worker needs a clearer mandate and more visibility across the teams.",
    "Going forward, the council must prioritise reducing the backlog of annual reviews.",
    "Leaders should consider whether the current structure gives enough capacity to the safeguarding hub.",
    "A clear plan for managing the waiting list is required, with named leads and timescales.",
    "The peer team would urge the council to act quickly on the findings of the case file audit.",
    "The council needs to be able to show how feedback from people with lived experience has changed services.",
    "There is a pressing need to refresh the joint commissioning arrangements with the ICB.",
    "It is vital that the council understands the reasons behind the high rate of residential admissions.",
    "Strengthening the link between the quality assurance framework and supervision will be crucial.",
    "Further work is needed to understand why so few people take up a direct payment.",
    "The team recommended that the council set up a provider forum for home care agencies.",
    "Partners would benefit from a shared understanding of the thresholds for safeguarding enquiries.",
    "Scrutiny should play a more active role in holding the service to account.",
    "The self-assessment needs to say more about how the council knows that its prevention offer works.",
    "Review the use of agency staff in the hospital discharge team.",
    "We suggest that the service develops a clear offer for young carers moving into adulthood.",
    "The new operating model will need to be tested with staff before it is rolled out.",
    "It will be essential to keep elected members informed as the savings programme progresses.",
    "Greater visibility of the Principal Occupational Therapist in practice forums is needed.",
    "The council ought to evaluate the impact of the new front door model within six months.",
    "More needs to be done to make information accessible for people whose first language is not English.",
    "Developing a single workforce strategy across health and social care should be a priority for the partnership.",
    "There is still work to be done to make sure that carers' assessments lead to support.",
    "Staff need clearer guidance on when to escalate concerns about self-neglect.",
    "The council should make sure that carers know how to get a break in an emergency.",
    "The council should agree a small number of measurable outcomes for its prevention strategy.",
    "Waiting times for carers' assessments need to come down, and the council should publish them.",
    "A stronger grip on spending across the learning disability budget is needed.",
    "There is a need to bring the safeguarding and quality teams closer together.",
    "The peer team would advise the council to test its self-assessment with people who use services.",
    "Ensuring that transitions are planned from age 14 will be important for young people and their families.",
    "The council would benefit from asking providers what would help them recruit and retain staff.",
    "The Lead Member should receive regular briefings on waiting lists and risk.",
    "It is critical that the new case management system is configured with practitioners from the start.",
    "Co-production needs to move from consultation to shared decision-making.",
    "More needs to be done to reach carers from Black and minority ethnic communities.",
    "There remains work to do on the reliability of performance data.",
    "Develop a shared narrative about what good looks like for adult social care.",
    "The service must ensure that every person on the waiting list has been risk-assessed.",
    "Scrutiny members will need training on the new assurance framework.",
]

# A hedged suggestion: could, might, may, there is an opportunity, it would be helpful…
HEDGED = [
    "The council could do more to involve people with lived experience in commissioning decisions.",
    "It might be helpful to bring the various improvement plans together into one programme.",
    "There may be an opportunity to use the new locality hubs to bring services closer to communities.",
    "Closer joint working with housing colleagues could help to speed up discharges for people with complex needs.",
    "You may wish to consider how the performance dashboard is shared with team managers.",
    "Consideration could be given to a small number of priority outcomes for the next year.",
    "The case file audit tool could be strengthened to include the voice of the person.",
    "The council might want to look at how other authorities have grown their Shared Lives schemes.",
    "A clearer narrative about the council's ambitions would help staff see how their work fits.",
    "The offer to carers could be more visible on the council's website.",
    "There is scope to make more use of technology enabled care in the community.",
    "Finding ways to share good practice between the locality teams could reduce variation.",
    "It would be good to see more examples of co-produced service design in the evidence library.",
    "The Health and Wellbeing Board may be a useful forum for agreeing shared prevention priorities.",
    "Data from the new case management system could be better used to understand demand.",
    "The council may want to think about how it celebrates and shares its successes.",
    "There could be scope to extend the trusted assessor model to more care homes.",
    "It may be worth considering a single point of contact for people who use direct payments.",
    "A more consistent approach to recording outcomes might help managers to spot gaps.",
    "Commissioners could look at how other councils have developed their extra care offer.",
    "The carers strategy could be more ambitious about respite.",
    "Perhaps the council could make more use of its libraries as a place to offer advice.",
    "It would be helpful to clarify which board has oversight of the transitions pathway.",
    "Better use of the community asset map could support staff to find local alternatives to formal care.",
    "The council might consider inviting people with lived experience to co-chair the improvement board.",
    "There may be value in a short review of how complaints are used to improve practice.",
    "Consideration might be given to bringing the quality and contracts teams together.",
    "Training for newly qualified social workers could include more on mental capacity.",
    "There appears to be an opportunity to align the prevention strategy with the work of the primary care networks.",
    "The SAB may wish to review the membership of its subgroups.",
    "Sharing the performance dashboard more widely might encourage ownership at team level.",
    "It might be worth looking again at how the council promotes direct payments.",
    "Better links between the hospital team and the locality teams could reduce repeat referrals.",
    "Peers felt that a single front door for health and social care could reduce duplication.",
    "There may be merit in piloting a trusted assessor role in the reablement service.",
    "The council could usefully revisit its charging policy in light of the feedback from carers.",
    "It would be worth exploring whether the brokerage team could take on more of the sourcing.",
    "Clearer escalation routes might help staff manage risk while people wait.",
    "There is potential to grow the Shared Lives scheme further.",
    "Perhaps there is scope for the two boards to meet jointly once a year.",
    "Carers might benefit from a named contact in each locality team.",
    "An annual conversation with each provider about quality could strengthen relationships.",
]

# Descriptions, praise, predictions, others' words, the council's own awareness or plans.
NOT_RECOMMENDATIONS = [
    "The council should be proud of the culture it has built in its front door team.",
    "This approach should be celebrated and shared with other councils in the region.",
    "The new reablement service will help more people to return home after a hospital stay.",
    "Closer working with the voluntary sector should enhance the offer further.",
    "The new rota may reduce the number of handovers at weekends.",
    "Staff told us that they need more time for reflective supervision.",
    "Carers said they would like more information about respite before a crisis.",
    "Providers reported that payments could be made more promptly.",
    "The council is aware that it needs to reduce the number of people waiting for an assessment.",
    "The directorate recognises that its commissioning strategy needs to be refreshed.",
    "The council plans to publish a new market position statement in the spring.",
    "There is a strong, visible leadership team which staff describe as approachable.",
    "The team heard that some partners find it difficult to reach the right social worker.",
    "Waiting lists for occupational therapy have fallen by a third over the last year.",
    "It was noted that the limitations of a three-day visit should be borne in mind.",
    "The findings in this report should be read alongside the presentation given on the final day.",
    "Some people may not be aware of the support available to them as carers.",
    "This could lead to delays for people who need urgent support.",
    "There was a concern that the hub might become a bottleneck if demand continues to rise.",
    "The peer team wondered whether the focus on hospital discharge might be crowding out prevention.",
    "It is acknowledged that more work is needed on transitions.",
    "The council has a clear vision which is widely shared by staff and partners.",
    "The panel process, which must be followed for every package over the threshold, was described as slow.",
    "Some social workers felt that the new triage process could be improved.",
    "Members of the Carers Partnership Board said that carers need a stronger voice in planning.",
    "The council could not show us how it monitors the quality of out-of-area placements.",
    "People might wait several months for an occupational therapy assessment.",
    "The service has worked hard to reduce the number of people waiting and should be congratulated on this.",
    "This work should be commended.",
    "The new triage model should help to reduce the time people wait for a first contact.",
    "The digital offer will make it easier for people to find information.",
    "Staff said the council should invest more in training.",
    "Carers told the team they need more flexible respite.",
    "Partners felt that the council could communicate its priorities more clearly.",
    "The council knows that it must strengthen its oversight of delegated functions.",
    "The directorate is planning to introduce a new quality framework next year.",
    "The council intends to recruit a second Principal Social Worker.",
    "It is recognised by the leadership team that the market needs to be reshaped.",
    "The peer team heard that the council should have involved providers earlier.",
    "Some managers suggested that the panel process could be simplified.",
    "It was clear that staff are committed to person-centred practice.",
    "There is a risk that the savings programme could affect morale.",
    "The teams who need to use the system every day described it as slow.",
    "This may be because demand has risen sharply since the pandemic.",
    "The self-assessment could have been read as overly positive by some partners.",
    "The peer team wondered whether the council had the capacity it needs.",
    "Without more capacity, waiting times may rise further.",
    "The approach taken with providers during the pandemic was innovative and should be recognised.",
    "Every contract that must be re-tendered this year is listed in the commissioning plan.",
    "Direct payments are used by a higher proportion of people than the national average.",
    "The voluntary sector offers opportunities for people to volunteer and to connect with others.",
    "There are good opportunities for staff to progress, including a well-used apprenticeship route.",
    "There are opportunities for people to give feedback after every review.",
    "Staff were clear about how they should escalate a safeguarding concern out of hours.",
    "Some residents need more support than a single visit can give.",
    "The council will need an additional 120 extra care flats by 2030, according to its own forecasts.",
    "The Safeguarding Adults Review recommended that agencies share information earlier.",
    "Being seen by the same worker is important to people who use the service.",
    "Providers must register with CQC before they can deliver personal care.",
    "Carers who need a break can book respite through the carers centre.",
    "The strategy says that people should be supported to live at home for as long as possible.",
    "The team could see that staff are proud of their work.",
    "People told us they could get through to the right person quickly.",
    "It was clear that the new service could respond quickly in a crisis.",
    "This should put the council in a strong position for its CQC assessment.",
    "Partners described the council as a group that would always help when asked.",
    "The DASS has a clear sense of what needs to happen next.",
    "The team saw examples of people being supported to do what matters to them.",
    "Where people need more help, they are referred on to the specialist teams.",
    "Social workers know what is expected of them and when support is needed.",
    "The council has recently appointed a new head of commissioning.",
    "Staff told peers they would welcome more opportunities to work from the hubs.",
    "The DASS knows that the service needs to improve its recording.",
    "Partners believe the council should take a stronger lead on housing.",
    "Some of the people we spoke to said the online form could be simpler.",
    "The council's transformation plan sets out how it will reduce residential admissions.",
    "This may reflect the higher proportion of older people in the county.",
    "Further pressure on budgets could affect the voluntary sector's ability to deliver.",
    "The peer team was impressed by the commitment of frontline staff.",
    "There is a good range of support for carers, including a carers' card and breaks.",
    "Performance has improved steadily and should continue to do so as the new model beds in.",
    "The new structure should be fully in place by April.",
    "It was good to see how much staff valued the supervision they receive.",
    "The work with the police on hoarding is a model that other councils could learn from.",
    "Where concerns are raised, the quality team responds quickly and proportionately.",
    "It is recognised that demand for mental health support has grown.",
]


@pytest.mark.parametrize("text", FIRM)
def test_firm_recommendations(text: str) -> None:
    verdict = classify_sentence(SentenceInput(text))
    assert verdict.is_recommendation and verdict.firm


@pytest.mark.parametrize("text", HEDGED)
def test_hedged_suggestions(text: str) -> None:
    verdict = classify_sentence(SentenceInput(text))
    assert verdict.is_recommendation and not verdict.firm


@pytest.mark.parametrize("text", NOT_RECOMMENDATIONS)
def test_sentences_that_prescribe_nothing(text: str) -> None:
    assert not classify_sentence(SentenceInput(text)).is_recommendation


@pytest.mark.parametrize(
    "text",
    [
        # Issue 14's examples, as Torbay and Trafford print them.
        "The Jack Sears unit is seen as a success story, and had just opened at the time of the Peer "
        "Challenge; it is due to provide 26 reablement beds and may support greater numbers of people "
        "to return to their own home.",
        "The Challenge team did not hear about concerns relating to adult safeguarding practice or "
        "processes, but the limitations of the present Peer Challenge process for assurance should be "
        "noted in this regard, and recent work in this area used as the basis for ongoing assurance.",
        "The DASS is also new, having joined the council in January 2023 and taken up responsibility in "
        "March 2023. and this has provided an opportunity to reflect and review priorities for development.",
    ],
)
def test_issue_14_examples_are_not_recommendations(text: str) -> None:
    assert not classify_sentence(SentenceInput(text)).is_recommendation


def test_the_cue_is_the_prescribing_words() -> None:
    text = "Whilst the panel is valued, the council should review how quickly it makes decisions."
    verdict = classify_sentence(SentenceInput(text))
    assert verdict.cue is not None
    assert text[verdict.cue.start : verdict.cue.end] == "should"


def test_the_council_s_name_reads_as_an_acting_subject_or_a_speaker() -> None:
    agents = ("Trafford", "Trafford Council")
    offer = classify_sentence(SentenceInput("Trafford could offer a simpler front door.", agents=agents))
    assert offer.is_recommendation and not offer.firm
    known = SentenceInput("Trafford knows that practitioners need to feel supported.", agents=agents)
    assert not classify_sentence(known).is_recommendation


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("To undertake a review of discharge pathways, including shadow costings.", True),
        ("Prioritisation across the improvement areas could offer some quick wins.", False),
        ("The peer challenge found real ambition in the service.", True),
    ],
)
def test_summary_list_items_are_always_recommendations(text: str, firm: bool) -> None:
    item = summary_recommendation(text)
    assert item.firm is firm


def test_a_passage_yields_only_its_prescribing_sentences() -> None:
    text = (
        "Carers value the hub highly. The council should publish its respite offer. "
        "Staff told us they need more time. A named contact could help carers in a crisis."
    )
    found = recommendations_in(text)
    assert [(text[r.start : r.end], r.firm) for r in found] == [
        ("The council should publish its respite offer.", True),
        ("A named contact could help carers in a crisis.", False),
    ]


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        (
            "This needs to be addressed by the commissioning team and care providers.",
            ["Commissioning", "Care Providers"],
        ),
        (
            "The Safeguarding Adults Board might also consider how it tracks actions from reviews.",
            ["Safeguarding Adults Board"],
        ),
        ("The DASS should have a formal seat on the ICO Executive.", ["DASS"]),
        (
            "It is important that the Principal Social Worker has time to lead practice development.",
            ["Principal Social Worker"],
        ),
        (
            "There is an opportunity for the Health and Wellbeing Board to lead this work.",
            ["Health and Wellbeing Board"],
        ),
        (
            "We recommend that the Lead Member and the DASS meet monthly to review waiting lists.",
            ["Portfolio Holder", "DASS"],
        ),
        ("Commissioners should set out their intentions for the home care market.", ["Commissioning"]),
        ("The Integrated Care Board and the council need to agree who funds equipment.", ["ICB"]),
        ("Options could be consolidated through the new S75 Executive Group.", ["S75 Executive Group"]),
        # Topics, places, audiences, partners and beneficiaries are not owners.
        ("Care providers' fees should be reviewed before the next budget round.", []),
        ("Leadership within the ICO needs to be more visible.", []),
        ("Plans should be shared with staff and partners, and with the Health and Wellbeing Board.", []),
        ("The council should support providers to recruit and retain staff.", []),
        ("Closer working with public health could reduce demand.", []),
        ("Recruitment to the commissioning team should be a priority.", []),
        ("Embedding the voluntary sector at the front door would support a strengths-based model.", []),
        ("Working with the ICB, the council should agree a joint approach to discharge.", []),
    ],
)
def test_owners_are_the_roles_asked_to_act(text: str, owners: list[str]) -> None:
    verdict = classify_sentence(SentenceInput(text))
    assert verdict.is_recommendation
    assert owners_asked_to_act(text, verdict) == owners
