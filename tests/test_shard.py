"""`--shard INDEX/COUNT`: a deterministic split in which every scenario runs in exactly one shard."""

from __future__ import annotations

import textwrap
from collections import Counter

import pytest

from tagprobe.shard import Shard, ShardError

pytest_plugins = ["pytester"]


@pytest.mark.parametrize(
    ("text", "expected"), [("1/1", Shard(1, 1)), ("2/4", Shard(2, 4)), (" 3 / 3 ", Shard(3, 3))]
)
def test_a_shard_is_written_index_slash_count(text: str, expected: Shard) -> None:
    assert Shard.parse(text) == expected
    assert str(expected) == f"{expected.index}/{expected.count}"


@pytest.mark.parametrize("text", ["0/2", "3/2", "1/0", "2", "a/b", "-1/2", "1/2/3", ""])
def test_a_shard_outside_one_to_count_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(ShardError) as raised:
        Shard.parse(text)
    assert "2/4" in str(raised.value) or "numbered 1/" in str(raised.value)


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("size", [0, 1, 2, 7, 20])
def test_every_item_lands_in_exactly_one_shard_and_shards_are_balanced(count: int, size: int) -> None:
    items = [f"file{n // 3}.scenario.yaml::scenario {n}" for n in range(size)]
    shards = [Shard(index, count).split(items)[0] for index in range(1, count + 1)]
    assert Counter(item for shard in shards for item in shard) == Counter(items)
    assert max(map(len, shards)) - min(map(len, shards)) <= 1
    for shard in shards:
        assert shard == [item for item in items if item in shard], "a shard keeps the collection order"


def test_the_split_is_the_same_every_time_and_returns_what_it_left_out() -> None:
    items = list(range(10))
    kept, others = Shard(2, 3).split(items)
    assert kept == [1, 4, 7]
    assert sorted(kept + others) == items
    assert Shard(2, 3).split(items) == (kept, others)


SUITE = {
    "browse.scenario.yaml": ["Home", "Product", "Cart"],
    "checkout.scenario.yaml": ["Pay by card", "Pay later"],
    "login.scenario.yaml": ["Sign in", "Sign out"],
}


def write_suite(pytester: pytest.Pytester) -> None:
    for file, names in SUITE.items():
        text = "\n---\n".join(f"name: {name}\nsteps: []\n" for name in names)
        (pytester.path / file).write_text(textwrap.dedent(text), encoding="utf-8")


def collected(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if "::" in line]


def test_the_shards_of_a_collected_suite_partition_it(pytester: pytest.Pytester) -> None:
    write_suite(pytester)
    everything = collected(pytester.runpytest_subprocess("--collect-only", "-q"))
    assert len(everything) == 7
    shards = [
        collected(pytester.runpytest_subprocess("--collect-only", "-q", f"--shard={index}/3"))
        for index in (1, 2, 3)
    ]
    assert sorted(item for shard in shards for item in shard) == sorted(everything)
    assert [len(shard) for shard in shards] == [3, 2, 2]


def test_shards_split_what_k_and_m_left(pytester: pytest.Pytester) -> None:
    write_suite(pytester)
    first = collected(
        pytester.runpytest_subprocess("--collect-only", "-q", "-k", "Pay or Sign", "--shard", "1/2")
    )
    second = collected(
        pytester.runpytest_subprocess("--collect-only", "-q", "-k", "Pay or Sign", "--shard", "2/2")
    )
    assert sorted(first + second) == sorted(
        f"{file}::{name}"
        for file, names in SUITE.items()
        for name in names
        if "Pay" in name or "Sign" in name
    )
    assert len(first) == len(second) == 2


def test_a_bad_shard_is_a_usage_error_before_anything_runs(pytester: pytest.Pytester) -> None:
    write_suite(pytester)
    result = pytester.runpytest_subprocess("--shard", "4/3")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--shard '4/3': INDEX must be between 1 and COUNT" in "\n".join(result.errlines)
