from collections.abc import Callable

def flag(
    tokens: list[str],
    vocabulary: dict[str, tuple[float, int]],
    pairs: dict[str, tuple[float, int]],
    weights: dict[str, float],
    break_words: frozenset[str],
    break_prefix: str,
    bias: float,
    review_at: float,
    topic_at: float,
    min_grams: int,
    max_clause_words: int,
    window: int,
    step: int,
    pair_tail: int,
    pair_head: int,
    names_the_domain: Callable[[list[str]], bool],
    /,
) -> list[tuple[int, int, float]]: ...
