"""The questionnaires SafeReport ships, in its own neutral wording (no organisation's checklist text).

They follow the structure of the usual UK risk checklists: yes / no / not known items, a score that
counts the yeses, thresholds for medium and high risk, and trigger items that make a case high risk
whatever the score. An organisation that holds a licence for another set loads it with
`safereport load_risk_questionnaire`. The texts are marked for translation (gettext_noop) and shown
through gettext, so a translated interface shows them translated; the stored definition stays English.
A built-in set is never changed in place: a change is a new version, so old assessments still read
the questions they answered.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

from .questionnaire import GENERIC, Definition, parse

VERSION = "safereport-2026.1"
SOURCE = N_(
    "SafeReport's own wording, written for this software; not any organisation's checklist. An organisation "
    "holding a licence for another set can load it instead."
)
# Wherever a multi-agency meeting or a referral is the next step, the victim agrees first: SafeReport never
# shares without consent, whatever the band.


def _q(qid: str, text: str, trigger: bool = False, help: str = "") -> dict:
    return {"id": qid, "text": text, "trigger": trigger, **({"help": help} if help else {})}


DOMESTIC_ABUSE = {
    "format": 1,
    "crime_type": "domestic_abuse",
    "version": VERSION,
    "title": N_("Domestic abuse: risk questions"),
    "source": SOURCE,
    "questions": [
        # The latest incident and how the victim is now.
        _q("injury", N_("Was the victim hurt in the latest incident (any injury, seen or not)?")),
        _q("afraid", N_("Does the victim say they are very afraid of what could happen next?")),
        _q("isolated", N_("Is the victim cut off from family, friends or other support, or kept from seeing them?")),
        _q("low_mood", N_("Is the victim feeling hopeless, or thinking about harming themselves?")),
        _q("pregnancy", N_("Is the victim pregnant, or have they had a baby in the last 18 months?")),
        _q("money", N_("Does the victim depend on the person harming them for money or a home?")),
        # What the person harming them does.
        _q(
            "strangulation",
            N_("Has the person harming them ever squeezed the victim's neck, choked, smothered or held them under water?"),
            trigger=True,
        ),
        _q(
            "threats_to_kill",
            N_(
                "Has the person harming them threatened to kill the victim, a child or anyone else, in a way the victim believed?"
            ),
            trigger=True,
        ),
        _q(
            "stalking",
            N_(
                "Does the person harming them follow, watch, track or keep contacting the victim when the victim does not want it?"
            ),
            trigger=True,
        ),
        _q(
            "honour",
            N_(
                "Is the victim threatened or pressured by family or community members over what they call honour "
                "(for example about a relationship, a marriage or leaving)?"
            ),
            trigger=True,
        ),
        _q("weapon", N_("Has the person harming them used or threatened to use a weapon or an object to hurt the victim?")),
        _q(
            "control",
            N_(
                "Does the person harming them control the victim's daily life (money, phone, where they go, who they "
                "see), or act with extreme jealousy?"
            ),
        ),
        _q("sexual", N_("Has the person harming them forced or pressured the victim into any sexual act?")),
        _q("others_threaten", N_("Is anyone else (for example the other person's relatives) also threatening the victim?")),
        _q("animals", N_("Has the person harming them hurt or threatened a pet or another animal?")),
        _q("own_suicide", N_("Has the person harming them threatened or tried to take their own life?")),
        _q(
            "substances",
            N_(
                "In the last year, has the other person's use of alcohol or drugs, or their mental health, made them more dangerous?"
            ),
        ),
        # How it has gone, and what is known of them.
        _q("more_often", N_("Is the abuse happening more often than before?")),
        _q("worse", N_("Is the abuse getting more serious?")),
        _q("separation", N_("Has the victim recently left or tried to leave, or are they planning to?")),
        _q("children_dispute", N_("Is there conflict over the children (where they live, or how they see each parent)?")),
        _q(
            "hurt_others", N_("Is the person harming them known to have hurt anyone else (children, relatives, former partners)?")
        ),
        _q(
            "broke_orders",
            N_(
                "Has the person harming them broken a court order, bail conditions or another agreement meant to protect someone?"
            ),
        ),
        _q("police_history", N_("Does the victim know of the person harming them being in trouble with the police before?")),
    ],
    "thresholds": {"medium": 10, "high": 14},
    "next_steps": {
        "standard": N_(
            "Make a safety plan with the victim, tell them how to get help at any time (999, or 55 on a mobile when "
            "they cannot speak), and assess again whenever something changes."
        ),
        "medium": N_(
            "Make a safety plan, offer continuing support from a specialist domestic abuse advocate, and assess again "
            "soon. Use your judgement about a multi-agency referral."
        ),
        "high": N_(
            "With the victim's agreement, refer the case to the local multi-agency risk assessment conference (where "
            "police, health, housing, children's services and specialist advocates plan together for the victim's "
            "safety), offer a specialist domestic abuse advocate, and make an immediate safety plan."
        ),
    },
}

SEXUAL_VIOLENCE = {
    "format": 1,
    "crime_type": "sexual_violence",
    "version": VERSION,
    "title": N_("Sexual violence: risk questions"),
    "source": SOURCE,
    "questions": [
        _q("access", N_("Does the person who assaulted the victim live with, work with or otherwise still reach them?")),
        _q("repeated", N_("Has it happened more than once, or is it still happening?")),
        _q("strangulation", N_("Was the victim's neck squeezed, or were they choked or smothered?"), trigger=True),
        _q("threats_to_kill", N_("Has anyone threatened to kill the victim or someone close to them?"), trigger=True),
        _q("silencing", N_("Has the victim been threatened in case they tell anyone or report it?")),
        _q("weapon", N_("Was a weapon used or threatened?")),
        _q("several", N_("Was more than one person involved?")),
        _q("images", N_("Have images or videos of the victim been shared, or has anyone threatened to share them?")),
        _q(
            "health",
            N_("Does the victim have injuries or health needs that may need care soon (including emergency contraception)?"),
        ),
        _q("no_safe_place", N_("Is the victim without a safe place to stay or anyone to support them?")),
        _q("self_harm", N_("Is the victim thinking about harming themselves?")),
    ],
    "thresholds": {"medium": 3, "high": 6},
    "next_steps": {
        "standard": N_(
            "Give information on support and health services and on getting help at any time; review at the next contact."
        ),
        "medium": N_(
            "Offer a specialist sexual violence advocate and health services, make a safety plan, and assess again "
            "when something changes."
        ),
        "high": N_(
            "Make an immediate safety plan. With the victim's agreement, arrange urgent care at a sexual assault "
            "referral centre and a specialist sexual violence advocate; if the person is a partner or relative, "
            "consider the multi-agency risk assessment conference."
        ),
    },
}

EXPLOITATION = {
    "format": 1,
    "crime_type": "trafficking",
    "version": VERSION,
    "title": N_("Trafficking, forced labour or exploitation: risk questions"),
    "source": SOURCE,
    "questions": [
        _q(
            "not_free",
            N_("Is the victim stopped from leaving where they live or work, or watched when they go out?"),
            trigger=True,
        ),
        _q("violence", N_("Have the people controlling the victim hurt them or threatened to?"), trigger=True),
        _q("threats_to_family", N_("Have threats been made against the victim's family or people close to them?"), trigger=True),
        _q("documents", N_("Does someone else keep the victim's identity documents, bank cards or wages?")),
        _q("debt", N_("Is a debt to the people controlling the victim used to keep them working?")),
        _q("housed", N_("Is the victim housed by the same people who control their work?")),
        _q("hours", N_("Does the victim work very long hours for little or no pay?")),
        _q("moved", N_("Do others move the victim between places of work or housing?")),
        _q("forced_acts", N_("Is the victim made to commit crimes or to provide sex?")),
        _q("cut_off", N_("Is the victim kept from contact with people outside their work or housing?")),
        _q("again", N_("Has the victim been in a situation like this before, or been approached again since leaving?")),
    ],
    "thresholds": {"medium": 3, "high": 5},
    "next_steps": {
        "standard": N_(
            "Explain the victim's rights at work and where to get help; agree how to stay in touch safely; review at the next contact."
        ),
        "medium": N_(
            "Make a safety plan, offer specialist support for exploitation, and arrange independent legal advice from a "
            "regulated adviser before any referral that would reach a government body."
        ),
        "high": N_(
            "Make an immediate safety plan, including a safe place to stay away from the people controlling the victim. "
            "With the victim's agreement, refer to specialist anti-trafficking support; before any referral that would "
            "reach a government body, make sure the victim has had independent advice from a regulated immigration adviser."
        ),
    },
}

HATE_CRIME = {
    "format": 1,
    "crime_type": "hate_crime",
    "version": VERSION,
    "title": N_("Hate crime: risk questions"),
    "source": SOURCE,
    "questions": [
        _q("threats_to_kill", N_("Has anyone threatened to kill the victim or someone close to them?"), trigger=True),
        _q("home_attacked", N_("Has the victim's home been attacked, or have they been threatened at home?"), trigger=True),
        _q("repeated", N_("Has the victim been targeted more than once, by the same people or others?")),
        _q("nearby", N_("Do the people responsible live nearby, or know where the victim lives, works or studies?")),
        _q("violence", N_("Was the victim hurt, or was violence threatened?")),
        _q("weapon", N_("Was a weapon used or threatened?")),
        _q("escalating", N_("Are the incidents becoming more frequent or more serious?")),
        _q("online", N_("Is the victim also abused or threatened online?")),
        _q("children", N_("Are children in the household also targeted or affected?")),
        _q("withdrawn", N_("Does the victim feel unable to go out, or have no one to support them?")),
    ],
    "thresholds": {"medium": 3, "high": 5},
    "next_steps": {
        "standard": N_(
            "Give information on support and on reporting; keep a record of each incident; review if it happens again."
        ),
        "medium": N_(
            "Offer continuing support and a plan for further incidents; with the victim's agreement, raise it with the "
            "landlord or housing provider when it happens at or near home."
        ),
        "high": N_(
            "Make an immediate safety plan, including the security of the home. With the victim's agreement, bring the "
            "case to the local multi-agency meeting for serious or repeated hate incidents."
        ),
    },
}

GENERIC_SET = {
    "format": 1,
    "crime_type": GENERIC,
    "version": VERSION,
    "title": N_("Any crime: risk questions"),
    "source": SOURCE,
    "questions": [
        _q("threats_to_kill", N_("Has anyone threatened to kill the victim or someone close to them?"), trigger=True),
        _q("injury", N_("Was the victim hurt?")),
        _q("weapon", N_("Was a weapon used or threatened?")),
        _q("contact", N_("Can the person responsible still reach the victim?")),
        _q("threats", N_("Has the victim been threatened since, or told not to report it?")),
        _q("escalating", N_("Has it happened before, or is it getting worse?")),
        _q("afraid", N_("Is the victim very afraid of what could happen next?")),
        _q("children", N_("Are children at risk as well?")),
        _q("no_safe_place", N_("Is the victim without a safe place to stay?")),
        _q("self_harm", N_("Is the victim thinking about harming themselves?")),
    ],
    "thresholds": {"medium": 3, "high": 5},
    "next_steps": {
        "standard": N_("Give information on support and on getting help at any time; review at the next contact."),
        "medium": N_("Make a safety plan with the victim, offer continuing support, and assess again when something changes."),
        "high": N_(
            "Make an immediate safety plan and, with the victim's agreement, refer to the specialist service or "
            "multi-agency meeting that fits the crime."
        ),
    },
}

BUILT_IN: dict[str, Definition] = {
    definition.crime_type: definition
    for definition in map(parse, (DOMESTIC_ABUSE, SEXUAL_VIOLENCE, EXPLOITATION, HATE_CRIME, GENERIC_SET))
}
