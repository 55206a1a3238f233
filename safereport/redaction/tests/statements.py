"""Status statements the learned detector marks for review but does not remove, for tests of the review path.

Which vague statement lands in the review band moves whenever the model is trained on more data ("My lawyer says
the appeal hearing is in March" until 3 Dec 2026, "My lawyer is still fighting for me to stay here" until 4 Dec,
"My solicitor is handling everything with them" until 7 Dec: each began to be removed outright, or not marked).
So the tests take the first of these that the model of the day marks, whole, with nothing removed, and fail if none
is: every one is a statement of status that no pattern describes.
"""

from safereport.redaction.engine import redact

CANDIDATES = (
    "My solicitor is handling everything with them",
    "My solicitor is dealing with them about my situation",
    "We are still waiting to hear from them about me staying",
    "My caseworker says my file is still with them",
    "They still have not decided what happens to me",
    "The lawyer sent them more papers for me in March",
    "My lawyer says I should not travel until they answer",
    "My situation with them is not finished yet",
    "My friend says my case could take another year",
    "I am in the middle of things with them",
    "The people in Croydon have my file and we are waiting",
    "I should not really be working here",
)


def marked_only(before: str = "He hit me.", lang: str = "en") -> str:
    """The first candidate that, after `before`, is marked for review as a whole and removes nothing."""
    for statement in CANDIDATES:
        text = f"{before} {statement}."
        result = redact(text, lang)
        if not result.spans and [text[s.start : s.end] for s in result.review] == [statement]:
            return statement
    raise AssertionError("no candidate statement is marked for review, unremoved: add one the model marks")
