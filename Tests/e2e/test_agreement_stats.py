"""Agreement between labelers on the same items, checked against independent implementations:
Fleiss' kappa (statsmodels), Krippendorff's alpha (the `krippendorff` package) and pairwise Cohen's kappa
(statsmodels), on generated data replayed through `sopc replay --format json`, to 1e-9."""
import itertools
import json
import subprocess

import krippendorff
import numpy as np
import pytest
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

TREE = "trees/account-takeover.sop.yaml"
SAMPLES = "trees/samples/account-takeover-review.jsonl"
OUTCOMES = ["fraud_review", "restore_via_self_serve", "no_compromise", "restore_account", "vip_recovery", "request_id_verification"]
LABELERS = ["amy", "bo", "cai", "dana", "eli", "fay"]
META = {"id", "label", "labeler", "ai", "labeled_at", "seconds", "path"}


def generate(root, tmp_path, seed, raters):
    """Items labeled by `raters(rng)` distinct labelers each, with labels that agree more often than chance."""
    rng = np.random.default_rng(seed)
    with open(root / SAMPLES) as f:
        cases = [{k: v for k, v in json.loads(line).items() if k not in META} for line in f]
    rows, labels = [], {}
    for item in range(int(rng.integers(60, 160))):
        truth = int(rng.integers(len(OUTCOMES)))
        who = rng.choice(len(LABELERS), size=raters(rng), replace=False)
        for labeler in who:
            label = truth if rng.random() < 0.6 else int(rng.integers(len(OUTCOMES)))
            labels[(item, int(labeler))] = label
            row = dict(cases[item % len(cases)], id=f"i{item}", label=OUTCOMES[label], labeler=LABELERS[labeler])
            rows.append(row)
    order = rng.permutation(len(rows))
    path = tmp_path / f"agree-{seed}.jsonl"
    path.write_text("".join(json.dumps(rows[i]) + "\n" for i in order))
    return path, labels


def replay(sopc, root, path):
    out = subprocess.run([sopc, "replay", TREE, str(path), "--format", "json"], cwd=root, capture_output=True, text=True, check=True)
    report = json.loads(out.stdout)
    assert report["summary"]["rejected"] == 0
    return report["multi_rater"]


def check_pairs(m, labels):
    pairs = {(p["a"], p["b"]): p for p in m["pairs"]}
    items = {i for i, _ in labels}
    checked = 0
    for a, b in itertools.combinations(range(len(LABELERS)), 2):
        shared = [i for i in items if (i, a) in labels and (i, b) in labels]
        if not shared:
            assert (LABELERS[a], LABELERS[b]) not in pairs
            continue
        table = np.zeros((len(OUTCOMES), len(OUTCOMES)))
        for i in shared:
            table[labels[(i, a)], labels[(i, b)]] += 1
        p = pairs[(LABELERS[a], LABELERS[b])]
        assert p["items"] == len(shared)
        expected = cohens_kappa(table, return_results=False)
        assert p["kappa"] == pytest.approx(expected, abs=1e-9), (LABELERS[a], LABELERS[b])
        checked += 1
    assert checked >= 10


def alpha(labels):
    items = sorted({i for i, _ in labels})
    data = np.full((len(LABELERS), len(items)), np.nan)
    for col, i in enumerate(items):
        for r in range(len(LABELERS)):
            if (i, r) in labels:
                data[r, col] = labels[(i, r)]
    return krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_constant_raters_match_statsmodels_and_krippendorff(sopc, root, tmp_path, seed):
    path, labels = generate(root, tmp_path, seed, lambda rng: 3)
    m = replay(sopc, root, path)
    items = sorted({i for i, _ in labels})
    matrix = np.array([[labels[(i, r)] for r in range(len(LABELERS)) if (i, r) in labels] for i in items])
    table, _ = aggregate_raters(matrix, n_cat=len(OUTCOMES))
    assert m["items"] == len(items) and m["min_labels"] == m["max_labels"] == 3
    assert m["fleiss_kappa"] == pytest.approx(fleiss_kappa(table, method="fleiss"), abs=1e-9)
    assert m["krippendorff_alpha"] == pytest.approx(alpha(labels), abs=1e-9)
    check_pairs(m, labels)


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_varying_raters_match_krippendorff(sopc, root, tmp_path, seed):
    path, labels = generate(root, tmp_path, seed, lambda rng: int(rng.integers(1, 6)))
    m = replay(sopc, root, path)
    assert m["min_labels"] == 2 and m["max_labels"] >= 4
    # Items with a single label carry no pairable value; both implementations leave them out.
    assert m["krippendorff_alpha"] == pytest.approx(alpha(labels), abs=1e-9)
    check_pairs(m, labels)
