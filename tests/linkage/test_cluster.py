from svidok.linkage.cluster import cluster, latest_judgements


def test_pairs_above_the_threshold_merge_transitively():
    c = cluster(["a", "b", "c", "d"], [("a", "b", 0.95), ("b", "c", 0.92), ("c", "d", 0.5)], 0.9)
    assert c.clusters == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_a_different_judgement_keeps_a_chain_apart():
    judged = {("a", "c"): "different"}
    c = cluster(["a", "b", "c"], [("a", "b", 0.99), ("b", "c", 0.95)], 0.9, judged)
    assert c.clusters["a"] == c.clusters["b"] != c.clusters["c"]
    assert c.refused_pairs == 1


def test_a_same_judgement_merges_below_the_threshold():
    c = cluster(["a", "b"], [("a", "b", 0.2)], 0.9, {("a", "b"): "same"})
    assert c.clusters["a"] == c.clusters["b"]


def test_conflicting_judgements_are_reported_and_different_wins():
    judged = {("a", "b"): "same", ("b", "c"): "same", ("a", "c"): "different"}
    c = cluster(["a", "b", "c"], [], 0.9, judged)
    assert c.clusters["a"] != c.clusters["c"] and c.conflicts


def test_the_latest_judgement_counts_and_withdrawal_undoes():
    history = [
        ("a", "b", "same", "001"),
        ("b", "a", "different", "002"),
        ("a", "b", "withdrawn", "003"),
        ("c", "d", "same", "001"),
    ]
    assert latest_judgements(history) == {("c", "d"): "same"}


def test_the_result_does_not_depend_on_input_order():
    pairs = [("a", "b", 0.95), ("c", "d", 0.95), ("b", "c", 0.95), ("e", "a", 0.91)]
    first = cluster("abcde", pairs, 0.9).clusters
    second = cluster("edcba", list(reversed(pairs)), 0.9).clusters
    assert first == second


def test_merges_refused_as_contradictory_are_not_counted_as_judgements():
    from svidok.linkage.cluster import Profile

    profiles = {"a": Profile(sex="male"), "b": Profile(sex="female"), "c": Profile(sex="male")}
    pairs = [("a", "b", 0.99), ("a", "c", 0.98), ("b", "c", 0.97)]
    c = cluster(["a", "b", "c"], pairs, 0.9, profiles=profiles)
    assert c.clusters["a"] == c.clusters["c"] != c.clusters["b"]
    assert (c.refused_pairs, c.contradicted_pairs) == (0, 2)
    judged = cluster(["a", "c"], [("a", "c", 0.99)], 0.9, judged={("a", "c"): "different"})
    assert (judged.refused_pairs, judged.contradicted_pairs) == (1, 0)


def test_surnames_of_one_family_with_other_suffixes_are_two_persons():
    """Гуменко and Гуменюк score "spelled alike", but -енко and -юк make two surnames."""
    from svidok.linkage.features import person_row, profile
    from svidok.model import make

    def prof(name):
        return profile(person_row(make("person", {"name": name})))

    assert prof("Гуменко Андрій").merge(prof("Гуменюк Андрій")) is None
    assert prof("Гуменюк Андрій").merge(prof("Andrii Humeniuk")) is not None
    assert prof("Шевченко-Бойчук Оксана").merge(prof("Шевченко Оксана")) is not None
